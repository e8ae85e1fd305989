// What every part of the calculator page shares: its configuration (the JSON block the build
// writes, sitebuild/calculator_page.py page_json), the elements it works on, and the state of the
// questions asked so far. A module of its own so the other modules can import these without
// importing each other: nothing here does anything but find and hold.

export const root = document.getElementById("calc");
const config = JSON.parse(document.getElementById("calc-config").textContent);
export const FORM = config.form;
// The command line's `quote` options, {name: {flag, repeatable}} (calculator.cli.quote_options):
// a fragment uses these names, or the same with "_" for "-".
export const OPTIONS = Object.fromEntries(FORM.options.map((o) => [o.name, o]));
// The command line's `household` options (region, year, on, member): a household's fragment.
export const HOUSEHOLD_OPTIONS = Object.fromEntries(FORM.household.options.map((o) => [o.name, o]));
export const ASSETS = new URL("../", import.meta.url).href;
export const $ = (id) => document.getElementById(id);

export const form = $("calc-form");
export const quoteBox = $("quote");
export const householdBox = $("household");
export const statusBox = $("calc-status");
export const statusText = $("calc-status-text");
export const progressBar = $("calc-progress");

export const state = {
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

// The form's own fields (the household's are in its cards, household.js).
export const fields = {
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

// Every policy data file the page fetched (data.js): absolute URL -> Promise of parsed JSON. The
// service worker is asked to keep the same list (offline.js).
export const loaded = new Map();
