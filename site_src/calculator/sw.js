// The site's service worker (the build writes it to the site root as sw.js; calculator.js registers
// it when the calculator page opens).
//
// * Two caches, both named by hashes the build makes, so each build with a change gets new ones
//   and the old ones are deleted when the new service worker activates:
//   - "calc-<VERSION>": PRECACHE, the calculator page and its style sheets and scripts (small,
//     already in the HTTP cache when this installs), fetched at install;
//   - RUNTIME_CACHE ("calc-rt-<hash>"): the Pyodide runtime, the trimmed standard library, the
//     wheel and the policy data. worker.js puts each response there itself while it downloads it
//     (a second branch of the same response), so caching them costs no second download and no
//     request at all after the calculator is ready.
//   URLs are relative to this file, so the site works under any sub-path.
// * Pages (navigations) and any URL without a version in it: network first, the cache only when
//   the network fails (offline). A rebuilt site is therefore seen on the next visit; the page
//   names every other file by a hash of its content, so a new page never meets an old file.
// * Versioned URLs (assets/pyodide/<version>/, assets/calculator/{py,stdlib}-<hash>/, ?v=…,
//   hashed theme bundles): cache first — the same URL always has the same content.
// * Anything else (other pages, the search index) is left to the browser.
// * Warm-up: a notice page posts {type: "warm"} once it has loaded (site_src/assets/site.js); this
//   worker then downloads the calculator's page and runtime into the two caches, at low priority.
//   Its downloads, unlike a page's, go on when the reader taps through to the calculator, and a
//   request for a file still on its way waits for that download instead of starting another.

const VERSION = "__VERSION__";
const CACHE = `calc-${VERSION}`;
const PRECACHE = __PRECACHE__;
const RUNTIME_CACHE = "__RUNTIME_CACHE__";
const RUNTIME_URLS = __RUNTIME_URLS__;

const BASE = new URL("./", self.location.href);
const PRECACHE_URLS = new Set(PRECACHE.map((p) => new URL(p, BASE).href));
const KEEP = new Set([CACHE, RUNTIME_CACHE]);
// Policy data: notice files are versioned (cache first); region and province indexes keep their
// names (network first, the cache when offline).
const DATA = /\/assets\/data\/[nrp]\/[^/]+\.json$/;
const DATA_INDEX = /\/assets\/data\/[rp]\/[^/]+\.json$/;
const VERSIONED = /\/assets\/pyodide\/[^/]+\/|\/assets\/calculator\/(py|stdlib)-[0-9a-f]+\/|[?&]v=[0-9A-Za-z_-]+|\.[0-9a-f]{8,}(\.min)?\.(js|css|json)$/;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll([...PRECACHE_URLS]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith("calc-") && !KEEP.has(n)).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

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

const RUNTIME_HREFS = new Set(RUNTIME_URLS.map((p) => new URL(p, BASE).href));
const inflight = new Map(); // href -> Promise of the warm-up's download into its cache

// `extra`: the policy data a notice page names (its region's index and notice files), versioned.
function warm(extra) {
  const jobs = [];
  const data = (extra || []).filter((u) => typeof u === "string" && u.startsWith(BASE.href) && DATA.test(new URL(u).pathname));
  for (const href of [...PRECACHE_URLS, ...RUNTIME_HREFS, ...data]) {
    if (inflight.has(href)) continue;
    const name = RUNTIME_HREFS.has(href) ? RUNTIME_CACHE : CACHE;
    const job = caches.open(name).then(async (cache) => {
      if (await cache.match(href)) return;
      const response = await fetch(href, { priority: "low" });
      if (response.ok) await cache.put(href, response);
    }).catch(() => {}).finally(() => inflight.delete(href));
    inflight.set(href, job);
    jobs.push(job);
  }
  return Promise.all(jobs);
}

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "warm") event.waitUntil(warm(event.data.urls));
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
  const known = PRECACHE_URLS.has(url.href);
  if (request.mode === "navigate") {
    if (known) event.respondWith(networkFirst(request, url.href));
    return;
  }
  if (DATA_INDEX.test(url.pathname)) {
    event.respondWith(networkFirst(request, url.href));
  } else if (VERSIONED.test(url.pathname + url.search)) {
    event.respondWith(cacheFirst(request));
  } else if (known) {
    event.respondWith(networkFirst(request, url.href));
  }
});
