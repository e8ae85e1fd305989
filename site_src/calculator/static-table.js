// The chosen notice's table of amounts, from its data file alone: on the page before Python has
// loaded, and when it cannot load at all. Separate because it needs nothing of the worker.

import { clauseLink, cnDate, el, sourceLink, yuan } from "./format.js";
import { $ } from "./page.js";

// The chosen notice's table, from its data file: usable before Python has loaded, and when it
// cannot load at all. Every figure links to its clause, as on the notice's own page.
export function showStatic(file) {
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
  // a notice by population (calculator.summary's by_population): every population's standard, with
  // who is in it where the text held says; each resident pays their own population's
  const byPopulation = t.standard.by_population ? ["（按人群分别规定，各人按本人所属的人群缴费）"] : [];
  const standard = t.standard.tiers.length
    ? [...t.standard.tiers.flatMap((tier, i) => [i ? "，" : "", `${tier.name}${tier.who ? `（${tier.who}）` : ""} `, cite(yuan(tier.amount), tier.citation)]), ...byPopulation]
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
  // no single amount: a notice by population states it as the whole or a share of each one's standard
  const subsidy = (g) => (g.subsidy === null
    ? (g.full ? cite("全额", g.citation) : g.percent ? cite(`本人所属人群标准的${g.percent}%`, g.citation) : "未写明金额")
    : g.subsidy === 0 ? "无" : cite(yuan(g.subsidy), g.citation));
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
