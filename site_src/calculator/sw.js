// The site's service worker (the build writes it to the site root as sw.js; every page registers it,
// site_src/assets/site.js and calculator.js).
//
// * Caches named by hashes the build makes, so each build with a change gets new ones and the old
//   ones are deleted when the new service worker activates:
//   - "calc-<VERSION>": SHELL (every page's style sheets, scripts and icon: small, already in the
//     HTTP cache of the page that registered this worker), fetched at install; PRECACHE (the
//     calculator page and its files) and the policy data, fetched by "warm" (below);
//   - RUNTIME_CACHE ("calc-rt-<hash>"): the Pyodide runtime, the trimmed standard library and the
//     wheel. worker.js puts each response there itself while it downloads it, and "warm" fetches
//     whatever is still missing — pyodide.mjs and pyodide.asm.mjs are import()ed by the worker
//     before this worker controls it, so only "warm" can be relied on to keep them.
// * PAGES ("site-pages:<scope>"): the pages a reader opened, the PAGE_LIMIT most recent, kept
//   across builds so they stay readable offline; a new build's worker fetches them again when it
//   activates, so an offline copy is of the newest build the phone has seen online. Pages opened
//   before this worker controlled them are handed over by site.js ({type: "keep", urls}).
// * Navigations: network first; offline, the kept copy, else a short page that says this page was
//   never opened here and links the pages that were.
// * Versioned URLs (assets/pyodide/<version>/, assets/calculator/{py,stdlib}-<hash>/, ?v=…, hashed
//   theme bundles and notice data): cache first — the same URL always has the same content. Other
//   files of SHELL and PRECACHE, and the region/province data indexes: network first. A rebuilt
//   site is therefore seen on the next visit, and a new page never meets an old file.
// * Anything else (the search index) is left to the browser.
// * Warm-up: a notice page posts {type: "warm"} once it has loaded (site_src/assets/site.js), the
//   calculator page once Python is ready; this worker then downloads whatever of the calculator's
//   page, runtime and data is not cached yet, at low priority, and answers on the message's port
//   how many files are still missing (0: the calculator works offline). Its downloads, unlike a
//   page's, go on when the reader taps through to the calculator, and a request for a file still
//   on its way waits for that download instead of starting another.
// All URLs are relative to this file, so the site works under any sub-path.

const VERSION = "__VERSION__";
// A hash of every page: a rebuild that changes any page gives a new service worker, which fetches
// the kept pages again (refreshPages), even when the calculator's files are unchanged.
const PAGES_VERSION = "__PAGES_VERSION__";
const CACHE = `calc-${VERSION}`;
const SHELL = __SHELL__;
const PRECACHE = __PRECACHE__;
const RUNTIME_CACHE = "__RUNTIME_CACHE__";
const RUNTIME_URLS = __RUNTIME_URLS__;

const BASE = new URL("./", self.location.href);
const PAGES = `site-pages:${BASE.pathname}`;
const PAGE_LIMIT = 30;
const abs = (list) => new Set(list.map((p) => new URL(p, BASE).href));
const SHELL_URLS = abs(SHELL);
const PRECACHE_URLS = abs(PRECACHE);
const RUNTIME_HREFS = abs(RUNTIME_URLS);
const KNOWN = new Set([...SHELL_URLS, ...PRECACHE_URLS]);
const KEEP = new Set([CACHE, RUNTIME_CACHE]);
// Policy data: notice files are versioned (cache first); region and province indexes keep their
// names (network first, the cache when offline).
const DATA = /\/assets\/data\/[nrp]\/[^/]+\.json$/;
const DATA_INDEX = /\/assets\/data\/[rp]\/[^/]+\.json$/;
const VERSIONED = /\/assets\/pyodide\/[^/]+\/|\/assets\/calculator\/(py|stdlib)-[0-9a-f]+\/|[?&]v=[0-9A-Za-z_-]+|\.[0-9a-f]{8,}(\.min)?\.(js|css|json)$/;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll([...SHELL_URLS]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => event.waitUntil(activate()));

