// A household's answer (#household): the total to pay on the day asked, one row per member with
// every figure linked to its clause, what is collected on each later day, the notes and the
// notice. It shows the JSON `python -m calculator household … --json` prints and decides nothing.
// Separate from household.js (the members' cards in the form): this needs only the answer.
//
// As everywhere on the page, every text goes into the page through textContent (format.js el).

import { citeLinks, cnDate, dateNode, docNumber, el, yuan } from "./format.js";

function memberCite(m, keys) {
  for (const key of keys) {
    const links = citeLinks(m, key);
    if (links) return links;
  }
  return null;
}

// A cell names its column (data-label): on a phone the table is one block per member, and each
// figure shows under that name. Text is wrapped so each piece lands in the figure's column.
const cell = (label, ...children) => el("td", { "data-label": label },
  ...children.map((c) => (typeof c === "string" ? el("span", { text: c }) : c)));

function paymentCell(row, m, label) {
  let text;
  if (row.payment === "now") text = "可以缴费";
  else if (row.payment === "later") text = ["这天不能缴，", dateNode(row.pay_on), "起可以缴"];
  else if (row.payment === "outside_window") text = "在集中征缴期外，按期外规定办理";
  else if (row.payment === "year_over") text = `不能再为${m.year}年度缴费（该年度已结束）`;
  else if (row.payment === "cover_unknown") text = `等待期长度未写明，缴费后能否享受${m.year}年度待遇无法判断，暂不收取`;
  else text = "按通知规定不能办理";
  const cite = row.payment === "year_over" ? null : row.payment === "cover_unknown" ? memberCite(m, ["waiting_period"]) : row.payment === "not_eligible" ? memberCite(m, ["eligible"])
    : memberCite(m, row.payment === "now" ? ["in_collection_window"] : ["next_payable", "in_collection_window"]);
  return cell(label, el("span", { class: `calc-value hh-pay hh-pay-${row.payment}` }, text), cite);
}

// An excerpt's silence is not the notice's (calculator/holding.py): the notes give the address.
function silent(m) {
  return m.text_held === "excerpt" ? "原文摘录未包含此项" : "通知未写明";
}

function subsidyCells(m, labels) {
  if (!m.eligible) return [cell(labels[0], "—"), cell(labels[1], "—")];
  const amount = m.subsidy === null ? `${silent(m)}金额` : m.subsidy === 0 ? "无资助" : yuan(m.subsidy);
  const payer = m.subsidy === 0 ? "—" : m.subsidy_payer || silent(m);
  return [cell(labels[0], el("span", { class: "calc-value", text: amount }), memberCite(m, ["subsidy"])),
    cell(labels[1], payer, m.subsidy_payer ? memberCite(m, ["subsidy"]) : null)];
}

function personalCell(m, label) {
  if (m.year_over) {
    const amount = m.personal_contribution === null ? "通知未写明" : yuan(m.personal_contribution);
    return cell(label, el("span", { class: "calc-value", text: `${m.year}年度标准 ${amount}` }),
      el("span", { class: "hh-small", text: "仅供参考，不再收取" }), memberCite(m, ["personal_contribution"]));
  }
  if (!m.eligible) return cell(label, el("span", { class: "calc-value hh-refused", text: "不能办理" }), memberCite(m, ["eligible"]));
  const amount = m.personal_contribution === null ? silent(m) : yuan(m.personal_contribution);
  const surcharge = m.late_surcharge ? el("span", { class: "hh-small", text: `含期外加收 ${yuan(m.late_surcharge)}` }) : null;
  return cell(label, el("span", { class: "calc-value", text: amount }), surcharge, memberCite(m, ["personal_contribution"]));
}

function coverCell(m, label) {
  if (m.year_over) return cell(label, el("span", { class: "calc-value", text: "没有（该年度已不能享受待遇）" }));
  if (!m.eligible) return cell(label, "—");
  const start = m.benefit_start ? dateNode(m.benefit_start)
    : m.waiting_period && m.waiting_period.ends === null ? "无法算出（等待期长度未写明）" : silent(m);
  const wait = m.waiting_period ? el("span", { class: "hh-small", text: `等待期：${m.waiting_period.text}` }) : null;
  return cell(label, el("span", { class: "calc-value" }, start), wait, memberCite(m, ["benefit_start"]));
}

function whose(h, numbers) {
  return numbers.map((n) => `第${n}位（${h.rows[n - 1].who}）`).join("、");
}

