// The form's choices: provinces, regions and years, then what the chosen notice offers (groups,
// tiers, situations and the fields each situation needs), and the household's cards (household.js)
// that follow the same notice. Only the latest choice may fill the form (choiceTurn). Reading a
// question from the form and writing one into it is question.js.

import { todayISO, yearBanner } from "../collecting.js";
import { markStale } from "./answer-box.js";
import { current, currentFile, currentNotice, defaultYear, fullName, noticeFiles, provinceIndex, provinceOf, regionIndex,
  regionRow, regionWindows, regionYears } from "./data.js";
import { el } from "./format.js";
import { createHousehold } from "./household.js";
import { $, FORM, fields, form, root } from "./page.js";
import { showStatic } from "./static-table.js";

// The household's cards (household.js), with what they share with the one-person form.
export const household = createHousehold({ el, FORM, currentNotice, onChange: markStale });

export function fillProvinces() {
  fields.province.replaceChildren(el("option", { value: "", text: "请选择省份" }),
    ...FORM.provinces.map((p) => el("option", { value: p.code, text: p.name })));
}

// The county-level regions (and cities with notices of their own) of the chosen province,
// grouped by city; a region the library has no notice for says so.
export function fillRegions(province) {
  fields.region.replaceChildren(el("option", { value: "", text: province ? "请选择县（市、区）" : "先选省份" }));
  fields.region.disabled = !province;
  if (!province) return;
  const indexed = new Set(province.indexed);
  const kids = new Map();
  for (const r of province.regions) {
    if (!kids.has(r.parent)) kids.set(r.parent, []);
    kids.get(r.parent).push(r);
  }
  const option = (r, suffix) => el("option", { value: r.code, text: `${r.name}${suffix || ""}${indexed.has(r.code) ? "" : "（暂未收录）"}` });
  const direct = el("optgroup", { label: "直属县级区划" });
  for (const r of kids.get(province.code) || []) {
    if (r.level === "county") direct.append(option(r));
    else if (!kids.has(r.code)) fields.region.append(option(r)); // a city without counties (东莞市)
  }
  if (direct.children.length) fields.region.append(direct);
  for (const city of kids.get(province.code) || []) {
    if (city.level !== "city" || !kids.has(city.code)) continue;
    const group = el("optgroup", { label: city.name });
    if (indexed.has(city.code)) group.append(option(city, "（全市）"));
    for (const r of kids.get(city.code)) group.append(option(r));
    fields.region.append(group);
  }
}

function fillYears(wanted, day) {
  const years = regionYears(fields.region.value);
  fields.year.replaceChildren(...(years.length ? [] : [el("option", { value: "", text: fields.region.value ? "本站尚未收录" : "先选地区" })]));
  for (const [year] of years) fields.year.append(el("option", { value: String(year), text: `${year}年度` }));
  if (wanted && years.some(([year]) => String(year) === String(wanted))) fields.year.value = String(wanted);
  else if (years.length) fields.year.value = String(defaultYear(fields.region.value, day || todayISO()));
  fields.year.disabled = years.length === 0;
}

// Whether the chosen year is the one being collected today (the reader's clock), in words.
function showYearBanner() {
  const box = $("calc-year-banner");
  const code = fields.region.value;
  const years = regionYears(code);
  const banner = years.length && fields.year.value ? yearBanner({
    windows: regionWindows(code),
    years: years.map(([year]) => year),
    shown: Number(fields.year.value),
    name: fullName(code),
    calculator: true,
  }) : null;
  box.hidden = !banner;
  box.dataset.collecting = banner ? String(banner.collecting) : "";
  box.textContent = banner ? banner.text : "";
}

// A province or region chosen loads its data, and a reader (or a keyboard's arrow keys running
// down a list) can choose again before it arrives. Only the latest choice may fill the form: an
// older one arriving late would put back a region the reader has left, and the answer would be
// for that region while looking like an answer for theirs.
let choiceTurn = 0;

// false when a newer choice was made while this one loaded (the form is left to that one)
async function chooseProvince(code, turn = ++choiceTurn) {
  fields.province.value = FORM.provinces.some((p) => p.code === code) ? code : "";
  let index = null;
  try {
    index = fields.province.value ? await provinceIndex(code) : null;
  } catch (e) {
    index = null; // offline without it: the region of a link still shows (chooseRegion)
  }
  if (turn !== choiceTurn) return false;
  current.province = index;
  fillRegions(current.province);
  return true;
}

// Region, year and the notice's own choices, for a region chosen in the form or by a link.
// #calc[data-loading] is there until the form shows the region's choices.
export async function chooseRegion(code, wanted, day, keep) {
  const turn = ++choiceTurn;
  root.dataset.loading = "region";
  try {
    const province = provinceOf(code);
    if (province && (!current.province || current.province.code !== province.code)) {
      if (!(await chooseProvince(province.code, turn))) return;
    }
    const index = await regionIndex(code).catch(() => null);
    if (turn !== choiceTurn) return;
    if (index) {
      current.regions.set(code, index);
      const files = await noticeFiles(index);
      for (const f of files) current.files.set(f.notice.id, f);
      if (turn !== choiceTurn) return;
      if (![...fields.region.options].some((o) => o.value === code)) {
        fields.region.append(el("option", { value: code, text: fullName(code) }));
        fields.region.disabled = false;
      }
    }
    fields.region.value = regionRow(code) ? code : "";
    fillYears(wanted, day);
    fillNotice(keep);
  } finally {
    if (turn === choiceTurn) delete root.dataset.loading;
  }
}

