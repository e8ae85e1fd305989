// The policy data: a province's list of regions, a region's index and its notices' files
// (sitebuild/calc_data.py writes them), fetched once each, and what the form and the answer read
// from them (the region's years, names and windows, the chosen notice's choices, the data one
// question is computed from). Separate so the form, the answer and the worker client read one copy.

import { collectingYear } from "../collecting.js";
import { ASSETS, FORM, fields, loaded } from "./page.js";
import { keepForOffline } from "./offline.js";

// Loaded as needed (sitebuild/calc_data.py): a province's list of regions for the picker; a
// region's index (the region and its parents, the notices that answer for it, their windows);
// the files of those notices (named by their content's hash). Each is fetched once; each fetch
// also asks the service worker to keep it (offline.js).
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

export function provinceOf(code) {
  const prefix = isCode(code) ? code.slice(0, 2) + "0000" : null;
  return FORM.provinces.find((p) => p.code === prefix) || null;
}

export function provinceIndex(code) {
  const province = provinceOf(code);
  return province ? fetchJSON(new URL(province.url, ASSETS).href) : Promise.resolve(null);
}

// The region's index, or null where the library has no notice for it (no such file).
function regionIndexURL(code) {
  return new URL(`data/r/${code}.json`, ASSETS).href;
}

export async function regionIndex(code) {
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

export function noticeFiles(index) {
  const base = regionIndexURL(index.code);
  // every notice an answer reads: each year's own and the higher ones covering the region (issue 23)
  return Promise.all(Object.values(index.files).map((file) => fetchJSON(new URL(file, base).href)));
}

// What the form knows: the chosen province's list, and each region's index and notice files.
export const current = { province: null, regions: new Map(), files: new Map() };

// The data one answer is computed from, as JSON text: the region and its parents, and every
// notice that answers for it (calculator.browser.answer reads it as the command line reads
// policy_data/). Kept per region, so a recalculation sends the same text.
const questionData = new Map();
export async function dataFor(region) {
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

export function regionRow(code) {
  const index = current.regions.get(code);
  if (index) return index.regions.find((r) => r.code === code) || null;
  const rows = current.province ? current.province.regions : [];
  return rows.find((r) => r.code === code) || null;
}

export function regionYears(code) {
  const index = current.regions.get(code);
  return index ? index.covering : [];
}

export function fullName(code) {
  const index = current.regions.get(code);
  return index ? index.regions.map((r) => r.name).join("") : (regionRow(code) || {}).name || code;
}

export function currentFile() {
  const entry = regionYears(fields.region.value).find(([year]) => String(year) === fields.year.value);
  return entry ? current.files.get(entry[1]) || null : null;
}

// The form's choices for the chosen region and year (from the notice's data file), or null
// while it loads or when none applies.
// A province's or city's notice offers, for a county under it, every group of the shared
// vocabulary (groups_below: the help the notice does not state is open there, not an error).
export function currentNotice() {
  const file = currentFile();
  if (!file) return null;
  const f = file.form;
  return f.groups_below && fields.region.value !== file.notice.region ? { ...f, groups: f.groups_below } : f;
}

export function regionWindows(code) {
  const index = current.regions.get(code);
  return index ? index.covering.map(([year, id]) => [year, ...index.windows[id]]) : [];
}

// The year a form shows when the question names none: the one being collected on `day` when the
// library has it, else the newest it has (the same choice the calculator makes without --year).
export function defaultYear(code, day) {
  const years = regionYears(code);
  const collecting = collectingYear(regionWindows(code), day);
  return years.some(([year]) => year === collecting) ? collecting : years[0][0];
}
