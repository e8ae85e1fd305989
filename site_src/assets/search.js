// The header's search box (site_src/overrides/partials/search.html) over Pagefind's chunked index
// (sitebuild/search.py). A module on every page; the build names it by its content's hash.
//
// * Nothing is downloaded until the reader opens the box (the header's magnifier, or "/", "s" or
//   "f" as in Material) or focuses its field. Then pagefind/pagefind.js is imported (it starts its
//   Web Worker, which fetches the index's metadata and wasm: warm() fetches them meanwhile, so they
//   do not wait for the library) together with assets/search.css. Each query then fetches only the
//   index chunks of its words, and the fragments (text and anchors) of the pages it shows, PAGE
//   pages at a time. Typing is debounced; the chunks of what has been typed so far are fetched at
//   once (preload), so they are there when the debounce ends.
// * Pagefind's result URLs are absolute from the site's root, and the site may be served from any
//   folder: the base URL is taken from where pagefind.js was loaded.
// * Chinese: Pagefind segments the pages when indexing and the query with Intl.Segmenter (低保 →
//   低 + 保). The reader's terms (what they separate by spaces) are searched as phrases first
//   (phraseResults: pages where 低 is followed by 保, as Material found 低保 as typed); only when
//   that finds nothing, as while a word is half typed (低保对), the words are searched, each as a
//   prefix. A page where a term never stands as typed then comes after those where all do, with
//   the term struck through under "缺少" (as Material shows a missing term).
// * A result is the page's title, then its sections (headings with an id) where the terms stand,
//   from the page's text in its fragment: clause headings (#c-2-3-3) before the summary's sections
//   at an equal match, each with its heading and an excerpt around the first place a term stands in
//   it; past SECTIONS, the rest sit behind "在该页上还有 N 个…" (a <details>). A page without such a
//   section shows its own excerpt. Pages whose title holds the terms come first in each batch.
// * Every text is set with textContent. Excerpts are cut from the page's text (Pagefind's plain-text
//   excerpt where that text cannot be used), with <mark> elements made here around the query's
//   terms: no markup from the index reaches the page.
// * Keyboard: ↓/↑ move between the field and the results, Enter in the field opens the first
//   result, Escape closes the box. The count is announced (role=status). While an input method
//   composes (pinyin), nothing is searched; the characters it gives are.

const PAGE = 6; // pages whose fragments one screen of results fetches (one round of requests)
const SECTIONS = 3; // sections shown under a page before "more on this page"
const DEBOUNCE_MS = 150;
const EXCERPT = 60; // characters of text around a match
const OPEN_KEYS = new Set(["/", "s", "f"]);

const box = typeof document === "undefined" ? null : document.querySelector("[data-site-search]");
if (box) setUp(box);

function el(tag, className) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  return node;
}

