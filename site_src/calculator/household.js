// The household (一户多人) part of the calculator page: one card per member in the form, and the
// table of what each member pays.
//
// Python decides everything: calculator.browser.household_answer (in the worker) reads the member
// strings this module writes, judges them with the command line's own grammar (calculator/members.py;
// its messages name the member, 第N位, and the field) and returns what
// `python -m calculator household … --json` prints. This module only turns the form into those
// strings and shows the JSON it gets back. calculator.js owns the worker, the fragment and the
// shared fields (region, year, day) and hands in what both parts use (`page`), so there is one copy
// of each helper and no import cycle.
//
// As in calculator.js, every text goes into the page through textContent: nothing here builds HTML.

export function createHousehold(page) {
  const { el, FORM, cnDate, yuan, dateNode, citeLinks, currentNotice, docNumber } = page;
  const MEMBER = FORM.household.member; // calculator.members.member_format()
  const MAX = MEMBER.max_members;
  const LINK = MEMBER.styles.link; // a link writes category:dibao;situation:newborn
  const $ = (id) => document.getElementById(id);
  const list = $("hh-members");
  const addButton = $("hh-add");
  const limit = $("hh-limit");
  let nextUid = 1; // ids of a card's inputs stay unique when members are removed and added

  // ------------------------------------------------------------------------ member cards
  // A member's choices as plain data: what a card shows and what a link carries.
  const blank = () => ({ category: ["ordinary"], tier: null, situation: "renewal", born: "", since: "",
    "parent-insured": false, "lapse-years": "", "repaid-years": "" });

  function card(values) {
    const uid = nextUid++;
    const id = (name) => `hh-${uid}-${name}`;
    const notice = currentNotice();
    const box = el("fieldset", { class: "hh-member", "data-uid": uid });
    box.append(el("legend", { class: "hh-member-title" }));

    const groups = el("div", { class: "calc-choices" });
    for (const g of notice ? notice.groups : []) {
      const input = el("input", { type: "checkbox", name: `hh-${uid}-category`, value: g.id, id: id(`cat-${g.id}`) });
      input.checked = values.category.includes(g.id);
      groups.append(el("label", { class: "calc-choice", for: id(`cat-${g.id}`) }, input, el("span", { text: g.name })));
    }
    if (notice && !groups.querySelector("input:checked")) {
      const ordinary = groups.querySelector('input[value="ordinary"]');
      if (ordinary) ordinary.checked = true;
    }
    box.append(el("fieldset", { class: "calc-fieldset", "data-part": "category" }, el("legend", { text: "人员类别（可多选）" }), groups));

    const tiers = notice ? notice.tiers : [];
    if (tiers.length) {
      const tierBox = el("div", { class: "calc-choices" });
      for (const t of tiers) {
        const input = el("input", { type: "radio", name: `hh-${uid}-tier`, value: t.id, id: id(`tier-${t.id}`) });
        input.checked = values.tier ? values.tier === t.id : t.id === notice.default_tier;
        tierBox.append(el("label", { class: "calc-choice", for: id(`tier-${t.id}`) }, input, el("span", { text: t.name })));
      }
      box.append(el("fieldset", { class: "calc-fieldset", "data-part": "tier" }, el("legend", { text: "缴费档次" }), tierBox));
    }

    const situation = el("select", { id: id("situation"), "data-part": "situation" });
    for (const s of notice ? notice.situations : [{ id: "renewal", name: FORM.situations.renewal }]) {
      situation.append(el("option", { value: s.id, text: s.name }));
    }
    if ([...situation.options].some((o) => o.value === values.situation)) situation.value = values.situation;
    box.append(el("div", { class: "calc-field" }, el("label", { for: id("situation"), text: "参保情形" }), situation));

    const dateField = (name, label) => el("div", { class: "calc-field", "data-show": name },
      el("label", { for: id(name), text: label }), el("input", { type: "date", id: id(name), "data-part": name, value: values[name] || "" }));
    const numberField = (name, label) => el("div", { class: "calc-field", "data-show": name },
      el("label", { for: id(name), text: label }),
      el("input", { type: "number", id: id(name), "data-part": name, inputmode: "numeric", min: 0, max: 50, step: 1, placeholder: "0", value: values[name] || "" }));
    const parent = el("input", { type: "checkbox", id: id("parent-insured"), "data-part": "parent-insured" });
    parent.checked = !!values["parent-insured"];
    box.append(
      dateField("born", "孩子的出生日期"),
      el("div", { class: "calc-field calc-check", "data-show": "parent-insured" }, parent,
        el("label", { for: id("parent-insured"), text: "父亲或母亲参加了本地基本医保" })),
      dateField("since", "职工医保停保（断保）的日期"),
      numberField("lapse-years", "紧接本年度之前，连续几年没有参保（断保年数）"),
      numberField("repaid-years", "其中已经补缴了几年"),
      el("button", { type: "button", class: "calc-button calc-secondary hh-remove" }));
    showParts(box);
    return box;
  }

  // Only the fields this member's situation and the chosen notice use are shown.
  function showParts(box) {
    const notice = currentNotice();
    const s = part(box, "situation").value;
    const show = (name, on) => { box.querySelector(`[data-show="${name}"]`).hidden = !on; };
    show("born", s === "newborn");
    show("parent-insured", s === "newborn" && !!(notice && notice.parent_insured));
    show("since", s === "employee_lapse" || s === "welfare_child");
    box.querySelector('[data-show="since"] label').textContent = s === "welfare_child" ? "进入儿童福利机构的日期" : "职工医保停保（断保）的日期";
    show("lapse-years", !!(notice && notice.lapse));
    show("repaid-years", !!(notice && notice.repaid));
  }

  const part = (box, name) => box.querySelector(`[data-part="${name}"]`);
  const cards = () => [...list.querySelectorAll(".hh-member")];

  function valuesOf(box) {
    const v = blank();
    v.category = [...box.querySelectorAll('[data-part="category"] input:checked')].map((i) => i.value);
    const tier = box.querySelector('[data-part="tier"] input:checked');
    v.tier = tier ? tier.value : null;
    v.situation = part(box, "situation").value;
    for (const name of ["born", "since", "lapse-years", "repaid-years"]) v[name] = part(box, name).value.trim();
    v["parent-insured"] = part(box, "parent-insured").checked;
    return v;
  }

  // Numbers, names and the add button follow the list (第1位, 第2位… in the order shown).
  function renumber() {
    const all = cards();
    all.forEach((box, i) => {
      box.querySelector(".hh-member-title").textContent = `第${i + 1}位家庭成员`;
      box.querySelector(".hh-remove").textContent = `去掉第${i + 1}位`;
      box.querySelector(".hh-remove").hidden = all.length === 1;
    });
    addButton.disabled = all.length >= MAX;
    limit.textContent = all.length >= MAX ? `一户最多${MAX}位家庭成员；人更多的，请分成几户计算。` : `已填 ${all.length} 位，最多 ${MAX} 位。`;
  }

  function setMembers(valuesList) {
    list.replaceChildren(...valuesList.slice(0, MAX).map(card));
    renumber();
  }

  function add(values) {
    if (cards().length >= MAX) return null;
    const box = card(values || blank());
    list.append(box);
    renumber();
    return box;
  }

  list.addEventListener("click", (event) => {
    const button = event.target.closest(".hh-remove");
    if (!button) return;
    const box = button.closest(".hh-member");
    const next = box.nextElementSibling || box.previousElementSibling;
    box.remove();
    renumber();
    page.onChange();
    // keyboard users keep their place: focus moves to the member now in that spot
    if (next) part(next, "situation").focus();
  });
  list.addEventListener("change", (event) => {
    const input = event.target;
    const box = input.closest(".hh-member");
    if (!box) return;
    if (input.dataset.part === "situation") showParts(box);
    // 普通城乡居民 and the special groups exclude each other, as in the one-person form
    if (input.type === "checkbox" && input.closest('[data-part="category"]') && input.checked) {
      for (const other of box.querySelectorAll('[data-part="category"] input:checked')) {
        if (other !== input && (input.value === "ordinary" || other.value === "ordinary")) other.checked = false;
      }
    }
  });
  addButton.addEventListener("click", () => {
    const box = add();
    page.onChange();
    if (box) box.querySelector("input, select").focus();
  });

  // ------------------------------------------------------------------------ members as text
  // One member as a link writes it (category:tekun;situation:newborn;born:2025-01-05): only what
  // the chosen notice and the member's situation use, as the one-person form does.
  function memberText(v) {
    const notice = currentNotice();
    const pairs = (v.category.length ? v.category : ["ordinary"]).map((c) => ["category", c]);
    if (notice && notice.tiers.length && v.tier) pairs.push(["tier", v.tier]);
    if (v.situation && v.situation !== "renewal") pairs.push(["situation", v.situation]);
    if (v.situation === "newborn") {
      pairs.push(["born", v.born]);
      if (notice && notice.parent_insured && v["parent-insured"]) pairs.push(["parent-insured", "1"]);
    }
    if (v.situation === "employee_lapse" || v.situation === "welfare_child") pairs.push(["since", v.since]);
    for (const name of ["lapse-years", "repaid-years"]) {
      const used = notice && (name === "lapse-years" ? notice.lapse : notice.repaid);
      if (used && v[name] !== "" && v[name] !== "0") pairs.push([name, v[name]]);
    }
    return pairs.map(([k, value]) => k + LINK.key_value + value).join(LINK.pair);
  }

  // A member string of a link, read back into a card's choices. Only to fill the form: Python
  // judges the string itself (a part this cannot read is simply not ticked here).
  function parseMember(text) {
    const v = blank();
    v.category = [];
    const pairSep = new RegExp(`[${MEMBER.pair_separators.replace(/[\]\\^-]/g, "\\$&")}]`);
    for (const piece of String(text).split(pairSep)) {
      const at = Math.min(...[...MEMBER.key_value_separators].map((s) => piece.indexOf(s)).filter((i) => i >= 0));
      if (!Number.isFinite(at)) continue;
      const key = piece.slice(0, at).trim().replace(/_/g, "-");
      const value = piece.slice(at + 1).trim();
      if (key === "category") v.category.push(value);
      else if (key === "parent-insured") v[key] = ["1", "true", "yes", "on"].includes(value.toLowerCase());
      else if (key in v) v[key] = value;
    }
    if (!v.category.length) v.category = ["ordinary"];
    return v;
  }

  // The form's members as link strings, or [field, message] for a field the form itself can see
  // is empty (everything else is the calculator's to judge, in its words).
  function read() {
    const members = [];
    for (const [i, box] of cards().entries()) {
      const v = valuesOf(box);
      if (v.situation === "newborn" && !v.born) return { missing: [part(box, "born"), `第${i + 1}位家庭成员：请填写孩子的出生日期。`] };
      if ((v.situation === "employee_lapse" || v.situation === "welfare_child") && !v.since) {
        return { missing: [part(box, "since"), `第${i + 1}位家庭成员：请填写${box.querySelector('[data-show="since"] label').textContent}。`] };
      }
      members.push(memberText(v));
    }
    return { members };
  }

  // The chosen notice changed: the cards offer its groups, tiers and situations, keeping the choices.
  function refresh() {
    const kept = cards().map(valuesOf);
    setMembers(kept.length ? kept : [blank()]);
  }

  // ------------------------------------------------------------------------ the answer
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

  function render(h, shareParts) {
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

  return { add, setMembers, refresh, read, render, parseMember, count: () => cards().length };
}