async function activate() {
  const old = await staleCaches();
  const carried = await keptCalculator(old);
  await Promise.all(old.map((n) => caches.delete(n)));
  await self.clients.claim();
  await refreshPages();
  // A calculator kept for offline use stays kept across builds: its page, its files and the data it
  // had, from this build — here only when the runtime is unchanged (small files); otherwise the
  // calculator page asks again the next time it opens (calculator.js keepForOffline).
  if (carried && (await runtimeComplete())) await warm(carried);
}

// Caches of older builds. Deleted when this worker activates, and again at each warm-up: an older
// worker still finishing a request when this one took over can open its cache again after it was
// deleted (caches.open makes a missing cache), and nothing else would ever remove it.
async function staleCaches() {
  return (await caches.keys()).filter((n) => n.startsWith("calc-") && !KEEP.has(n));
}

// The policy data an older build's caches held, when they held the calculator page; else null.
async function keptCalculator(names) {
  let page = false;
  const data = [];
  for (const name of names) {
    const cache = await caches.open(name);
    if (await cache.match(PRECACHE_URLS.values().next().value)) page = true;
    for (const request of await cache.keys()) {
      if (DATA.test(new URL(request.url).pathname)) data.push(request.url);
    }
  }
  return page ? data : null;
}

async function runtimeComplete() {
  const cache = await caches.open(RUNTIME_CACHE);
  return (await Promise.all([...RUNTIME_HREFS].map((href) => cache.match(href)))).every(Boolean);
}

// ---------------------------------------------------------------------------- pages
const isPage = (response) => response.ok && response.type === "basic" && /^text\/html\b/.test(response.headers.get("Content-Type") || "");

// Re-putting a page moves it to the end of the cache's keys, which are in insertion order: the
// oldest are first, and go when there are more than PAGE_LIMIT.
async function keepPage(href, response) {
  const cache = await caches.open(PAGES);
  await cache.delete(href);
  await cache.put(href, response);
  const keys = await cache.keys();
  await Promise.all(keys.slice(0, Math.max(0, keys.length - PAGE_LIMIT)).map((k) => cache.delete(k)));
}

// The kept pages again from this build, and the pages open right now (the one that registered
// this worker was loaded before it could keep anything). A page the new build no longer has is
// dropped; one that cannot be fetched now keeps its old copy.
async function refreshPages() {
  const cache = await caches.open(PAGES);
  const open = (await self.clients.matchAll({ type: "window", includeUncontrolled: true }))
    .map((c) => { const u = new URL(c.url); u.hash = ""; return u.href; })
    .filter((href) => href.startsWith(BASE.href));
  const hrefs = [...new Set([...(await cache.keys()).map((r) => r.url), ...open])];
  for (const href of hrefs) {
    try {
      const response = await fetch(href, { cache: "no-cache" });
      if (isPage(response)) await keepPage(href, response);
      else if (response.status === 404 || response.status === 410) await cache.delete(href);
    } catch (e) {
      // offline or a network error: the old copy is better than none
    }
  }
}

const escapeHTML = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

async function offlinePage() {
  const cache = await caches.open(PAGES);
  const items = [];
  for (const request of (await cache.keys()).reverse()) {
    const text = await (await cache.match(request)).text();
    const title = /<title>([^<]*)<\/title>/.exec(text);
    // the title as the page wrote it (already escaped HTML), without the site's name after it
    const name = title ? title[1].replace(/ - [^-]*$/, "").trim() : "";
    items.push(`<li><a href="${escapeHTML(request.url)}">${name || escapeHTML(new URL(request.url).pathname)}</a></li>`);
  }
  const list = items.length
    ? `<p>下面这些页面您在这台设备上打开过，没有网络也能看：</p><ul>${items.join("")}</ul>`
    : "<p>这台设备上还没有保存任何页面。</p>";
  const html = '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
    + '<meta name="viewport" content="width=device-width, initial-scale=1"><title>没有网络</title></head>'
    + '<body><main><h1>没有网络</h1><p>这一页您没有在这台设备上打开过，所以现在打不开。连上网络后再试。</p>'
    + `${list}<p><a href="${escapeHTML(BASE.href)}">首页</a></p></main></body></html>`;
  return new Response(html, {
    status: 503,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": "default-src 'none'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    },
  });
}

async function navigate(request, href) {
  try {
    const response = await fetch(request);
    if (isPage(response)) keepPage(href, response.clone()).catch(() => {});
    return response;
  } catch (e) {
    const kept = (await (await caches.open(PAGES)).match(href)) || (await (await caches.open(CACHE)).match(href));
    return kept || offlinePage();
  }
}

