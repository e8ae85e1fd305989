// The calculator page's entry module: it wires the form, the URL fragment and the worker together
// and starts them. Python runs in worker.js; each job of the page is a module of its own, named for
// it (README, "The calculator page"):
//   page.js (configuration, elements, shared state), format.js (nodes from text, dates, amounts,
//   clause links), fragment.js (the URL fragment), data.js (the policy data files), offline.js (the
//   service worker), form.js (the form's choices and the household's cards), question.js (the
//   question in the form), static-table.js (the notice's table without Python), status.js (loading,
//   ready, failed), worker-client.js (asking the worker, showing its reply), answer-box.js (#quote
//   and #household), answer.js (one person's answer), share.js (the share link).
// The build names every module by its content's hash and the page preloads them all, so the graph
// arrives at once and the service worker keeps every one of them.
//
// Contract (domain.md): calculator/#region=…&year=…&category=…&on=… (the command line's names,
// `category` repeatable) fills the form and computes at once; the answer's JSON, exactly what
// `python -m calculator quote … --json` prints, is written to data-json on #quote. A fragment with
// `member` (once per person: #region=…&on=…&member=category:tekun&member=situation:newborn;born:…)
// is a household: its JSON, what `python -m calculator household … --json` prints, goes to
// data-json on #household (the members' cards and table: household.js).
//
// Nothing in these modules builds HTML from strings: every text, including anything that came from
// the URL, goes into the page through textContent / createTextNode, so it can only ever show as text.

import { boot } from "./boot.js"; // the build names it by its hash: the same module the <head> loaded
import { todayISO } from "../collecting.js";
import { answerBox, markStale, showError, showFragmentProblems } from "./answer-box.js";
import { defaultYear, regionYears } from "./data.js";
import { chooseRegion, fillNotice, fillProvinces, fillRegions, household, provinceChanged, showSituationFields } from "./form.js";
import { fragmentFor, readFragment } from "./fragment.js";
import { registerServiceWorker } from "./offline.js";
import { $, HOUSEHOLD_OPTIONS, OPTIONS, fields, form, householdBox, quoteBox, state } from "./page.js";
import { chosen, formParams, isHouseholdMode, missingField, setForm, setMode } from "./question.js";
import { ask, offerDownload, startWorker } from "./worker-client.js";

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

fillProvinces();
fillRegions(null);

fields.province.addEventListener("change", provinceChanged);
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