// The amount due on one day: `{on, members, personal_contribution, citations}`.
function dueLine(h, due, asked) {
  const amount = due.personal_contribution === null ? "无法合计" : yuan(due.personal_contribution);
  const who = due.members.length ? `：${whose(h, due.members)}` : "：这一天没有成员可以缴";
  return el("div", { class: "calc-row" },
    el("dt", {}, dateNode(due.on), asked ? "应缴" : "起缴"),
    el("dd", {}, el("span", { class: "calc-value", text: amount }), who,
      citeLinks({ citations: { due: due.citations || [] } }, "due")));
}

export function renderHousehold(h, shareParts) {
  const labels = ["成员", "个人缴费", "资助", "资助由谁承担", `${cnDate(h.on)}能不能缴`, "从哪天起享受待遇"];
  const parts = [];
  parts.push(el("p", { class: "calc-asked" },
    [`${h.region_name}（${h.region}）`, `${h.year}年度`, `${h.member_count}位家庭成员`, `缴费（登记）日期 ${cnDate(h.on)}`].join(" · ")));

  // the total to pay now, large; the year's total beside it
  const head = el("div", { class: "calc-headline" });
  const now = h.pay_now;
  head.append(el("p", { class: "calc-amount-label", text: `${cnDate(h.on)}全家应缴${h.current_notice && !h.year_over.length ? "" : `（${h.year}年度）`}` }));
  if (!now.members.length && h.year_over.length === h.member_count) {
    head.append(el("p", { class: "calc-amount calc-unknown", text: `没有：${h.year}年度已结束` }));
  } else if (!now.members.length && h.pay_later.length) {
    head.append(el("p", { class: "calc-amount calc-unknown", text: "这一天没有成员可以缴费" }));
  } else if (now.personal_contribution === null) {
    head.append(el("p", { class: "calc-amount calc-unknown", text: "无法合计" }));
  } else {
    head.append(el("p", { class: "calc-amount" }, el("span", { class: "calc-amount-number", text: String(now.personal_contribution) }),
      el("span", { class: "calc-amount-unit", text: " 元" })));
  }
  const missing = h.members.map((m, i) => (m.personal_contribution === null ? i + 1 : null)).filter(Boolean);
  const total = h.total_personal_contribution === null
    ? [`全年个人缴费合计：无法算出——${whose(h, missing)}的金额通知没有写明或不能办理，见下面的说明。`]
    : [h.year_over.length ? `${h.year}年度个人缴费标准合计（仅供参考，已结束的年度不再收取）：` : "全年个人缴费合计：",
      el("strong", { text: yuan(h.total_personal_contribution) })];
  head.append(el("p", { class: "hh-total", "data-key": "total_personal_contribution" }, ...total,
    citeLinks(h, "total_personal_contribution")));
  parts.push(head);

  // one row per member, every figure with its clause
  const rows = h.rows.map((row, i) => {
    const m = h.members[i];
    return el("tr", { "data-member": row.member },
      el("th", { scope: "row", "data-label": labels[0] }, `第${row.member}位`, el("span", { class: "hh-who", text: row.who })),
      personalCell(m, labels[1]), ...subsidyCells(m, [labels[2], labels[3]]), paymentCell(row, m, labels[4]), coverCell(m, labels[5]));
  });
  parts.push(el("table", { class: "hh-table" },
    el("caption", { text: "每位家庭成员的缴费" }),
    el("thead", {}, el("tr", {}, labels.map((text) => el("th", { scope: "col", text })))),
    el("tbody", {}, rows)));

  // what is collected on the day asked and on each later day
  const due = el("dl", { class: "calc-facts hh-due" });
  if (now.members.length || !h.pay_later.length) due.append(dueLine(h, now, true));
  for (const later of h.pay_later) due.append(dueLine(h, later, false));
  parts.push(el("h3", { text: "什么时候缴、缴多少" }), due);

  if (h.notes && h.notes.length) {
    parts.push(el("h3", { text: "说明" }), el("ul", { class: "calc-notes" }, h.notes.map((n) => el("li", { text: n }))));
  }
  const first = h.members[0];
  const noticeCite = ((first && first.citations) || {}).notice;
  const nid = noticeCite && noticeCite[0] ? noticeCite[0].notice : "";
  // the issuer when the original has no 文号 (calculator/holding.py, document_of)
  const documentName = h.document_number ? docNumber(h.document_number)
    : ((first && first.sources && first.sources[0]) || {}).issuer_label || "原文无文号";
  parts.push(el("p", { class: "calc-source" }, "依据文件：",
    /^[\w-]+$/.test(nid) ? el("a", { href: `../notices/${nid}/`, text: documentName }) : documentName));
  parts.push(...shareParts("hh"));
  return [el("h2", { id: "hh-answer-title", tabindex: "-1", text: "全家计算结果" }), ...parts];
}
