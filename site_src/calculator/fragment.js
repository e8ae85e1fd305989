// The URL fragment: calculator/#region=…&year=…&category=…&on=… read under the command line's
// names (or the same with "_" for "-"), and the fragment of a question written back. Separate
// because it is the page's contract with a shared link (domain.md): what it refuses, it refuses
// here, before anything is asked.

import { HOUSEHOLD_OPTIONS, OPTIONS } from "./page.js";

const FLAG_VALUES = { 1: true, true: true, yes: true, on: true, 0: false, false: false, no: false, off: false };

function canonical(name, options = OPTIONS) {
  const key = String(name).replace(/_/g, "-");
  return Object.prototype.hasOwnProperty.call(options, key) ? key : null;
}

// The fragment as {params, problems}: params under the command line's names; problems name, in
// plain words, every part the page cannot read. A question with problems is not answered — a
// dropped part would answer a different question, and that answer would look right.
// With `member` in it, the fragment is a household's (household: true), read under the household's
// names; each member string is passed on as it is, for the calculator to judge (an empty one too).
export function readFragment() {
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
export function fragmentFor(params, options = OPTIONS) {
  const sp = new URLSearchParams();
  for (const key of Object.keys(options)) {
    const value = params[key];
    if (value === undefined || value === null || value === "") continue;
    if (Array.isArray(value)) value.forEach((v) => sp.append(key, v));
    else sp.append(key, value);
  }
  return sp.toString();
}
