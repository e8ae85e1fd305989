// The review desk's page. Everything it shows comes from api/state; the notice's text is only
// ever put in as text (textContent), never as HTML.
"use strict";
(() => {
  const base = location.pathname.endsWith("/") ? location.pathname : location.pathname + "/";
  const STATUS = {proposed: "待核对", missing: "未找到", inconsistent: "前后不一致", checked: "已核对"};
  const HOW = {confirmed: "人工确认", pointed: "指认原文", typed: "手填", corrected: "改正", absent: "通知未写", earlier: "此前已核对"};
  let state = null, current = null, selection = null;
  const $ = (id) => document.getElementById(id);

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v; else if (k === "text") node.textContent = v; else node.setAttribute(k, v);
    }
    for (const c of children) if (c !== null && c !== undefined) node.append(c);
    return node;
  }
  const fid = (key) => "f-" + key.replace(/\./g, "-");

  async function call(path, body, onOk) {
    const res = await fetch(base + path, body === undefined ? {} :
      {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)});
    const data = await res.json();
    if (res.ok) {
      say(data.message || "");
      if (data.error) say(data.error, true);
      if (onOk) { state = data; onOk(); }
      render(data);
    }
    else { if (data.state) render(data.state); say(data.error, true, data.key); }
    return res.ok;
  }
  function say(text, error, key) {
    const s = $("status");
    s.textContent = text || "";
    s.className = error ? "error" : "";
    if (error && key) {
      const box = document.querySelector("#" + CSS.escape(fid(key)) + " .field-error");
      if (box) box.textContent = text;
    }
  }

  // ------------------------------------------------------------------ the notice's text
  function renderText() {
    const marks = {};
    for (const f of state.fields) for (const [cid, a, b] of f.marks) (marks[cid] = marks[cid] || []).push([a, b, f]);
    const root = $("clauses");
    root.replaceChildren();
    for (const c of state.clauses) {
      const box = el("div", {class: "clause", id: "c-" + c.id.replace(/\./g, "-")});
      box.append(el("h3", {class: "clause-h"}, el("span", {class: "clause-label", text: c.label}),
                    c.heading ? el("span", {class: "clause-heading", text: c.heading}) : null));
      const p = el("p", {class: "text", "data-clause": c.id});
      let at = 0;
      for (const [a, b, f] of (marks[c.id] || []).sort((x, y) => x[0] - y[0])) {
        if (a < at) continue;
        p.append(document.createTextNode(c.text.slice(at, a)));
        p.append(el("a", {class: "hl" + (f.checked ? " checked" : "") + (f.key === current ? " current" : ""),
                          href: "#" + fid(f.key), "data-key": f.key, title: f.title, text: c.text.slice(a, b)}));
        at = b;
      }
      p.append(document.createTextNode(c.text.slice(at)));
      box.append(p);
      root.append(box);
    }
  }

  // ------------------------------------------------------------------ the fields
  function renderFields() {
    const root = $("fields");
    root.replaceChildren();
    let heading = null;
    for (const f of state.fields) {
      if (f.heading !== heading) { heading = f.heading; root.append(el("h3", {class: "group-h", text: heading})); }
      const art = el("article", {class: `field status-${f.status}` + (f.key === current ? " current" : ""), id: fid(f.key),
                                 tabindex: "-1", "data-key": f.key, "aria-labelledby": fid(f.key) + "-h"});
      art.append(el("h4", {id: fid(f.key) + "-h"}, f.title + " ", el("span", {class: "badge", text: STATUS[f.status] + (f.how && HOW[f.how] ? " · " + HOW[f.how] : "")})));
      art.append(el("p", {class: "summary", text: f.summary}));
      if (f.evidence) art.append(el("p", {class: "evidence", text: "原文：" + f.evidence}));
      for (const x of f.findings) art.append(el("p", {class: "finding", text: "不一致：" + x}));
      if (f.problem) art.append(el("p", {class: "problem", text: "校验未通过：" + f.problem}));
      art.append(el("p", {class: "field-error", "aria-live": "polite"}));
      const edit = el("div", {class: "edit"});
      for (const [path, label, value] of f.leaves) {
        const input = el("input", {type: "text", value: value, "data-path": path, id: fid(f.key) + "-" + path.replace(/\./g, "-")});
        input.addEventListener("change", () => call("api/act", {op: "edit", key: f.key, path, value: input.value}));
        edit.append(el("label", {for: input.id}, label, input));
      }
      if (f.needs_clause) {
        const sel = el("select", {id: fid(f.key) + "-cite"});
        sel.append(el("option", {value: "", text: "（选择条款）"}));
        for (const c of state.clauses) sel.append(el("option", {value: c.id, text: c.label, selected: c.id === f.cite ? "selected" : null}));
        sel.addEventListener("change", () => call("api/act", {op: "cite", key: f.key, clause: sel.value}));
        edit.append(el("label", {for: sel.id}, "依据条款", sel));
      }
      art.append(edit);
      const actions = el("div", {class: "actions"});
      const button = (label, fn, cls) => { const b = el("button", {type: "button", class: cls, text: label}); b.addEventListener("click", fn); actions.append(b); };
      button("确认（Enter）", () => confirm(f.key), "primary");
      button("用选中的原文（P）", () => point(f.key));
      if (f.may_be_absent) button("通知未写（N）", () => confirm(f.key, "absent"));
      art.append(actions);
      art.addEventListener("focusin", () => select(f.key, false));
      art.addEventListener("click", (e) => { if (e.target === art || e.target.tagName === "H4" || e.target.tagName === "P") select(f.key, true); });
      root.append(art);
    }
  }

  function renderTryit() {
    const t = state.tryit, root = $("tryit");
    root.replaceChildren();
    if (t.blocked) { root.append(el("p", {class: "problem", text: t.blocked})); return; }
    const table = el("table", {}, el("caption", {text: "按当前数据，计算器会这样回答"}));
    table.append(el("thead", {}, el("tr", {}, ...["居民", "个人缴费", "征缴期内", "待遇开始"].map((h) => el("th", {scope: "col", text: h})))));
    const body = el("tbody");
    for (const r of t.rows) body.append(r.ok ? el("tr", {}, el("th", {scope: "row", text: r.who}), el("td", {text: r.contribution}),
        el("td", {text: r.in_window}), el("td", {text: r.eligible === false ? "不予办理" : r.benefit_start}))
      : el("tr", {}, el("th", {scope: "row", text: r.who}), el("td", {colspan: "3", text: r.note})));
    table.append(body);
    root.append(table);
  }

  function render(s) {
    state = s;
    document.body.dataset.version = String((+document.body.dataset.version || 0) + 1);
    const active = document.activeElement && document.activeElement.closest && (document.activeElement.closest(".field")
      || document.activeElement === document.body);
    if (!current || !state.fields.some((f) => f.key === current)) current = nextUnchecked(null) || state.fields[0].key;
    $("doc-title").textContent = "核对草稿：" + state.title + "（" + state.file + "）";
    $("progress").textContent = `已核对 ${state.progress.checked} / ${state.progress.total} 项` + (state.resumed ? "（接着上次的进度）" : "");
    renderText(); renderFields(); renderTryit();
    if (state.saved) {
      $("saved").hidden = false;
      $("saved-message").textContent = state.saved.left ? `还有 ${state.saved.left} 项没有核对，文件仍是草稿。` : "全部核对完毕。与上一年度相比：";
      $("saved-diff").textContent = state.saved.diff;
    }
    if (toAccept) { toAccept = false; $("accept").focus(); }
    else if (active) { focusField(current); showMarks(current); }
  }
  function showMarks(key) {
    const mark = document.querySelector(`a.hl[data-key="${CSS.escape(key)}"]`);
    if (mark) mark.scrollIntoView({block: "center"});
  }

  // ------------------------------------------------------------------ moving and acting
  function nextUnchecked(from) {
    const list = state.fields, start = list.findIndex((f) => f.key === from);
    for (let i = 1; i <= list.length; i++) {
      const f = list[(start + i + list.length) % list.length];
      if (!f.checked) return f.key;
    }
    return null;
  }
  function focusField(key) {
    const art = document.getElementById(fid(key));
    if (art) art.focus({preventScroll: false});
  }
  function select(key, focus) {
    if (current !== key) {
      current = key;
      for (const n of document.querySelectorAll(".field.current, a.hl.current")) n.classList.remove("current");
      const art = document.getElementById(fid(key));
      if (art) art.classList.add("current");
      const marks = document.querySelectorAll(`a.hl[data-key="${CSS.escape(key)}"]`);
      marks.forEach((m) => m.classList.add("current"));
      if (marks[0]) marks[0].scrollIntoView({block: "center"});
    }
    if (focus) focusField(key);
  }
  function move(step) {
    const list = state.fields, i = list.findIndex((f) => f.key === current);
    select(list[(i + step + list.length) % list.length].key, true);
  }
  let toAccept = false;
  function confirm(key, op) {
    // the next field is chosen before the page is redrawn, so focus lands there in one step
    return call("api/act", {op: op || "confirm", key}, () => {
      const next = nextUnchecked(key);
      current = next || key;
      toAccept = !next;
    });
  }
  function point(key) {
    const s = readSelection() || selection;
    if (!s) { say("请先在原文里选中写着这一项的字句。", true, key); return; }
    selection = null;
    call("api/act", {op: "point", key, clause: s.clause, start: s.start, end: s.end});
  }

  // Where a selection lies in its clause's text (offsets into the clause text as served).
  function readSelection() {
    const sel = document.getSelection();
    if (!sel || sel.isCollapsed || !sel.rangeCount) return null;
    const range = sel.getRangeAt(0);
    const p = range.startContainer.parentElement && range.startContainer.parentElement.closest("p.text");
    if (!p || !p.contains(range.endContainer)) return null;
    const before = document.createRange();
    before.setStart(p, 0);
    before.setEnd(range.startContainer, range.startOffset);
    const start = before.toString().length;
    return {clause: p.dataset.clause, start, end: start + range.toString().length};
  }
  // kept, since moving to a field's button may take the selection away
  document.addEventListener("selectionchange", () => { selection = readSelection() || selection; });

  document.addEventListener("click", (e) => {
    const hl = e.target.closest && e.target.closest("a.hl");
    if (hl && !(document.getSelection() && !document.getSelection().isCollapsed)) { e.preventDefault(); select(hl.dataset.key, true); }
  });
  document.addEventListener("keydown", (e) => {
    if (!state || e.altKey || e.metaKey) return;
    const tag = e.target.tagName;
    if (e.ctrlKey) { if (e.key === "z" && tag !== "INPUT") { e.preventDefault(); call("api/act", {op: "undo"}); } return; }
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA") return;
    if (e.key === "Enter" && (tag === "BUTTON" || tag === "A")) return;
    const k = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    const act = {Enter: () => confirm(current), j: () => move(1), k: () => move(-1), p: () => point(current),
                 n: () => confirm(current, "absent"), u: () => call("api/act", {op: "undo"})}[k];
    if (act) { e.preventDefault(); act(); }
  });
  $("accept").addEventListener("click", () => call("api/accept", {}));
  call("api/state").then(() => focusField(current));
})();