// ---------------------------------------------------------------------------- files
async function networkFirst(request, key) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) cache.put(key, response.clone()).catch(() => {});
    return response;
  } catch (e) {
    const cached = await cache.match(key);
    if (cached) return cached;
    throw e;
  }
}

const inflight = new Map(); // href -> Promise of the warm-up's download into its cache

// `extra`: the policy data a page names (a region's index and notice files), and the notice files
// each region index names (after a rebuild a notice file has a new name only the index knows).
// Resolves to the number of files that are still not cached.
async function warm(extra) {
  await Promise.all((await staleCaches()).map((n) => caches.delete(n)));
  const data = (extra || []).filter((u) => typeof u === "string" && u.startsWith(BASE.href) && DATA.test(new URL(u).pathname));
  const hrefs = [...PRECACHE_URLS, ...RUNTIME_HREFS, ...data];
  const named = await Promise.all(hrefs.map(keep));
  const more = [...new Set(named.flat())].filter((href) => !hrefs.includes(href));
  await Promise.all(more.map(keep));
  const [calc, runtime] = await Promise.all([caches.open(CACHE), caches.open(RUNTIME_CACHE)]);
  const present = await Promise.all([...hrefs, ...more].map((href) => (RUNTIME_HREFS.has(href) ? runtime : calc).match(href)));
  return present.filter((r) => !r).length;
}

// One file into its cache unless it is there; resolves to the notice files it names, if it is a
// region index.
function keep(href) {
  if (!inflight.has(href)) {
    const name = RUNTIME_HREFS.has(href) ? RUNTIME_CACHE : CACHE;
    const job = caches.open(name).then(async (cache) => {
      if (!(await cache.match(href))) {
        const response = await fetch(href, { priority: "low" });
        if (response.ok) await cache.put(href, response);
      }
      if (!/\/assets\/data\/r\/[^/]+\.json$/.test(new URL(href).pathname)) return [];
      const index = await (await cache.match(href)).json();
      return Object.values(index.files || {}).map((f) => new URL(f, href).href);
    }).catch(() => []).finally(() => inflight.delete(href));
    inflight.set(href, job);
  }
  return inflight.get(href);
}

// Pages opened before this worker controlled them (site.js hands them over): kept unless they are.
async function keepOpened(urls) {
  const cache = await caches.open(PAGES);
  for (const href of (urls || []).filter((u) => typeof u === "string" && u.startsWith(BASE.href))) {
    if (await cache.match(href)) continue;
    try {
      const response = await fetch(href);
      if (isPage(response)) await keepPage(href, response);
    } catch (e) {
      // offline now: kept the next time it is opened
    }
  }
}

self.addEventListener("message", (event) => {
  // A page asks a waiting worker to take over (site.js): see there why once is not always enough.
  if (event.data && event.data.type === "activate") self.skipWaiting();
  if (event.data && event.data.type === "keep") event.waitUntil(keepOpened(event.data.urls));
  if (!event.data || event.data.type !== "warm") return;
  const port = event.ports && event.ports[0];
  event.waitUntil(warm(event.data.urls).then((missing) => {
    if (port) port.postMessage({ type: "kept", missing });
  }));
});

async function cacheFirst(request) {
  const href = new URL(request.url).href;
  if (inflight.has(href)) await inflight.get(href);
  const cached = (await (await caches.open(RUNTIME_CACHE)).match(request)) || (await (await caches.open(CACHE)).match(request));
  if (cached) return cached;
  const cache = await caches.open(CACHE);
  const response = await fetch(request);
  if (response.ok && response.type === "basic") cache.put(request, response.clone()).catch(() => {});
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !url.href.startsWith(BASE.href)) return;
  url.hash = "";
  if (request.mode === "navigate") {
    event.respondWith(navigate(request, url.href));
  } else if (DATA_INDEX.test(url.pathname)) {
    event.respondWith(networkFirst(request, url.href));
  } else if (VERSIONED.test(url.pathname + url.search)) {
    event.respondWith(cacheFirst(request));
  } else if (KNOWN.has(url.href)) {
    event.respondWith(networkFirst(request, url.href));
  }
});
