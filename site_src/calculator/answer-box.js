// The two answer boxes (#quote for one person, #household for a household): which one the last
// question's answer goes to, clearing it, marking it stale, and the refusals shown in it (a
// calculator error, a link the page cannot read). Separate because the worker client, the status
// and the form all write to the boxes.

import { el } from "./format.js";
import { HOUSEHOLD_OPTIONS, OPTIONS, householdBox, quoteBox, state } from "./page.js";

// The box the last question's answer goes to: #quote (one person) or #household.
export function answerBox() {
  return state.kind === "household" ? householdBox : quoteBox;
}

export function clearBox(box) {
  box.classList.remove("calc-stale");
  for (const name of ["data-json", "data-error", "data-exit-code"]) box.removeAttribute(name);
}

export function showError(text) {
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
export function showFragmentProblems(problems, kind) {
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

// An answer no longer matches the form once the form changes.
export function markStale() {
  for (const box of [quoteBox, householdBox]) if (box.dataset.state === "answered") box.classList.add("calc-stale");
}