export function checkedCategories() {
  return [...form.querySelectorAll('input[name="category"]:checked')].map((i) => i.value);
}

export function fillNotice(keep) {
  const notice = currentNotice();
  const info = $("f-notice");
  info.textContent = notice ? `依据：${notice.document}（${notice.name}）` : "";
  root.dataset.notice = notice ? notice.id : "";
  showStatic(currentFile());
  showYearBanner();

  // groups
  const box = $("f-groups-list");
  const previous = keep && keep.category ? keep.category : checkedCategories();
  box.replaceChildren();
  if (notice) {
    for (const g of notice.groups) {
      const id = `f-cat-${g.id}`;
      const input = el("input", { type: "checkbox", name: "category", value: g.id, id });
      input.checked = previous.includes(g.id);
      const wording = g.open ? el("small", { class: "calc-choice-open", text: `资助金额不明：${g.open}` })
        : g.wording !== g.name ? el("small", { text: `原文：${g.wording}` }) : null;
      box.append(el("label", { class: "calc-choice", for: id }, input, el("span", {}, el("span", { class: "calc-choice-name", text: g.name }), wording)));
    }
    if (!checkedCategories().length) {
      const ordinary = box.querySelector('input[value="ordinary"]');
      if (ordinary) ordinary.checked = true;
    }
  }
  $("f-groups").hidden = !notice;

  // tiers
  const tierBox = $("f-tiers-list");
  const prevTier = keep && keep.tier !== undefined ? keep.tier : (form.querySelector('input[name="tier"]:checked') || {}).value;
  tierBox.replaceChildren();
  const tiers = notice ? notice.tiers : [];
  for (const t of tiers) {
    const id = `f-tier-${t.id}`;
    const input = el("input", { type: "radio", name: "tier", value: t.id, id });
    input.checked = prevTier ? prevTier === t.id : t.id === notice.default_tier;
    tierBox.append(el("label", { class: "calc-choice", for: id }, input,
      el("span", {}, el("span", { class: "calc-choice-name", text: t.name }), t.amount != null ? el("small", { text: `个人缴费标准 ${t.amount} 元/年` }) : null)));
  }
  $("f-tiers").hidden = tiers.length === 0;

  // populations (a notice that sets the standard by who the resident is): none is preselected
  const popBox = $("f-populations-list");
  const prevPop = keep && keep.population !== undefined ? keep.population : (form.querySelector('input[name="population"]:checked') || {}).value;
  popBox.replaceChildren();
  const pops = (notice && notice.populations) || [];
  for (const p of pops) {
    const id = `f-population-${p.id}`;
    const input = el("input", { type: "radio", name: "population", value: p.id, id });
    input.checked = prevPop === p.id;
    popBox.append(el("label", { class: "calc-choice", for: id }, input,
      el("span", {}, el("span", { class: "calc-choice-name", text: p.name }),
        el("small", { text: `个人缴费标准 ${p.amount} 元/年${p.who ? `；${p.who}` : ""}` }))));
  }
  $("f-populations").hidden = pops.length === 0;

  // situations
  const prevSituation = keep && keep.situation !== undefined ? keep.situation : fields.situation.value;
  fields.situation.replaceChildren();
  for (const s of notice ? notice.situations : [{ id: "renewal", name: FORM.situations.renewal }]) {
    fields.situation.append(el("option", { value: s.id, text: s.name }));
  }
  if ([...fields.situation.options].some((o) => o.value === prevSituation)) fields.situation.value = prevSituation;
  showSituationFields();
  household.refresh();
}

export function showSituationFields() {
  const notice = currentNotice();
  const s = fields.situation.value;
  const show = (name, on) => {
    const box = form.querySelector(`[data-for="${name}"]`);
    box.hidden = !on;
  };
  show("born", s === "newborn");
  show("parent", s === "newborn" && !!(notice && notice.parent_insured));
  show("since", s === "employee_lapse" || s === "welfare_child");
  $("f-since-label").textContent = s === "welfare_child" ? "进入儿童福利机构的日期" : "职工医保停保（断保）的日期";
  show("lapse", !!(notice && notice.lapse));
  show("repaid", !!(notice && notice.repaid));
}

// The province chosen in the form: its regions (the year and the notice's choices are emptied).
export async function provinceChanged() {
  const turn = ++choiceTurn;
  root.dataset.loading = "province";
  try {
    if (!(await chooseProvince(fields.province.value, turn))) return;
    fillYears();
    fillNotice();
  } finally {
    if (turn === choiceTurn) delete root.dataset.loading;
  }
  markStale();
}
