// The household (一户多人) part of the calculator's form: one card per member, and the members as
// the link strings the command line reads (category:dibao;situation:newborn). Its answer, the table
// of what each member pays, is household-answer.js.
//
// Python decides everything: calculator.browser.household_answer (in the worker) reads the member
// strings this module writes, judges them with the command line's own grammar (calculator/members.py;
// its messages name the member, 第N位, and the field) and returns what
// `python -m calculator household … --json` prints. This module only turns the form into those
// strings and back. form.js creates it with what it shares with the one-person form (`page`: the
// chosen notice's choices, markStale); the worker, the fragment and the shared fields (region,
// year, day) are the other modules'.
//
// As in every module of the page, every text goes into the page through textContent: nothing here
// builds HTML.

export function createHousehold(page) {
  const { el, FORM, currentNotice } = page;
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
  const blank = () => ({ category: ["ordinary"], tier: null, population: null, situation: "renewal", born: "", since: "",
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
    const pops = (notice && notice.populations) || [];
    if (pops.length) { // each member's own population; none preselected (the calculator asks for it)
      const popBox = el("div", { class: "calc-choices" });
      for (const p of pops) {
        const input = el("input", { type: "radio", name: `hh-${uid}-population`, value: p.id, id: id(`population-${p.id}`) });
        input.checked = values.population === p.id;
        popBox.append(el("label", { class: "calc-choice", for: id(`population-${p.id}`) }, input, el("span", { text: `${p.name}（${p.amount}元）` })));
      }
      box.append(el("fieldset", { class: "calc-fieldset", "data-part": "population" }, el("legend", { text: "所属人群" }), popBox));
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
    const population = box.querySelector('[data-part="population"] input:checked');
    v.population = population ? population.value : null;
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
    if (notice && notice.populations && v.population) pairs.push(["population", v.population]);
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
      const pops = part(box, "population");
      if (pops && !v.population) {
        return { missing: [pops.querySelector("input"), `第${i + 1}位家庭成员：请选择所属人群（${[...pops.querySelectorAll("label")].map((l) => l.textContent).join("、")}）。`] };
      }
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

  return { add, setMembers, refresh, read, parseMember, count: () => cards().length };
}
