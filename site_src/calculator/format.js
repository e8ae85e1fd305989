// Building the page's nodes: el() (elements from plain text, never HTML), dates and amounts in
// Chinese, and the links to a notice's clauses and to a source's address. Shared by the answer,
// the static table and the household (household.js), so each helper exists once.
//
// Nothing here builds HTML from strings: every text, including anything that came from the URL,
// goes into the page through textContent / createTextNode, so it can only ever show as text.

export function el(tag, attrs, ...children) {
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
export function cnDate(iso, withWeekday) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
  if (!m) return iso;
  const text = `${+m[1]}年${+m[2]}月${+m[3]}日`;
  if (!withWeekday) return text;
  const day = new Date(+m[1], +m[2] - 1, +m[3]).getDay();
  return `${text}（星期${WEEKDAYS[day]}）`;
}

export function yuan(n) {
  return `${n}\u00a0元`; // a no-break space: the number and its unit stay on one line
}

export function megabytes(bytes) {
  return (bytes / 1048576).toFixed(1);
}

// A source's address: a link off the site the reader may follow, marked as one (as on notice pages).
export function sourceLink(url) {
  return el("a", { href: url, class: "source-link", rel: "external noopener noreferrer", text: url });
}

// A figure's citations: links to the clauses it comes from (calculator/holding.py citations).
export function citeLinks(answer, key) {
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

export function clauseLink(c) {
  if (!c || !/^[\w-]+$/.test(c.notice || "") || !/^[\w-]+$/.test(c.anchor || "")) return null;
  return `../notices/${c.notice}/#${c.anchor}`;
}

// A date that does not break across lines (2024年12月31日 stays whole on a narrow phone).
export function dateNode(iso, withWeekday) {
  const date = el("span", { class: "calc-date", text: cnDate(iso) });
  const full = cnDate(iso, withWeekday);
  return withWeekday && full !== cnDate(iso) ? el("span", {}, date, full.slice(cnDate(iso).length)) : date;
}

// A document number whose serial the original leaves blank (内政办〔2024〕号) says so, as the
// notice's page does (sitebuild/views.py number_blank).
export function docNumber(text) {
  if (!text) return "原文无文号";
  return /〕号$/.test(text) ? `${text}（原文序号空缺）` : text;
}
