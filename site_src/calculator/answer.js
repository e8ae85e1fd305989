// One person's answer (#quote): the amount and how it is made up, when to pay, when cover starts,
// the notes and the notice, every figure linked to its clause. Separate because it is the largest
// single job of the page and reads only the answer's JSON and the notice's data.

import { todayISO } from "../collecting.js";
import { current, regionRow, regionYears } from "./data.js";
import { citeLinks, cnDate, dateNode, docNumber, el, yuan } from "./format.js";
import { FORM, OPTIONS, quoteBox } from "./page.js";
import { shareParts } from "./share.js";

function figure(label, value, answer, key, extra) {
  return el("div", { class: "calc-row", "data-key": key },
    el("dt", { text: label }),
    el("dd", {}, el("span", { class: "calc-value" }, value), extra || null, citeLinks(answer, key)));
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

export function renderAnswer(a, params) {
  const file = current.files.get(a.notice);
  const notice = file ? file.form : null;
  const parts = [];
  const asked = [
    `${a.region_name}（${a.region}）`,
    `${a.year}年度`,
    groupNames(a.categories || []),
    a.tier && notice ? (notice.tiers.find((t) => t.id === a.tier) || {}).name || a.tier : null,
    a.population_name || null,
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
    const tierName = a.population_name || (a.tier && notice ? ((notice.tiers.find((t) => t.id === a.tier) || {}).name || "") : "");
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
