// The calculator page: the form, the URL fragment, the answer. Python runs in worker.js.
//
// Contract (domain.md): calculator/#region=…&year=…&category=…&on=… (the command line's names,
// `category` repeatable) fills the form and computes at once; the answer's JSON, exactly what
// `python -m calculator quote … --json` prints, is written to data-json on #quote. A fragment with
// `member` (once per person: #region=…&on=…&member=category:tekun&member=situation:newborn;born:…)
// is a household: its JSON, what `python -m calculator household … --json` prints, goes to
// data-json on #household (the members' cards and table: household.js).
//
// Nothing here builds HTML from strings: every text, including anything that came from the URL,
// goes into the page through textContent / createTextNode, so it can only ever show as text.

import { boot } from "./boot.js"; // the build names it by its hash: the same module the <head> loaded
import { collectingYear, todayISO, yearBanner } from "../collecting.js";
import { createHousehold } from "./household.js";
const STAGES = ["download", "start", "install", "data"];
const STALL_MS = 60000; // no word from the worker for this long while loading: give up

const root = document.getElementById("calc");
const config = JSON.parse(document.getElementById("calc-config").textContent);
const FORM = config.form;
// The command line's `quote` options, {name: {flag, repeatable}} (calculator.cli.quote_options):
// a fragment uses these names, or the same with "_" for "-".
const OPTIONS = Object.fromEntries(FORM.options.map((o) => [o.name, o]));
// The command line's `household` options (region, year, on, member): a household's fragment.
const HOUSEHOLD_OPTIONS = Object.fromEntries(FORM.household.options.map((o) => [o.name, o]));
const FLAG_VALUES = { 1: true, true: true, yes: true, on: true, 0: false, false: false, no: false, off: false };
const ASSETS = new URL("../", import.meta.url).href;
const $ = (id) => document.getElementById(id);

const form = $("calc-form");
const quoteBox = $("quote");
const householdBox = $("household");
const statusBox = $("calc-status");
const statusText = $("calc-status-text");
const progressBar = $("calc-progress");

const state = {
  worker: null,
  ready: false,
  failed: false,
  nextId: 1,
  pending: null, // id of the quote we are waiting for
  kind: "quote", // what was asked last: "quote" (one person, #quote) or "household" (#household)
  lastParams: null,
  stallTimer: null,
  bootStarted: performance.now(),
};

// ---------------------------------------------------------------------------- small helpers
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const WEEKDAYS = "日一二三四五六";
function cnDate(iso, withWeekday) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
  if (!m) return iso;
  const text = `${+m[1]}年${+m[2]}月${+m[3]}日`;
  if (!withWeekday) return text;
  const day = new Date(+m[1], +m[2] - 1, +m[3]).getDay();
  return `${text}（星期${WEEKDAYS[day]}）`;
}

function yuan(n) {
  return `${n}\u00a0元`; // a no-break space: the number and its unit stay on one line
}

function megabytes(bytes) {
  return (bytes / 1048576).toFixed(1);
}

// ---------------------------------------------------------------------------- fragment
function canonical(name, options = OPTIONS) {
  const key = String(name).replace(/_/g, "-");
  return Object.prototype.hasOwnProperty.call(options, key) ? key : null;
}

