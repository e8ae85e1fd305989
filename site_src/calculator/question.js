// The question in the form: written into it from a link (setForm), read out of it in the command
// line's names (formParams), checked for empty fields, and the choice between one person and a
// household. Separate from form.js, which builds the choices these read and tick.

import { todayISO } from "../collecting.js";
import { currentNotice } from "./data.js";
import { checkedCategories, chooseRegion, household, showSituationFields } from "./form.js";
import { $, fields, form } from "./page.js";

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
  for (const input of form.querySelectorAll('input[name="population"]')) input.checked = keep.population === input.value;
  if ([...fields.situation.options].some((o) => o.value === keep.situation)) fields.situation.value = keep.situation;
  showSituationFields();
}

// Whether the person set the year and the day (in the form, or by the link they opened). Only
// those go into the question and its link: a link opened later then answers for the year being
// collected on that later day, as the calculator does without --year and --on (issue 19).
export const chosen = { year: false, on: false };

export async function setForm(params) {
  const region = params.region || "";
  chosen.year = Boolean(params.year);
  chosen.on = /^\d{4}-\d{2}-\d{2}$/.test(params.on || "");
  const members = params.member ? params.member : null;
  setMode(members ? "household" : "one");
  const keep = {
    category: params.category || [],
    tier: params.tier || null,
    population: params.population || null,
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
export function formParams() {
  const notice = currentNotice();
  const params = { region: fields.region.value };
  if (chosen.year && fields.year.value) params.year = fields.year.value;
  if (chosen.on && fields.on.value) params.on = fields.on.value;
  const cats = checkedCategories();
  if (cats.length && !(cats.length === 1 && cats[0] === "ordinary")) params.category = cats;
  const tier = form.querySelector('input[name="tier"]:checked');
  if (notice && notice.tiers.length && tier) params.tier = tier.value;
  const population = form.querySelector('input[name="population"]:checked');
  if (notice && notice.populations && population) params.population = population.value;
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
export function missingField(params) {
  if (!params.region) return [fields.region, "请选择地区。"];
  // a notice by population: no group's amount is anyone's until the resident says which is theirs
  const notice = currentNotice();
  if (notice && notice.populations && !params.population && !isHouseholdMode()) {
    const listed = notice.populations.map((p) => `${p.name}（${p.amount}元）`).join("、");
    return [form.querySelector('input[name="population"]'), `这份通知按人群分别规定个人缴费标准，请选择本人所属的人群：${listed}。`];
  }
  // no year: the calculator takes the year being collected, or says the region has no notice
  if (params.situation === "newborn" && !params.born) return [fields.born, "新生儿参保请填写出生日期。"];
  if ((params.situation === "employee_lapse" || params.situation === "welfare_child") && !params.since) {
    return [fields.since, `请填写${$("f-since-label").textContent}。`];
  }
  return null;
}

// One person, or a household: the household's members replace the one person's fields.
export function setMode(mode) {
  $("f-mode-household").checked = mode === "household";
  $("f-mode-one").checked = mode !== "household";
  $("hh").hidden = mode !== "household";
  $("f-person").hidden = mode === "household";
  if (mode === "household" && !household.count()) household.add();
}

export function isHouseholdMode() {
  return $("f-mode-household").checked;
}