// The query's terms: what the reader separated by spaces (quotes are not operators here).
export function termsOf(query) {
  return query.toLowerCase().replace(/["“”]/g, " ").split(/\s+/).filter(Boolean);
}

// Whether the words from `at` on read `term` (the term may end inside a word: 低保对 in 低保对象).
export function startsAt(words, at, term) {
  let text = "";
  for (let i = at; i < words.length && text.length < term.length; i++) text += words[i].toLowerCase();
  return text.startsWith(term);
}

// A page's text as Pagefind counts its words (a match's location is an index into `words`), with
// what follows each word: a space, or nothing where only the segmenter's U+200B stood.
export function wordsOf(raw) {
  const parts = String(raw || "").split(/([\s\u200b]+)/);
  if (parts[0] === "") parts.splice(0, 2);
  const words = [];
  const gaps = [];
  for (let i = 0; i < parts.length; i += 2) {
    if (parts[i] === "") continue;
    words.push(parts[i]);
    gaps.push(/[^\u200b]/.test(parts[i + 1] || "") ? " " : "");
  }
  return { words, gaps };
}

// About EXCERPT characters of a section (words start..end) from a little before the word `hit`.
export function excerpt({ words, gaps }, start, end, hit) {
  const from = Math.max(start, hit - 8);
  let text = "";
  let i = from;
  for (; i < end && text.length < EXCERPT; i++) text += words[i] + gaps[i];
  return (from > start ? "…" : "") + text.trim() + (i < end ? "…" : "");
}

// A page's fragment (result.data()) ranked for the terms: every place a term stands as typed in
// the page's text, the sections (headings with an id) those places fall in, best first, each with
// an excerpt around its first such place.
export function rank(data, terms, order) {
  const text = wordsOf(data.raw_content);
  const { words } = text;
  const title = String((data.meta && data.meta.title) || "").toLowerCase();
  const result = { data, order, sections: [], missing: [], titled: terms.every((t) => title.includes(t)) };
  if (!terms.length || words.length === 0 || words.length !== data.word_count) {
    // Not the text Pagefind's anchors count in: its own excerpt, no sections.
    result.excerpt = data.plain_excerpt || "";
    return result;
  }
  const heads = (data.anchors || []).filter((a) => /^h[1-6]$/i.test(a.element) && a.id)
    .sort((a, b) => a.location - b.location);
  // Terms the title already answers (沁水 on 沁水县's notice) do not choose its sections: the others do.
  const inTitle = terms.map((t) => title.includes(t));
  const focus = inTitle.every(Boolean) ? terms.map(() => true) : inTitle.map((x) => !x);
  const bySection = new Map();
  const found = new Set();
  let first = -1;
  let head = -1; // index in heads of the section the word i is in
  for (let i = 0; i < words.length; i++) {
    while (head + 1 < heads.length && heads[head + 1].location <= i) head += 1;
    terms.forEach((term, t) => {
      if (!startsAt(words, i, term)) return;
      found.add(t);
      if (first < 0) first = i;
      const anchor = heads[head];
      if (!focus[t] || !anchor || /^h1$/i.test(anchor.element)) return; // before the first heading: the page itself
      const section = bySection.get(anchor) || { anchor, index: head, terms: new Set(), hits: 0, first: i };
      section.terms.add(t);
      section.hits += 1;
      bySection.set(anchor, section);
    });
  }
  result.missing = terms.filter((_, t) => !found.has(t));
  if (!result.missing.length) {
    result.sections = [...bySection.values()]
      .map((s) => ({
        ...s,
        url: `${data.url.split("#")[0]}#${s.anchor.id}`,
        title: s.anchor.text,
        clause: /^c-/.test(s.anchor.id),
        excerpt: excerpt(text, s.anchor.location, heads[s.index + 1] ? heads[s.index + 1].location : words.length, s.first),
      }))
      .sort((a, b) => b.terms.size - a.terms.size || b.clause - a.clause || b.hits - a.hits || a.index - b.index);
  }
  // The page's own line: its excerpt only where no section says more.
  result.excerpt = result.sections.length ? "" : first >= 0 ? excerpt(text, 0, words.length, first) : data.plain_excerpt || "";
  return result;
}

// The pages holding every term as a phrase: Pagefind's exact search ("低保": 低 then 保, as
// typed), which is precise and, unlike a search for each of the words (保 as a prefix matches
// 保险, 保障, … on nearly every page), cheap on a large index. It does not score its matches, so
// they come in the build's order (data-pagefind-sort="rank:…", sitebuild/search.py): region
// pages, then notices, newest first, then the rest. Null when it cannot answer (a term that ends
// inside a word while the reader is still typing, or no page with all of them): then the search
// for the words is used, ranked by Pagefind.
export async function phraseResults(pagefind, terms) {
  const answers = await Promise.all(terms.map((t) => pagefind.search(`"${t}"`, { sort: { rank: "asc" } })));
  if (answers.some((a) => !a || !a.results || !a.results.length)) return null;
  let results = answers[0].results;
  for (const other of answers.slice(1)) {
    const ids = new Set(other.results.map((r) => r.id));
    results = results.filter((r) => ids.has(r.id));
  }
  return results.length ? results : null;
}

// Text with <mark> around each occurrence of a term (case-insensitive), as nodes.
export function marked(node, text, terms) {
  const lower = text.toLowerCase();
  let at = 0;
  while (at < text.length) {
    let start = -1;
    let term = "";
    for (const t of terms) {
      const i = lower.indexOf(t, at);
      if (i >= 0 && (start < 0 || i < start || (i === start && t.length > term.length))) {
        start = i;
        term = t;
      }
    }
    if (start < 0) break;
    if (start > at) node.append(text.slice(at, start));
    const mark = el("mark");
    mark.textContent = text.slice(start, start + term.length);
    node.append(mark);
    at = start + term.length;
  }
  if (at < text.length) node.append(text.slice(at));
  return node;
}

// While pagefind.js downloads, fetch what it will ask for next, so that it does not wait for each in
// turn: its entry file names the index's metadata (named by hash: cached for ever) and the wasm
// (revalidated, then a 304). Pagefind's own requests then find them in the HTTP cache.
function warm(bundle) {
  const lang = (document.documentElement.lang || "unknown").toLowerCase();
  fetch(new URL("pagefind-entry.json", bundle), { cache: "no-cache" })
    .then((response) => response.json())
    .then((entry) => {
      const languages = entry.languages || {};
      const index = languages[lang] || languages[lang.split("-")[0]] || Object.values(languages)[0];
      if (!index) return;
      for (const name of [`pagefind.${index.hash}.pf_meta`, `wasm.${index.wasm || "unknown"}.pagefind`]) {
        fetch(new URL(name, bundle)).catch(() => {});
      }
    })
    .catch(() => {}); // only a head start: Pagefind fetches them itself anyway
}

function setUp(box) {
  const toggle = document.getElementById("__search");
  const form = box.querySelector("form");
  const input = box.querySelector(".md-search__input");
  const meta = box.querySelector(".md-search-result__meta");
  const list = box.querySelector(".md-search-result__list");
  const texts = JSON.parse(box.dataset.texts);
  const bundle = new URL(box.dataset.pagefind, document.baseURI);
  const baseUrl = new URL("../", bundle).pathname; // the site's root, wherever it is served

  let engine = null; // Promise of the Pagefind module once loading has started
  let ready = false; // the module has loaded
  let current = 0; // the latest query; answers to older ones are dropped
  let timer = 0;

  const setState = (state) => { box.dataset.state = state; };
  const count = (n) => (n === 0 ? texts.none : n === 1 ? texts.one : texts.other.replace("#", String(n)));

  function load() {
    if (!engine) {
      setState("loading");
      if (box.dataset.css && !document.querySelector("link[data-site-search-css]")) {
        const css = el("link");
        css.rel = "stylesheet";
        css.href = new URL(box.dataset.css, document.baseURI).href;
        css.dataset.siteSearchCss = "";
        document.head.append(css);
      }
      warm(bundle);
      engine = import(bundle.href).then(async (pagefind) => {
        await pagefind.options({ baseUrl });
        await pagefind.init();
        ready = true;
        if (box.dataset.state === "loading" || box.dataset.state === "idle") setState("ready");
        if (!input.value.trim()) meta.textContent = texts.placeholder;
        return pagefind;
      });
      engine.catch(() => { engine = null; }); // a later search tries again
    }
    return engine;
  }

  function fail() {
    setState("failed");
    meta.textContent = texts.failed;
  }

  function idle() {
    current += 1;
    setState(ready ? "ready" : engine ? "loading" : "idle");
    clearTimeout(timer);
    list.replaceChildren();
    meta.textContent = ready || !engine ? texts.placeholder : texts.initializer;
  }

  function open() {
    if (toggle && !toggle.checked) toggle.click();
  }

  function close() {
    if (toggle && toggle.checked) toggle.click();
    if (box.contains(document.activeElement)) document.activeElement.blur();
  }

  // One link of a result; `missing` (the terms the page lacks) for the page's own link, null for a section.
  function link(href, level, title, text, terms, missing) {
    const a = el("a", "md-search-result__link");
    a.href = href;
    const article = el("article", "md-search-result__article md-typeset");
    if (missing) article.append(el("div", "md-search-result__icon md-icon"));
    article.append(marked(el(level), title || "", terms));
    if (text) article.append(marked(el("p"), text, terms));
    if (missing && missing.length) { // as Material: "缺少: <del>低保</del>"
      const line = el("p", "md-search-result__terms");
      line.append(`${texts.missing}: `);
      missing.forEach((term, i) => {
        const del = el("del");
        del.textContent = term;
        line.append(...(i ? [" ", del] : [del]));
      });
      article.append(line);
    }
    a.append(article);
    return a;
  }

  function item(result, terms) {
    const { data, sections, missing } = result;
    const li = el("li", "md-search-result__item");
    li.append(link(data.url, "h1", (data.meta && data.meta.title) || data.url, result.excerpt, terms, missing));
    const section = (s) => link(s.url, "h2", s.title, s.excerpt, terms, null);
    li.append(...sections.slice(0, SECTIONS).map(section));
    const rest = sections.slice(SECTIONS);
    if (rest.length) {
      const more = el("details", "md-search-result__more");
      const summary = el("summary");
      const label = el("div");
      label.textContent = rest.length === 1 ? texts.more_one : texts.more_other.replace("#", String(rest.length));
      summary.append(label);
      more.append(summary, ...rest.map(section));
      li.append(more);
    }
    return li;
  }

  // Fetch the next PAGE results' fragments, rank them and add them to the list.
  async function showMore(search) {
    const batch = search.results.slice(search.shown, search.shown + PAGE);
    search.shown += batch.length;
    let ranked;
    try {
      ranked = (await Promise.all(batch.map((r) => r.data())))
        .map((data, i) => rank(data, search.terms, i))
        .sort((a, b) => a.missing.length - b.missing.length || b.titled - a.titled || a.order - b.order);
    } catch (e) {
      if (search.id === current) fail();
      return null;
    }
    if (search.id !== current) return null;
    const items = ranked.map((r) => item(r, search.terms));
    list.append(...items);
    if (search.shown < search.results.length) {
      const li = el("li", "md-search-result__item site-search-more");
      const button = el("button", "site-search-more__button");
      button.type = "button";
      button.textContent = texts.show_more;
      button.addEventListener("click", async () => {
        li.remove();
        const added = await showMore(search);
        const first = added && added[0] && added[0].querySelector("a");
        if (first) first.focus();
      });
      li.append(button);
      list.append(li);
    }
    return items;
  }

  async function run(terms, id) {
    let found;
    try {
      const pagefind = await load();
      if (id !== current) return;
      found = (await phraseResults(pagefind, terms)) || (await pagefind.search(terms.join(" "))).results;
    } catch (e) {
      if (id === current) fail();
      return;
    }
    if (id !== current || !found) return;
    const search = { id, results: found, shown: 0, terms };
    list.replaceChildren();
    const items = await showMore(search);
    if (items === null || id !== current) return;
    meta.textContent = count(found.length);
    setState("done");
  }

  function schedule() {
    const terms = termsOf(input.value);
    if (!terms.length) {
      idle();
      return;
    }
    const id = ++current;
    clearTimeout(timer);
    setState("searching");
    load().then((pagefind) => pagefind.preload(terms.join(" "))).catch(() => {}); // chunks while the reader types
    timer = setTimeout(() => run(terms, id), DEBOUNCE_MS);
  }

  function focusables() {
    return [...list.querySelectorAll("a, summary, button")].filter((n) => n.getClientRects().length > 0);
  }

  function move(step) {
    const all = [input, ...focusables()];
    const at = all.indexOf(document.activeElement);
    const next = all[Math.min(all.length - 1, Math.max(0, at + step))];
    if (next) next.focus();
  }

  if (toggle) {
    toggle.addEventListener("change", () => {
      if (toggle.checked) {
        load().catch(() => {});
        if (document.activeElement !== input) input.focus();
      } else if (box.contains(document.activeElement)) {
        document.activeElement.blur();
      }
    });
  }
  input.addEventListener("focus", () => {
    open();
    load().catch(() => {});
    if (!input.value.trim() && !list.firstChild) idle();
  });
  // Chinese is typed through an input method: not the pinyin being composed, the characters chosen.
  input.addEventListener("input", (event) => { if (!event.isComposing) schedule(); });
  input.addEventListener("compositionend", schedule);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const first = list.querySelector("a");
    if (first) first.click();
  });
  form.addEventListener("reset", () => {
    setTimeout(() => {
      idle();
      input.focus();
    });
  });
  list.addEventListener("click", (event) => {
    if (event.target instanceof Element && event.target.closest("a")) close();
  });
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    const inBox = box.contains(document.activeElement);
    if (toggle && toggle.checked && (inBox || document.activeElement === document.body)) {
      if (event.key === "Escape") {
        event.preventDefault();
        close();
      } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!inBox) return;
        event.preventDefault();
        move(event.key === "ArrowDown" ? 1 : -1);
      }
      return;
    }
    const target = event.target;
    const typing = target instanceof HTMLElement
      && (target.isContentEditable || /^(input|textarea|select)$/i.test(target.tagName));
    if (!typing && OPEN_KEYS.has(event.key)) {
      event.preventDefault();
      open();
      input.focus();
    }
  });
}