// The fragment as {params, problems}: params under the command line's names; problems name, in
// plain words, every part the page cannot read. A question with problems is not answered — a
// dropped part would answer a different question, and that answer would look right.
// With `member` in it, the fragment is a household's (household: true), read under the household's
// names; each member string is passed on as it is, for the calculator to judge (an empty one too).
function readFragment() {
  const sp = new URLSearchParams(location.hash.replace(/^#/, ""));
  const household = [...sp.keys()].some((raw) => canonical(raw, HOUSEHOLD_OPTIONS) === "member");
  const options = household ? HOUSEHOLD_OPTIONS : OPTIONS;
  const params = {};
  const problems = [];
  const given = new Map();
  for (const [raw, value] of sp) {
    const key = canonical(raw, options);
    if (!key && household && canonical(raw)) problems.push(`“${raw}”不能和 member 一起用：全家计算时，每位成员的情况写在各自的 member 里`);
    else if (!key) problems.push(`不认识“${raw}”这一项`);
    else if (key !== "member" && value.trim() === "") problems.push(`“${raw}”没有填写值`);
    else given.set(key, [...(given.get(key) || []), value]);
  }
  for (const [key, values] of given) {
    const spec = options[key];
    if (spec.repeatable) {
      params[key] = values;
    } else if (new Set(values).size > 1) {
      problems.push(`“${key}”出现了多次，值不同（${values.join("、")}）`);
    } else if (spec.flag) {
      const flag = FLAG_VALUES[values[0].trim().toLowerCase()];
      if (flag === undefined) problems.push(`“${key}”的值“${values[0]}”看不懂（应为 1 表示“是”，或 0 表示“否”）`);
      else if (flag) params[key] = "1";
    } else {
      params[key] = values[0];
    }
  }
  return { params, problems, household };
}

// The link for a question: the command line's names, in its order.
function fragmentFor(params, options = OPTIONS) {
  const sp = new URLSearchParams();
  for (const key of Object.keys(options)) {
    const value = params[key];
    if (value === undefined || value === null || value === "") continue;
    if (Array.isArray(value)) value.forEach((v) => sp.append(key, v));
    else sp.append(key, value);
  }
  return sp.toString();
}

// ---------------------------------------------------------------------------- form
const fields = {
  province: $("f-province"),
  region: $("f-region"),
  year: $("f-year"),
  on: $("f-on"),
  situation: $("f-situation"),
  born: $("f-born"),
  since: $("f-since"),
  parent: $("f-parent"),
  lapse: $("f-lapse"),
  repaid: $("f-repaid"),
};

// ---------------------------------------------------------------------------- policy data
// Loaded as needed (sitebuild/calc_data.py): a province's list of regions for the picker; a
// region's index (the region and its parents, the notices that answer for it, their windows);
// the files of those notices (named by their content's hash).
const loaded = new Map(); // absolute URL -> Promise of parsed JSON

// Once Python is ready, the service worker is asked to keep everything the calculator loaded
// (sw.js "warm": the runtime, the page's files and the data the page used), so the same question
// can be answered offline later, whatever the HTTP cache keeps. Not before: the worker's own
// downloads are still on their way, and the service worker would start them a second time. It
// answers how many files it could not keep; none → #calc[data-offline="kept"].
let keepTimer = null;
function keepForOffline() {
  // offline, asking would only send requests that cannot succeed
  if (!("serviceWorker" in navigator) || !window.isSecureContext || !state.ready || !navigator.onLine) return;
  clearTimeout(keepTimer);
  keepTimer = setTimeout(() => {
    if (!navigator.onLine) return;
    navigator.serviceWorker.ready.then((registration) => {
      if (!registration.active) return;
      const channel = new MessageChannel();
      channel.port1.onmessage = (event) => {
        if (event.data && event.data.missing === 0) root.dataset.offline = "kept";
      };
      registration.active.postMessage({ type: "warm", urls: [...loaded.keys()] }, [channel.port2]);
    }).catch(() => {});
  }, 500);
}

function fetchJSON(href) {
  if (!loaded.has(href)) {
    const p = fetch(href).then((r) => {
      if (!r.ok) throw Object.assign(new Error(`HTTP ${r.status}`), { status: r.status });
      keepForOffline();
      return r.json();
    });
    p.catch(() => loaded.delete(href)); // a later try may succeed
    loaded.set(href, p);
  }
  return loaded.get(href);
}

const isCode = (code) => /^\d{6}$/.test(code || "");

function provinceOf(code) {
  const prefix = isCode(code) ? code.slice(0, 2) + "0000" : null;
  return FORM.provinces.find((p) => p.code === prefix) || null;
}

function provinceIndex(code) {
  const province = provinceOf(code);
  return province ? fetchJSON(new URL(province.url, ASSETS).href) : Promise.resolve(null);
}

// The region's index, or null where the library has no notice for it (no such file).
function regionIndexURL(code) {
  return new URL(`data/r/${code}.json`, ASSETS).href;
}

async function regionIndex(code) {
  if (!isCode(code)) return null;
  // The province's list says which regions have an index: none is asked for that does not exist.
  const province = await provinceIndex(code).catch(() => null);
  if (province && !province.indexed.includes(code)) return null;
  try {
    return await fetchJSON(regionIndexURL(code));
  } catch (e) {
    if (e.status === 404) return null;
    throw e;
  }
}

function noticeFiles(index) {
  const base = regionIndexURL(index.code);
  // every notice an answer reads: each year's own and the higher ones covering the region (issue 23)
  return Promise.all(Object.values(index.files).map((file) => fetchJSON(new URL(file, base).href)));
}

// What the form knows: the chosen province's list, and each region's index and notice files.
const current = { province: null, regions: new Map(), files: new Map() };

// The data one answer is computed from, as JSON text: the region and its parents, and every
// notice that answers for it (calculator.browser.answer reads it as the command line reads
// policy_data/). Kept per region, so a recalculation sends the same text.
const questionData = new Map();
async function dataFor(region) {
  if (questionData.has(region)) return questionData.get(region);
  const index = await regionIndex(region);
  let regions = [];
  const notices = {};
  if (index) {
    regions = index.regions;
    for (const f of await noticeFiles(index)) {
      notices[f.notice.id] = f.notice;
      current.files.set(f.notice.id, f); // ids are unique across the site
    }
  } else {
    // no notice answers here: the region and its parents, for the calculator to say so by name
    const province = await provinceIndex(region);
    const rows = province ? province.regions : [];
    for (let row = rows.find((r) => r.code === region); row; row = rows.find((r) => r.code === row.parent)) regions.unshift(row);
  }
  const text = JSON.stringify({ regions, notices });
  questionData.set(region, text);
  return text;
}

function regionRow(code) {
  const index = current.regions.get(code);
  if (index) return index.regions.find((r) => r.code === code) || null;
  const rows = current.province ? current.province.regions : [];
  return rows.find((r) => r.code === code) || null;
}

function regionYears(code) {
  const index = current.regions.get(code);
  return index ? index.covering : [];
}

function fullName(code) {
  const index = current.regions.get(code);
  return index ? index.regions.map((r) => r.name).join("") : (regionRow(code) || {}).name || code;
}

function currentFile() {
  const entry = regionYears(fields.region.value).find(([year]) => String(year) === fields.year.value);
  return entry ? current.files.get(entry[1]) || null : null;
}

// The form's choices for the chosen region and year (from the notice's data file), or null
// while it loads or when none applies.
// A province's or city's notice offers, for a county under it, every group of the shared
// vocabulary (groups_below: the help the notice does not state is open there, not an error).
function currentNotice() {
  const file = currentFile();
  if (!file) return null;
  const f = file.form;
  return f.groups_below && fields.region.value !== file.notice.region ? { ...f, groups: f.groups_below } : f;
}

function fillProvinces() {
  fields.province.replaceChildren(el("option", { value: "", text: "请选择省份" }),
    ...FORM.provinces.map((p) => el("option", { value: p.code, text: p.name })));
}

// The county-level regions (and cities with notices of their own) of the chosen province,
// grouped by city; a region the library has no notice for says so.
function fillRegions(province) {
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

function regionWindows(code) {
  const index = current.regions.get(code);
  return index ? index.covering.map(([year, id]) => [year, ...index.windows[id]]) : [];
}

// The year a form shows when the question names none: the one being collected on `day` when the
// library has it, else the newest it has (the same choice the calculator makes without --year).
function defaultYear(code, day) {
  const years = regionYears(code);
  const collecting = collectingYear(regionWindows(code), day);
  return years.some(([year]) => year === collecting) ? collecting : years[0][0];
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
async function chooseRegion(code, wanted, day, keep) {
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

function checkedCategories() {
  return [...form.querySelectorAll('input[name="category"]:checked')].map((i) => i.value);
}

function fillNotice(keep) {
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

function showSituationFields() {
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

// Ticks the groups, tier and situation of `keep` in the form the chosen notice already has.
function applyChoices(keep) {
  const notice = currentNotice();
  for (const input of form.querySelectorAll('input[name="category"]')) input.checked = keep.category.includes(input.value);
  if (!checkedCategories().length) {
    const ordinary = form.querySelector('input[name="category"][value="ordinary"]');
    if (ordinary) ordinary.checked = true;
  }
  for (const input of form.querySelectorAll('input[name="tier"]')) {
    input.checked = keep.tier ? keep.tier === input.value : input.value === notice.default_tier;
  }
  if ([...fields.situation.options].some((o) => o.value === keep.situation)) fields.situation.value = keep.situation;
  showSituationFields();
}

// Whether the person set the year and the day (in the form, or by the link they opened). Only
// those go into the question and its link: a link opened later then answers for the year being
// collected on that later day, as the calculator does without --year and --on (issue 19).
const chosen = { year: false, on: false };

async function setForm(params) {
  const region = params.region || "";
  chosen.year = Boolean(params.year);
  chosen.on = /^\d{4}-\d{2}-\d{2}$/.test(params.on || "");
  const members = params.member ? params.member : null;
  setMode(members ? "household" : "one");
  const keep = {
    category: params.category || [],
    tier: params.tier || null,
    situation: params.situation || "renewal",
  };
  fields.on.value = /^\d{4}-\d{2}-\d{2}$/.test(params.on || "") ? params.on : todayISO();
  const sameNotice = region && fields.region.value === region && params.year && fields.year.value === String(params.year) && currentNotice();
  if (sameNotice) {
    // A new question about the same notice (a recalculation): the form is already built.
    applyChoices(keep);
  } else {
    await chooseRegion(region, params.year, fields.on.value, keep);
  }
  fields.born.value = params.born || "";
  fields.since.value = params.since || "";
  fields.parent.checked = params["parent-insured"] === "1";
  fields.lapse.value = params["lapse-years"] || "";
  fields.repaid.value = params["repaid-years"] || "";
  // the members of a household's link, in its cards (the chosen notice's choices are there now)
  if (members) household.setMembers(members.map(household.parseMember));
}

// What the form asks, in the fragment's names. Only what the chosen notice and situation use.
function formParams() {
  const notice = currentNotice();
  const params = { region: fields.region.value };
  if (chosen.year && fields.year.value) params.year = fields.year.value;
  if (chosen.on && fields.on.value) params.on = fields.on.value;
  const cats = checkedCategories();
  if (cats.length && !(cats.length === 1 && cats[0] === "ordinary")) params.category = cats;
  const tier = form.querySelector('input[name="tier"]:checked');
  if (notice && notice.tiers.length && tier) params.tier = tier.value;
  const s = fields.situation.value;
  if (s && s !== "renewal") params.situation = s;
  if (s === "newborn") {
    params.born = fields.born.value;
    if (notice && notice.parent_insured && fields.parent.checked) params["parent-insured"] = "1";
  }
  if (s === "employee_lapse" || s === "welfare_child") params.since = fields.since.value;
  if (notice && notice.lapse && fields.lapse.value.trim() !== "" && fields.lapse.value.trim() !== "0") params["lapse-years"] = fields.lapse.value.trim();
  if (notice && notice.repaid && fields.repaid.value.trim() !== "" && fields.repaid.value.trim() !== "0") params["repaid-years"] = fields.repaid.value.trim();
  return params;
}

// A check on the page before asking Python: only what the form itself can tell (empty fields).
// Everything else (impossible dates, wrong groups) is the calculator's to say, in its words.
function missingField(params) {
  if (!params.region) return [fields.region, "请选择地区。"];
  // no year: the calculator takes the year being collected, or says the region has no notice
  if (params.situation === "newborn" && !params.born) return [fields.born, "新生儿参保请填写出生日期。"];
  if ((params.situation === "employee_lapse" || params.situation === "welfare_child") && !params.since) {
    return [fields.since, `请填写${$("f-since-label").textContent}。`];
  }
  return null;
}

// A source's address: a link off the site the reader may follow, marked as one (as on notice pages).
function sourceLink(url) {
  return el("a", { href: url, class: "source-link", rel: "external noopener noreferrer", text: url });
}

// ---------------------------------------------------------------------------- static tables
// The chosen notice's table, from its data file: usable before Python has loaded, and when it
// cannot load at all. Every figure links to its clause, as on the notice's own page.
function showStatic(file) {
  const box = $("calc-table");
  const outer = document.querySelector(".calc-static");
  if (!file) {
    box.replaceChildren();
    outer.hidden = true;
    return;
  }
  const t = file.table;
  const n = file.form;
  const cite = (text, c) => (c && clauseLink(c) ? el("a", { href: clauseLink(c), title: `依据：${c.document} ${c.label}` }, text) : text);
  // A figure the notice does not state: 通知未规定 of a complete text; of an excerpt, 原文摘录未包含此项
  // with the address to read the rest (calculator/summary.py's silent, silent_where).
  const silent = () => (t.silent_where.length
    ? [t.silent, "（原页面见 ", ...t.silent_where.flatMap((url, i) => [i ? "、" : "", sourceLink(url)]), "）"]
    : [t.silent]);
  const amount = (v, c) => (v === null || v === undefined ? silent() : [cite(yuan(v), c)]);
  const standard = t.standard.tiers.length
    ? t.standard.tiers.flatMap((tier, i) => [i ? "，" : "", `${tier.name} `, cite(yuan(tier.amount), tier.citation)])
    : t.standard.minimum  // a floor (不低于): calculator.summary
      ? [cite(`不低于 ${yuan(t.standard.amount)}`, t.standard.citation), "（最低标准；当地的具体标准本站尚未收录）"]
      : amount(t.standard.amount, t.standard.citation);
  const w = t.window;
  const windowText = [cite(`${cnDate(w.start)}至${cnDate(w.end)}`, w.citation), w.payable_days ? `，期间${w.payable_days}可缴费` : ""];
  const c = t.cover;
  // cover from the day paid for late payers inside the window (江西, 青海): calculator.summary
  const late = c.from_payment ? [`${cnDate(c.paid_by)}及以前缴费的，`] : [];
  const lateRule = c.from_payment ? ["；", c.from_payment.text, " ", cite(c.from_payment.citation.label, c.from_payment.citation)] : [];
  const cover = c.stated && c.start
    ? [...late, cite(`${cnDate(c.start)}起${c.end ? `（至${cnDate(c.end)}）` : ""}`, c.citation), ...lateRule] : silent();
  const waiting = t.waiting ? [t.waiting.text, " ", cite(t.waiting.citation.label, t.waiting.citation)] : silent();
  const personal = (g) => {
    if (g.personal === null) return t.standard.minimum ? "无法算出（当地标准未收录）" : "未写明";
    if (typeof g.personal === "object") {
      return t.standard.tiers.filter((tier) => tier.id in g.personal)
        .flatMap((tier, i) => [i ? " / " : "", `${tier.name} `, cite(yuan(g.personal[tier.id]), g.citation)]);
    }
    return cite(yuan(g.personal), g.citation);
  };
  const subsidy = (g) => (g.subsidy === null ? "未写明金额" : g.subsidy === 0 ? "无" : cite(yuan(g.subsidy), g.citation));
  const rows = t.groups.map((g) => el("tr", {}, el("td", { text: g.name }), el("td", {}, subsidy(g)), el("td", {}, personal(g))));
  box.replaceChildren(el("section", { class: "calc-static-notice", "data-notice": n.id },
    el("h3", { text: `${n.name}（${n.document}）` }),  // the issuer when the original has no 文号
    el("ul", {},
      el("li", {}, el("strong", { text: "个人缴费标准" }), "：", standard),
      el("li", {}, el("strong", { text: "集中征缴期" }), "：", windowText),
      el("li", {}, el("strong", { text: "待遇从何时起" }), "：", cover),
      el("li", {}, el("strong", { text: "待遇等待期" }), "：", waiting)),
    el("table", {},
      el("thead", {}, el("tr", {}, el("th", { text: "人员类别" }), el("th", { text: "资助" }), el("th", { text: "个人缴" }))),
      el("tbody", {}, rows)),
    el("p", {}, el("a", { href: `../notices/${n.id}/`, text: "通知全文和条款" }))));
  outer.hidden = false;
}

// ---------------------------------------------------------------------------- status
function setStatus(kind, text) {
  statusBox.dataset.state = kind;
  root.dataset.state = kind;
  statusText.textContent = text;
}

function onProgress(msg) {
  const stageIndex = STAGES.indexOf(msg.stage);
  for (const li of statusBox.querySelectorAll("[data-stage]")) {
    const i = STAGES.indexOf(li.dataset.stage);
    li.dataset.done = i < stageIndex ? "yes" : i === stageIndex ? "now" : "no";
  }
  if (msg.stage === "download") {
    const pct = msg.total ? Math.floor((msg.loaded / msg.total) * 100) : 0;
    progressBar.max = 100;
    progressBar.value = Math.min(pct, 99);
    // The worker counts bytes as they come out of the (decompressed) response; what travels is the
    // compressed size the build measured (data-transfer-mb), so the megabytes shown are that share of it.
    const travel = Number(root.dataset.transferMb || "0");
    const shown = travel > 0
      ? `约 ${(travel * Math.min(pct, 100) / 100).toFixed(1)} / ${travel.toFixed(1)} MB`
      : `${megabytes(msg.loaded)} / ${megabytes(msg.total)} MB`;
    setStatus("loading", `正在下载计算器：${shown}（${pct}%）`);
  } else {
    progressBar.value = 100;
    const words = { start: "正在启动 Python…", install: "正在安装计算器…", data: "正在载入政策数据…" };
    setStatus("loading", words[msg.stage] || "正在准备…");
  }
}

// The service worker (sw.js at the site root) keeps the calculator for the next visit and for
// offline use. Registered when the page opens: at install it caches only every page's small files
// (already in the HTTP cache); the calculator's are kept once Python is ready (keepForOffline).
function registerServiceWorker() {
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
  const url = new URL("../../sw.js", import.meta.url);
  // a new build's service worker has new caches: ask it to keep the calculator too
  navigator.serviceWorker.addEventListener("controllerchange", keepForOffline);
  navigator.serviceWorker.register(url, { scope: new URL("./", url).pathname }).then(
    () => { if (root.dataset.offline !== "kept") root.dataset.offline = "registered"; },
    () => { root.dataset.offline = "unavailable"; },
  );
}

function onReady(msg) {
  state.ready = true;
  clearTimeout(state.stallTimer);
  root.dataset.readyMs = String(msg.ms);
  root.dataset.readyMarks = JSON.stringify(msg.marks || {});
  for (const li of statusBox.querySelectorAll("[data-stage]")) li.dataset.done = "yes";
  setStatus("ready", `计算器已就绪（${(msg.ms / 1000).toFixed(1)} 秒）。在本机计算，填写的内容不会发送到任何地方。`);
  keepForOffline();
  if (state.lastParams && state.pending !== null) return; // the queued question is answered next
}

function onFailed(stage, message) {
  if (state.failed) return;
  state.failed = true;
  clearTimeout(state.stallTimer);
  if (state.worker) state.worker.terminate();
  const stageWords = { download: "下载", start: "启动", install: "安装计算器", data: "载入政策数据" };
  setStatus("failed", `计算器没能启动（${stageWords[stage] || "启动"}时出错：${message}）。`);
  const help = $("calc-failed");
  help.hidden = false;
  answerBox().dataset.state = "failed";
  if (state.pending !== null) {
    state.pending = null;
    answerBox().replaceChildren(el("p", { class: "calc-error", text: "这次没能计算。请看下面按通知整理的金额表，或换一个浏览器再试。" }));
  }
  showStatic(root.dataset.notice || null);
}

function armStallTimer() {
  clearTimeout(state.stallTimer);
  if (state.ready || state.failed) return;
  state.stallTimer = setTimeout(() => onFailed("start", "长时间没有响应，可能是网络中断或手机内存不足"), STALL_MS);
}

// ---------------------------------------------------------------------------- worker
function startWorker() {
  if (typeof WebAssembly !== "object" || typeof Worker !== "function") {
    onFailed("start", "这个浏览器不支持 WebAssembly 或 Web Worker，请升级浏览器或换用手机自带浏览器");
    return;
  }
  const worker = boot.start();
  if (!worker) {
    onFailed("start", `浏览器无法启动后台计算（${boot.error ? boot.error.message : "未知原因"}）`);
    return;
  }
  state.worker = worker;
  // boot.js started the worker from the page's <head>; its messages so far are replayed here.
  boot.listen((event) => {
    if (event.type === "error") {
      if (event.preventDefault) event.preventDefault();
      onFailed("download", event.message || "后台计算脚本没有加载成功");
      return;
    }
    const msg = event.data || {};
    if (state.failed) return;
    if (msg.type !== "answer") armStallTimer();
    if (msg.type === "progress") onProgress(msg);
    else if (msg.type === "ready") onReady(msg);
    else if (msg.type === "failed") onFailed(msg.stage, msg.message);
    else if (msg.type === "answer") onAnswer(msg);
  });
  armStallTimer();
}

// Save-Data or a 2G connection: nothing is downloaded until the resident asks (boot.js).
function offerDownload() {
  const button = $("calc-download");
  const mb = Number(root.dataset.transferMb || "0");
  button.textContent = `下载计算器（约 ${mb.toFixed(1)} MB）`;
  $("calc-save-data").hidden = false;
  setStatus("deferred", "你开启了省流量模式（或网络较慢），计算器没有自动下载。下面的金额表不用下载就能查。");
  progressBar.hidden = true;
  button.addEventListener("click", () => {
    $("calc-save-data").hidden = true;
    progressBar.hidden = false;
    setStatus("loading", "正在下载计算器…");
    startWorker();
    if (state.sent && state.pending === state.sent.id) state.worker && state.worker.postMessage(state.sent);
  }, { once: true });
}

// The box the last question's answer goes to: #quote (one person) or #household.
function answerBox() {
  return state.kind === "household" ? householdBox : quoteBox;
}

function clearBox(box) {
  box.classList.remove("calc-stale");
  for (const name of ["data-json", "data-error", "data-exit-code"]) box.removeAttribute(name);
}

// `kind`: "quote" or "household" (params.member, one link string per person): the worker answers
// with calculator.browser.answer or household_answer. The other kind's answer leaves the page.
function ask(params, kind = "quote") {
  state.lastParams = params;
  state.kind = kind;
  const id = state.nextId++;
  state.pending = id;
  const box = answerBox();
  const other = kind === "household" ? quoteBox : householdBox;
  clearBox(other);
  delete other.dataset.state;
  other.replaceChildren();
  clearBox(box);
  box.dataset.state = "computing";
  if (state.failed) {
    onFailedAnswer();
    return;
  }
  if (!state.ready) {
    const text = state.worker ? "计算器还在加载，加载完成后马上给出结果…" : "点上面的“下载计算器”，下载完成后马上给出结果；也可以先看下面的金额表。";
    box.replaceChildren(el("p", { class: "calc-wait", text }));
  }
  state.asked = performance.now();
  // A question without a date is about today on the reader's clock (the worker's clock may differ).
  const sent = params.on ? params : { ...params, on: todayISO() };
  dataFor(String(params.region || "")).then((data) => {
    if (state.pending !== id) return; // a newer question came meanwhile
    state.sent = { type: kind, id, params: sent, data };
    if (state.worker) state.worker.postMessage(state.sent);
  }, (e) => {
    if (state.pending !== id) return;
    state.pending = null;
    box.dataset.state = "failed";
    box.replaceChildren(el("p", { class: "calc-error", role: "alert",
      text: `这个地区的政策数据没有下载成功（${e.message}），没能计算。请检查网络后再点“计算”。` }));
  });
}

function onFailedAnswer() {
  state.pending = null;
  answerBox().dataset.state = "failed";
  answerBox().replaceChildren(el("p", { class: "calc-error", text: "计算器没能启动，这次没能计算。请看下面按通知整理的金额表。" }));
}

function onAnswer(msg) {
  if (msg.id !== state.pending) return; // an older question
  state.pending = null;
  const box = answerBox();
  let reply;
  try {
    reply = JSON.parse(msg.reply);
  } catch (e) {
    reply = { exit_code: 1, stdout: "", stderr: "计算器返回的结果无法读取。" };
  }
  box.dataset.exitCode = String(reply.exit_code);
  box.dataset.ms = String(msg.ms);
  if (reply.exit_code === 0) {
    let answer;
    try {
      answer = JSON.parse(reply.stdout);
    } catch (e) {
      showError("计算器返回的结果无法读取。");
      return;
    }
    if (state.kind === "household") box.replaceChildren(...household.render(answer, (prefix) => shareParts(state.lastParams, HOUSEHOLD_OPTIONS, prefix)));
    else renderAnswer(answer, state.lastParams);
    // exactly what `python -m calculator quote|household … --json` prints
    box.dataset.json = reply.stdout;
    box.dataset.state = "answered";
  } else {
    showError(reply.stderr.replace(/^错误:\s*/, "").trim() || "输入有误。");
  }
  if (state.scrollOnAnswer) {
    state.scrollOnAnswer = false;
    // After the answer is on screen (next frame), and only when its top is out of view; smooth
    // only the first time — a recalculation should not animate the page on a slow phone.
    const first = !state.answeredOnce;
    requestAnimationFrame(() => {
      const top = box.getBoundingClientRect().top;
      if (top < 0 || top > window.innerHeight * 0.6) box.scrollIntoView({ block: "start", behavior: first ? "smooth" : "auto" });
    });
  }
  state.answeredOnce = true;
}

function showError(text) {
  const box = answerBox();
  box.dataset.state = "error";
  box.dataset.error = text;
  box.replaceChildren(
    el("div", { class: "calc-error", role: "alert" },
      el("p", { class: "calc-error-title", text: "没法计算：" }),
      el("p", { class: "calc-error-text", text }),
      el("p", { class: "calc-error-hint", text: "请检查上面填写的内容后再点“计算”。" })),
  );
}

// A link with parts the page cannot read: say which, answer nothing, leave the form usable.
function showFragmentProblems(problems, kind) {
  state.pending = null;
  state.kind = kind;
  const names = Object.keys(kind === "household" ? HOUSEHOLD_OPTIONS : OPTIONS).join("、");
  const text = `这个链接里有看不懂的内容，为免算错，没有计算：${problems.join("；")}。` +
    `链接可用的项：${names}。`;
  const box = answerBox();
  (kind === "household" ? quoteBox : householdBox).replaceChildren();
  clearBox(box);
  box.dataset.exitCode = "2";
  box.dataset.state = "refused";
  box.dataset.error = text;
  box.replaceChildren(
    el("div", { class: "calc-error", role: "alert" },
      el("p", { class: "calc-error-title", text: "链接有误，没有计算：" }),
      el("ul", { class: "calc-error-list" }, problems.map((p) => el("li", { text: p }))),
      el("p", { class: "calc-error-text", text: `链接可用的项：${names}。` }),
      el("p", { class: "calc-error-hint", text: "请向发链接的人核对，或在上面的表里重新填写后点“计算”。" })),
  );
}

// ---------------------------------------------------------------------------- the answer
function citeLinks(answer, key) {
  const refs = (answer.citations || {})[key] || [];
  if (!refs.length) return null;
  const span = el("span", { class: "calc-cites" });
  refs.forEach((c) => {
    const href = clauseLink(c);
    span.append(href
      ? el("a", { class: "calc-cite", href, title: `依据：${c.document} ${c.label}` }, c.label)
      : el("span", { class: "calc-cite", text: c.label }));
  });
  return span;
}

function clauseLink(c) {
  if (!c || !/^[\w-]+$/.test(c.notice || "") || !/^[\w-]+$/.test(c.anchor || "")) return null;
  return `../notices/${c.notice}/#${c.anchor}`;
}

function figure(label, value, answer, key, extra) {
  return el("div", { class: "calc-row", "data-key": key },
    el("dt", { text: label }),
    el("dd", {}, el("span", { class: "calc-value" }, value), extra || null, citeLinks(answer, key)));
}

// A date that does not break across lines (2024年12月31日 stays whole on a narrow phone).
function dateNode(iso, withWeekday) {
  const date = el("span", { class: "calc-date", text: cnDate(iso) });
  const full = cnDate(iso, withWeekday);
  return withWeekday && full !== cnDate(iso) ? el("span", {}, date, full.slice(cnDate(iso).length)) : date;
}

// A document number whose serial the original leaves blank (内政办〔2024〕号) says so, as the
// notice's page does (sitebuild/views.py number_blank).
function docNumber(text) {
  if (!text) return "原文无文号";
  return /〕号$/.test(text) ? `${text}（原文序号空缺）` : text;
}

function groupNames(ids) {
  return ids.map((id) => FORM.groups[id] || id).join("、");
}

// The answer's first line when it is not for the year being collected on the day asked: whether
// the library holds that year's notice (the region's index says), and, for a year that is over,
// the calculator's own line saying so and what to do instead (its first note).
function yearFact(a) {
  const when = a.on === todayISO() ? "今天" : cnDate(a.on);
  const held = regionYears(a.region).some(([year]) => year === a.collecting_year);
  const lines = [];
  if (!a.current_notice) {
    lines.push(held
      ? `${when}正在征缴的是${a.collecting_year}年度；下面是所选的${a.year}年度。`
      : `${a.collecting_year}年度的缴费通知本站尚未收录（${when}正在征缴${a.collecting_year}年度）；下面是${a.year}年度的规定，仅供参考。`);
  }
  if (a.year_over && a.notes && a.notes.length) lines.push(a.notes[0]);
  return el("div", { class: "calc-year-fact", "data-key": "collecting_year" }, lines.map((text) => el("p", { text })));
}

function renderAnswer(a, params) {
  const file = current.files.get(a.notice);
  const notice = file ? file.form : null;
  const parts = [];
  const asked = [
    `${a.region_name}（${a.region}）`,
    `${a.year}年度`,
    groupNames(a.categories || []),
    a.tier && notice ? (notice.tiers.find((t) => t.id === a.tier) || {}).name || a.tier : null,
    a.situation !== "renewal" ? FORM.situations[a.situation] || a.situation : null,
    `缴费（登记）日期 ${cnDate(a.on)}`,
  ].filter(Boolean);
  parts.push(el("p", { class: "calc-asked" }, asked.join(" · ")));
  // An answer not for the year being collected, or for a year that is over, opens with that fact,
  // and its figure carries its year in the same line (issue 19).
  const labelled = !a.current_notice || a.year_over;
  if (labelled) parts.push(yearFact(a));

  // the amount
  const head = el("div", { class: "calc-headline" });
  const yearTag = labelled ? el("span", { class: "calc-amount-year", text: `${a.year}年度：个人缴费 ` }) : null;
  if (!a.eligible && !a.year_over) {
    head.append(el("p", { class: "calc-amount-label", text: "结论" }), el("p", { class: "calc-amount calc-refused", text: "按通知规定不能办理" }));
  } else if (a.personal_contribution === null) {
    if (!labelled) head.append(el("p", { class: "calc-amount-label", text: "个人缴费" }));
    head.append(el("p", { class: "calc-amount calc-unknown" }, yearTag,
      a.standard_minimum && a.subsidy === 0 ? `不低于 ${a.standard_minimum} 元（当地的具体标准本站尚未收录）`
        : a.standard_minimum ? "无法算出（当地的具体标准本站尚未收录）" : "通知未写明金额"));
  } else {
    if (!labelled) head.append(el("p", { class: "calc-amount-label", text: "个人缴费" }));
    head.append(el("p", { class: "calc-amount" }, yearTag,
      el("span", { class: "calc-amount-number", text: String(a.personal_contribution) }), el("span", { class: "calc-amount-unit", text: " 元" }),
      labelled ? el("span", { class: "calc-amount-ref", text: a.year_over ? "（仅供参考，该年度已不能缴）" : "（仅供参考）" }) : null));
  }
  // The breakdown below cites every figure; a refusal has no breakdown, so it cites here.
  const headCites = a.eligible ? null : citeLinks(a, "eligible");
  if (headCites) head.append(el("p", { class: "calc-amount-cite" }, "依据：", headCites));
  parts.push(head);

  // breakdown: 标准 − 资助 (+ 期外加收) = 个人缴费
  if (a.eligible) {
    const rows = el("dl", { class: "calc-breakdown" });
    const tierName = a.tier && notice ? ((notice.tiers.find((t) => t.id === a.tier) || {}).name || "") : "";
    rows.append(figure(`个人缴费标准${tierName ? `（${tierName}）` : ""}`, a.standard_minimum ? `不低于${yuan(a.standard_minimum)}（当地的具体标准本站尚未收录）`
      : a.standard === null ? "通知未写明" : yuan(a.standard), a, a.standard_minimum ? "standard_minimum" : "standard"));
    const who = a.applied_group ? FORM.groups[a.applied_group] || a.applied_group : groupNames(a.categories || []);
    let payer = null;
    if (a.subsidy !== 0) {
      const whoPays = a.subsidy === null ? "" : a.subsidy_payer ? `，由${a.subsidy_payer}承担` : "，通知未写明由谁承担";
      payer = el("span", { class: "calc-payer", text: `按“${who}”资助${whoPays}` });
    }
    rows.append(figure("减：资助", a.subsidy === null ? "通知未写明金额" : a.subsidy === 0 ? "0 元（无资助）" : yuan(a.subsidy), a, "subsidy", payer));
    if (a.late_surcharge) rows.append(figure("加：期外加收", yuan(a.late_surcharge), a, "late_surcharge"));
    rows.append(figure("个人缴费", a.personal_contribution === null ? (a.standard_minimum ? "无法算出（当地的具体标准本站尚未收录）" : "通知未写明") : yuan(a.personal_contribution), a, "personal_contribution"));
    parts.push(el("h3", { text: "怎么算的" }), rows);
  }

  // when to pay
  const pay = el("dl", { class: "calc-facts" });
  const today = todayISO();
  const day = a.on === today ? ["今天（", dateNode(a.on), "）"] : [dateNode(a.on, true)];
  let payText;
  if (a.year_over) payText = [...day, `不能再为${a.year}年度缴费（${a.year}年度已结束）`];
  else if (a.in_collection_window) payText = [...day, "可以缴费"];
  else if (a.next_payable) payText = [...day, "不能缴费；下一个可缴费日是 ", dateNode(a.next_payable, true)];
  else if (a.collection_start && a.on < a.collection_start) payText = [...day, `还没到${a.year}年度的集中征缴期`];
  else payText = [...day, `不在${a.year}年度的集中征缴期内（${a.year}年度的征缴期已结束）`];
  pay.append(el("div", { class: `calc-row calc-pay ${a.in_collection_window ? "yes" : "no"}`, "data-key": "in_collection_window" },
    el("dt", { text: "能不能缴费" }),
    el("dd", {}, el("span", { class: "calc-value" }, payText),
      citeLinks(a, a.in_collection_window ? "in_collection_window" : "next_payable") || citeLinks(a, "in_collection_window"))));
  const windowText = a.collection_start && a.collection_end
    ? [dateNode(a.collection_start), " 至 ", dateNode(a.collection_end), a.payable_days ? `，期间${a.payable_days}可缴费` : ""]
    : "通知未写明";
  pay.append(figure(`${a.year}年度集中征缴期`, windowText, a, "collection_start"));
  parts.push(el("h3", { text: "什么时候缴" }), pay);

  // cover
  const cover = el("dl", { class: "calc-facts" });
  if (a.year_over) {
    cover.append(figure("享受待遇", `没有：${a.year}年度已不能享受待遇，原因见下面的说明`, a, "benefit_start"));
  } else if (!a.eligible) {
    cover.append(figure("享受待遇", "按通知规定不能办理参保，也就没有待遇；原因见下面的说明", a, "eligible"));
  } else {
    const waitUnknown = a.waiting_period && a.waiting_period.ends === null; // its length is not in the text held
    cover.append(figure("从哪天起享受待遇", a.benefit_start ? dateNode(a.benefit_start, true)
      : waitUnknown ? "无法算出：等待期长度未写明，原因见下面的说明" : "通知未写明", a, "benefit_start"));
    cover.append(figure("享受到哪天", a.benefit_end ? dateNode(a.benefit_end) : "通知未写明", a, "benefit_end"));
    let waitText;
    if (a.waiting_period) waitText = a.waiting_period.text;
    else if (notice && notice.lapse) waitText = "没有等待期";
    else waitText = "通知未规定等待期";
    cover.append(figure("待遇等待期", waitText, a, a.waiting_period && !waitUnknown ? "benefit_start" : "waiting_period"));
  }
  parts.push(el("h3", { text: "什么时候起能报销" }), cover);

  // notes
  if (a.notes && a.notes.length) {
    parts.push(el("h3", { text: "说明" }), el("ul", { class: "calc-notes" }, a.notes.map((n) => el("li", { text: n }))));
  }

  // source
  const noticeCite = ((a.citations || {}).notice || [])[0];
  const noticeHref = noticeCite && /^[\w-]+$/.test(noticeCite.notice) ? `../notices/${noticeCite.notice}/` : null;
  parts.push(el("p", { class: "calc-source" }, "依据文件：",
    noticeHref ? el("a", { href: noticeHref, text: docNumber(a.document_number) }) : docNumber(a.document_number),
    notice ? `《${notice.title}》` : "",
    a.notice_region !== a.region ? `（${(regionRow(a.notice_region) || {}).name || a.notice_region}的通知，适用于本地）` : ""));

  parts.push(...shareParts(params, OPTIONS, "calc"));

  if (a.text_held === "excerpt") parts.forEach(excerptWording);
  quoteBox.replaceChildren(el("h2", { id: "calc-answer-title", tabindex: "-1", text: "计算结果" }), ...parts);
}

// Issue 23: where the site holds only an excerpt of a notice, a figure the answer lacks is one the
// excerpt does not reach — never "通知未写明/未规定", which is said of a complete text (the command
// line prints the same words). The notes come from Python already worded (calculator/holding.py).
function excerptWording(node) {
  if (node.nodeType === Node.TEXT_NODE) {
    node.textContent = node.textContent.replace(/通知未(?:写明|规定)(.*)$/, (m, rest) => (rest ? `原文摘录未包含此项（${rest}）` : "原文摘录未包含此项"));
  } else if (!(node.classList && node.classList.contains("calc-notes"))) {
    node.childNodes.forEach(excerptWording);
  }
}

// The share link, copy and print buttons, and the link as printed (ids: <prefix>-share-url, …).
function shareParts(params, options, prefix) {
  const shareUrl = location.href.split("#")[0] + "#" + fragmentFor(params, options);
  const shareInput = el("input", { type: "text", readonly: true, id: `${prefix}-share-url`, value: shareUrl, "aria-label": "分享链接" });
  const copyBtn = el("button", { type: "button", class: "calc-button calc-secondary", id: `${prefix}-copy`, text: "复制链接" });
  const printBtn = el("button", { type: "button", class: "calc-button calc-secondary", id: `${prefix}-print`, text: "打印" });
  copyBtn.addEventListener("click", () => copyShare(shareInput, copyBtn));
  printBtn.addEventListener("click", () => window.print());
  return [el("div", { class: "calc-share" },
    el("p", { class: "calc-share-title", text: "分享这个问题：复制下面的链接发给对方。链接里只有上面填写的条件，打开时在对方手机上重新计算，不经过任何服务器。" }),
    shareInput,
    el("div", { class: "calc-share-buttons" }, copyBtn, printBtn)),
  el("p", { class: "calc-print-url", text: `本页链接：${shareUrl}` })];
}

async function copyShare(input, button) {
  let ok = false;
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(input.value);
      ok = true;
    }
  } catch (e) {
    ok = false;
  }
  if (!ok) {
    input.focus();
    input.select();
    try {
      ok = document.execCommand("copy");
    } catch (e) {
      ok = false;
    }
  }
  button.textContent = ok ? "已复制" : "请长按链接复制";
  setTimeout(() => { button.textContent = "复制链接"; }, 2500);
}

// ---------------------------------------------------------------------------- wiring
// A fragment with a region is a question: answer it at once (without a year, the calculator takes
// the year being collected on the day asked). One that says more than where and when (a shared
// link) is about the answer, so the page scrolls to it.
async function computeFromFragment() {
  const { params, problems, household: isHousehold } = readFragment();
  const kind = isHousehold ? "household" : "quote";
  (isHousehold ? householdBox : quoteBox).dataset.source = "fragment";
  if (problems.length) showFragmentProblems(problems, kind);
  else if (params.region) ask(params, kind); // the question is asked at once; the form follows
  state.scrollOnAnswer = !problems.length && Object.keys(params).some((k) => k !== "region" && k !== "year");
  try {
    await setForm(params);
  } catch (e) {
    // the answer box says what went wrong with the data; the form stays usable
  }
}

// The household's cards and table (household.js), with what they share with the one-person form.
const household = createHousehold({ el, FORM, cnDate, yuan, dateNode, citeLinks, currentNotice, docNumber, onChange: markStale });

fillProvinces();
fillRegions(null);

fields.province.addEventListener("change", async () => {
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
});
fields.region.addEventListener("change", async () => {
  await chooseRegion(fields.region.value, chosen.year ? fields.year.value : null, fields.on.value || todayISO());
  markStale();
});
fields.year.addEventListener("change", () => {
  chosen.year = true;
  fillNotice();
  markStale();
});
fields.on.addEventListener("change", () => {
  chosen.on = Boolean(fields.on.value);
  // a year the person did not choose follows the day, as the calculator's does
  if (chosen.year || !regionYears(fields.region.value).length) return;
  const year = String(defaultYear(fields.region.value, fields.on.value || todayISO()));
  if (year !== fields.year.value) {
    fields.year.value = year;
    fillNotice();
  }
});
fields.situation.addEventListener("change", () => {
  showSituationFields();
  markStale();
});
$("f-groups-list").addEventListener("change", (event) => {
  const box = event.target;
  if (!box || box.name !== "category" || !box.checked) return;
  // 普通城乡居民 and the special groups exclude each other; several special groups may be ticked.
  for (const other of form.querySelectorAll('input[name="category"]:checked')) {
    if (other !== box && (box.value === "ordinary" || other.value === "ordinary")) other.checked = false;
  }
});
form.addEventListener("input", markStale);
form.addEventListener("change", markStale);

function markStale() {
  for (const box of [quoteBox, householdBox]) if (box.dataset.state === "answered") box.classList.add("calc-stale");
}

// One person, or a household: the household's members replace the one person's fields.
function setMode(mode) {
  $("f-mode-household").checked = mode === "household";
  $("f-mode-one").checked = mode !== "household";
  $("hh").hidden = mode !== "household";
  $("f-person").hidden = mode === "household";
  if (mode === "household" && !household.count()) household.add();
}

function isHouseholdMode() {
  return $("f-mode-household").checked;
}

$("f-mode").addEventListener("change", () => setMode(isHouseholdMode() ? "household" : "one"));

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const kind = isHouseholdMode() ? "household" : "quote";
  state.kind = kind;
  let params = formParams();
  if (kind === "household") {
    // the household's own fields; each member's are in its card
    params = { region: params.region, ...(params.year ? { year: params.year } : {}), ...(params.on ? { on: params.on } : {}) };
  }
  let missing = missingField(params);
  if (kind === "household") {
    const members = household.read();
    missing = missing || members.missing;
    params.member = members.members;
  }
  if (missing) {
    const [field, text] = missing;
    (kind === "household" ? quoteBox : householdBox).replaceChildren();
    showError(text);
    field.focus();
    return;
  }
  const box = answerBox();
  box.classList.remove("calc-stale");
  box.dataset.source = "form";
  history.replaceState(null, "", "#" + fragmentFor(params, kind === "household" ? HOUSEHOLD_OPTIONS : OPTIONS));
  state.scrollOnAnswer = true;
  ask(params, kind);
});

window.addEventListener("hashchange", () => {
  // Only a question (name=value pairs) is the calculator's; a plain anchor (#tables) is not.
  if (!location.hash.includes("=")) return;
  quoteBox.classList.remove("calc-stale");
  householdBox.classList.remove("calc-stale");
  computeFromFragment();
});

$("calc-retry").addEventListener("click", () => location.reload());
$("calc-to-tables").addEventListener("click", () => {
  const target = document.querySelector('.calc-static-notice:not([hidden])') || document.querySelector(".calc-static");
  if (target) target.scrollIntoView({ block: "start" });
});

if (boot.deferred && !boot.worker) offerDownload();
else startWorker();
registerServiceWorker();
computeFromFragment();
