// The header's search box (site_src/overrides/partials/search.html) over Pagefind's chunked index
// (sitebuild/search.py). A module on every page; the build names it by its content's hash.
//
// * Nothing is downloaded until the reader opens the box (the header's magnifier, or "/", "s" or
//   "f" as in Material) or focuses its field. Then pagefind/pagefind.js is imported (it starts its
//   Web Worker, which fetches the index's metadata and wasm) together with assets/search.css. Each
//   query then fetches only the index chunks of its words, and the fragments (text and anchors) of
//   the pages it shows, PAGE pages at a time. Typing is debounced; the chunks of what has been
//   typed so far are fetched at once (preload), so they are there when the debounce ends.
// * Pagefind's result URLs are absolute from the site's root, and the site may be served from any
//   folder: the base URL is taken from where pagefind.js was loaded.
// * Chinese: Pagefind segments the pages when indexing and the query with Intl.Segmenter, and finds
//   the pages holding every word of the query, each as a prefix (低保 → 低 + 保). Of those, a page
//   and its sections rank first where a term of the query stands as typed (低保 in 低保对象, not
//   低 … 保险): the page's words are in its fragment, and each match's location is a word index.
//   A page where a term never stands as typed comes after those where all do, with the term
//   struck through under "缺少" (as Material shows a missing term) and without its sections.
// * A result is the page (title and excerpt), then its sections that hold the query, clause
//   headings (#c-2-3-3) before the summary's sections at an equal match, each with its heading and
//   an excerpt; past SECTIONS, the rest sit behind "在该页上还有 N 个…" (a <details>).
// * Every text is set with textContent. Excerpts are rebuilt from Pagefind's plain text, with
//   <mark> elements made here around the query's terms; no markup from the index reaches the page.
// * Keyboard: ↓/↑ move between the field and the results, Enter in the field opens the first
//   result, Escape closes the box. The count is announced (role=status).

const PAGE = 10; // pages whose fragments one screen of results fetches
const SECTIONS = 3; // sections shown under a page before "more on this page"
const DEBOUNCE_MS = 150;
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

// A page's fragment (result.data()) ranked for the terms: which of its sections hold them as typed.
export function rank(data, terms, order) {
  const words = typeof data.raw_content === "string" ? data.raw_content.split(/[\s\u200b]+/).filter(Boolean) : [];
  const usable = words.length > 0 && words.length === data.word_count; // locations index these words
  const hits = (locations) => {
    const found = new Set();
    let count = 0;
    if (usable) {
      for (const at of locations || []) {
        terms.forEach((term, t) => {
          if (startsAt(words, at, term)) {
            found.add(t);
            count += 1;
          }
        });
      }
    }
    return { terms: found.size, count };
  };
  const found = hits(data.locations);
  const missing = usable ? terms.filter((term) => !(data.locations || []).some((at) => startsAt(words, at, term))) : [];
  const sections = missing.length ? [] : (data.sub_results || [])
    .filter((s) => s.anchor && s.anchor.id && !/^h1$/i.test(s.anchor.element)) // the h1 is the page itself
    .map((s, i) => ({ ...s, hits: hits(s.locations), clause: /^c-/.test(s.anchor.id), order: i }))
    .filter((s) => !usable || s.hits.terms > 0);
  sections.sort((a, b) => b.hits.terms - a.hits.terms || b.clause - a.clause
    || b.hits.count - a.hits.count || a.order - b.order);
  return { data, order, sections, missing, hits: found.count };
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
  function link(href, level, title, excerpt, terms, missing) {
    const a = el("a", "md-search-result__link");
    a.href = href;
    const article = el("article", "md-search-result__article md-typeset");
    if (missing) article.append(el("div", "md-search-result__icon md-icon"));
    article.append(marked(el(level), title || "", terms), marked(el("p"), excerpt || "", terms));
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
    li.append(link(data.url, "h1", (data.meta && data.meta.title) || data.url, data.plain_excerpt, terms, missing));
    const section = (s) => link(s.url, "h2", s.title, s.plain_excerpt, terms, null);
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
        .sort((a, b) => a.missing.length - b.missing.length || a.order - b.order);
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

  async function run(query, id) {
    let found;
    try {
      const pagefind = await load();
      if (id !== current) return;
      found = await pagefind.search(query);
    } catch (e) {
      if (id === current) fail();
      return;
    }
    if (id !== current || !found) return;
    const search = { id, results: found.results, shown: 0, terms: termsOf(query) };
    list.replaceChildren();
    const items = await showMore(search);
    if (items === null || id !== current) return;
    meta.textContent = count(found.results.length);
    setState("done");
  }

  function schedule() {
    const query = input.value.trim();
    if (!query) {
      idle();
      return;
    }
    const id = ++current;
    clearTimeout(timer);
    setState("searching");
    load().then((pagefind) => pagefind.preload(query)).catch(() => {}); // chunks while the reader types
    timer = setTimeout(() => run(query, id), DEBOUNCE_MS);
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
  input.addEventListener("input", schedule);
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
