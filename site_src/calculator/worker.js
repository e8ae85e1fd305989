// The calculator's Python, off the page's main thread (a module Web Worker).
//
// It starts downloading the moment it is loaded: the build puts the runtime's description
// (self.CALC_RUNTIME: URLs, sizes, the calculator's lockfile entry) at the top of the copy in the
// site, so no message from the page is needed first (boot.js starts this worker from the page's
// <head>). Without it (a test harness), it waits for {type: "init", assets, runtime}.
//
// Everything downloads in parallel: pyodide.mjs, then at once pyodide.asm.mjs, the WebAssembly, the
// trimmed standard library (stdLibURL) and the calculator wheel (fetched with its sha256 as the
// fetch's integrity, and handed to loadPackage when it asks). The policy data comes with each
// question: the page loads only the data of the region asked (sitebuild/calc_data.py).
//
// Messages from the page:
//   {type: "init", assets: URL of the site's assets/ directory, runtime: {...}}   (optional)
//   {type: "quote", id, params: {...}, data}  params as the URL fragment carries them; data: the
//                                           JSON text of {regions, notices} for that question
//   {type: "household", id, params, data}     the same for a household (params.member: one string
//                                           per person); answered by calculator.browser.household_answer
// Messages to the page:
//   {type: "progress", stage, loaded, total}   stage: download | start | install | data
//   {type: "ready", ms, marks, pyodide}        Pyodide booted, calculator installed
//                                              (marks: ms from start to each stage's end)
//   {type: "answer", id, reply, ms}            reply: the JSON text calculator.browser.answer (or
//                                              household_answer) returns
//   {type: "failed", stage, message}           nothing more will come
//
// Every file comes from the site itself: the Pyodide runtime under assets/pyodide/<version>/,
// the calculator wheel named in its pyodide-lock.json (fetched with its sha256 as integrity).
// Nothing the resident types leaves this worker.
//
// A second visit does not start Python again: after the first boot (once the first answers are
// out) the worker keeps a memory snapshot of Python with the calculator imported (Pyodide's
// _makeSnapshot / makeMemorySnapshot; stored without its pages of zeros: packSnapshot) in Cache
// Storage, under runtime.snapshot — a key the build
// makes from the hashes of the runtime, the standard library, the wheel and this file — and boots
// from it the next time (_loadSnapshot). A snapshot is checked before use (its key and its SHA-256,
// both stored with it); one that is missing, from another build, truncated or corrupted, or that
// fails to load, is dropped and the normal boot runs; storage that is full or missing only means no
// snapshot. The reader sees nothing of this but the answer (marks.snapshot_restored, in the ready
// message, says a boot came from a snapshot).

let pyodide = null;
let started = false;
const prefetched = new Map(); // absolute URL -> Promise<Response> fetched before Pyodide asked
let answerFn = null; // calculator.browser.answer
let householdFn = null; // calculator.browser.household_answer
let failed = false;
const queue = [];

function post(msg) {
  self.postMessage(msg);
}

function fail(stage, error) {
  if (failed) return;
  failed = true;
  const message = error && error.message ? error.message : String(error);
  post({ type: "failed", stage, message });
}

// The runtime's responses go into Cache Storage (runtime.cache) as they arrive — a second branch of
// the same response, so nothing is downloaded twice — where sw.js finds them on the next visit and
// offline. A response already there (served by sw.js) is not written again.
let runtimeCache = null;
function keep(url, response) {
  if (!runtimeCache || !/\/assets\/(pyodide\/|calculator\/(py|stdlib)-)/.test(url)) return;
  const copy = response.clone();
  runtimeCache
    .then((cache) => cache.match(url).then((hit) => (hit ? copy.body && copy.body.cancel() : cache.put(url, copy))))
    .catch(() => {});
}

// Count the bytes of every response read through fetch() (the wasm, the standard library, the
// lockfile, the wheel) so the page can show real download progress. A file that
// does not arrive, or a .wasm served with the wrong type, fails the load at once: Pyodide itself
// would only log a warning and wait for ever.
function countingFetch(onBytes) {
  const realFetch = self.fetch.bind(self);
  return async function (input, init) {
    const url = typeof Request !== "undefined" && input instanceof Request ? input.url : String(input);
    const name = decodeURIComponent(String(url).split("?")[0].split("/").pop());
    let response;
    try {
      const early = prefetched.get(String(url));
      if (early) {
        prefetched.delete(String(url));
        return await early; // already checked and counted when it was fetched
      }
      response = await realFetch(input, init);
    } catch (e) {
      const error = new Error(`文件没有下载成功：${name}（${e.message}）`);
      fail("download", error);
      throw error;
    }
    if (!response.ok) {
      const error = new Error(`文件没有下载成功：${name}（HTTP ${response.status}）`);
      fail("download", error);
      throw error;
    }
    if (name.endsWith(".wasm") && !/^application\/wasm\b/.test(response.headers.get("Content-Type") || "")) {
      const error = new Error(`服务器发送 ${name} 的类型不对（${response.headers.get("Content-Type") || "无"}，应为 application/wasm）`);
      fail("download", error);
      throw error;
    }
    keep(url, response);
    if (!response.body || typeof TransformStream === "undefined") return response;
    const counter = new TransformStream({
      transform(chunk, controller) {
        onBytes(chunk.byteLength);
        controller.enqueue(chunk);
      },
    });
    // Same status and headers (WebAssembly.instantiateStreaming needs Content-Type: application/wasm).
    return new Response(response.body.pipeThrough(counter), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}

// ---------------------------------------------------------------------------- snapshot
// One cache for the snapshots of every build (never "calc-…": sw.js deletes old caches by that
// prefix at each new build, and a snapshot's own key already says which build it is for).
const SNAPSHOT_CACHE = "pyodide-snapshot";

function snapshotStore(assets, key) {
  if (!key || !self.isSecureContext || !self.caches || !(self.crypto && self.crypto.subtle)) return null;
  return { key, url: new URL(`calculator/snapshot-${key}`, assets).href, prefix: new URL("calculator/snapshot-", assets).href };
}

async function sha256(bytes) {
  const digest = new Uint8Array(await self.crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

// A snapshot is Python's whole memory (about 31 MB), three fifths of it 64 KiB pages of nothing but
// zeros: it is stored without them, so a second visit reads and checks 2.4 times fewer bytes.
// Stored: the pages that are not all zeros, in order; then one byte per page of the memory (1: it is
// among those stored, 0: zeros); then the memory's length (4 bytes, little-endian). The SHA-256
// covers all of it.
const PAGE = 65536;

function packSnapshot(memory) {
  if (memory.byteOffset % 4) memory = memory.slice(); // a Uint32Array view needs an aligned start
  const pages = Math.ceil(memory.length / PAGE);
  const words = new Uint32Array(memory.buffer, memory.byteOffset, memory.length >> 2);
  const present = new Uint8Array(pages);
  let size = 0;
  for (let p = 0; p < pages; p++) {
    const end = Math.min((p + 1) * PAGE, memory.length);
    let zero = true;
    for (let w = (p * PAGE) >> 2; w < end >> 2; w++) if (words[w]) { zero = false; break; }
    for (let b = end & ~3; zero && b < end; b++) if (memory[b]) zero = false;
    if (!zero) { present[p] = 1; size += end - p * PAGE; }
  }
  const out = new Uint8Array(size + pages + 4);
  let at = 0;
  for (let p = 0; p < pages; p++) {
    if (!present[p]) continue;
    const chunk = memory.subarray(p * PAGE, Math.min((p + 1) * PAGE, memory.length));
    out.set(chunk, at);
    at += chunk.length;
  }
  out.set(present, at);
  new DataView(out.buffer).setUint32(at + pages, memory.length, true);
  return out;
}

// The memory again from what packSnapshot stored; an error when the two do not fit together.
function unpackSnapshot(stored) {
  const bad = () => new Error("the snapshot is not the one stored");
  if (stored.length < 4) throw bad();
  const length = new DataView(stored.buffer, stored.byteOffset, stored.length).getUint32(stored.length - 4, true);
  const pages = Math.ceil(length / PAGE);
  const mapAt = stored.length - 4 - pages;
  if (!length || mapAt < 0) throw bad();
  const memory = new Uint8Array(length);
  let at = 0;
  for (let p = 0; p < pages; p++) {
    const flag = stored[mapAt + p];
    if (flag > 1) throw bad();
    if (!flag) continue;
    const size = Math.min(PAGE, length - p * PAGE);
    if (at + size > mapAt) throw bad();
    memory.set(stored.subarray(at, at + size), p * PAGE);
    at += size;
  }
  if (at !== mapAt) throw bad();
  return memory;
}

// The kept snapshot when its stored key is this build's, else null (another build's is dropped).
// Its bytes come as a promise, read and checked (length, SHA-256) while Pyodide's JavaScript loads
// (loadPyodide takes the promise): one that is not exactly what was stored rejects, and the boot
// falls back.
async function findSnapshot(store) {
  const cache = await self.caches.open(SNAPSHOT_CACHE);
  const response = await cache.match(store.url);
  if (!response) return null;
  if (response.headers.get("X-Snapshot-Key") !== store.key) {
    await dropSnapshot(store);
    return null;
  }
  const bytes = (async () => {
    const data = new Uint8Array(await response.arrayBuffer());
    if (Number(response.headers.get("X-Snapshot-Bytes")) !== data.length
        || response.headers.get("X-Snapshot-SHA256") !== (await sha256(data))) {
      throw new Error("the snapshot is not the one stored");
    }
    return unpackSnapshot(data);
  })();
  bytes.catch(() => {});
  return { bytes };
}

function dropSnapshot(store) {
  return self.caches.open(SNAPSHOT_CACHE).then((cache) => cache.delete(store.url)).catch(() => false);
}

// Python as it is now, with the calculator imported, for the next visit; older builds' snapshots
// go. Full or unavailable storage: no snapshot, nothing else changes.
async function keepSnapshot(store) {
  // Every module of the package imported first: a snapshot holds only memory, not the files the
  // modules came from, so nothing may be left to import later (the site's wheel holds .pyc only).
  // (Not before the first answer: it is not needed for it.)
  pyodide.runPython(`
import importlib, os
import calculator
for __f in sorted(os.listdir(calculator.__path__[0])):
    __m = __f.rsplit(".", 1)[0]
    if __f.endswith((".py", ".pyc")) and __m not in ("__init__", "__main__"):
        importlib.import_module("calculator." + __m)
del __f, __m
`);
  const bytes = packSnapshot(pyodide.makeMemorySnapshot());
  const digest = await sha256(bytes);
  const cache = await self.caches.open(SNAPSHOT_CACHE);
  for (const request of await cache.keys()) {
    if (request.url.startsWith(store.prefix) && request.url !== store.url) await cache.delete(request);
  }
  await cache.put(store.url, new Response(bytes, {
    headers: {
      "Content-Type": "application/octet-stream",
      "X-Snapshot-Key": store.key,
      "X-Snapshot-Bytes": String(bytes.length),
      "X-Snapshot-SHA256": digest,
    },
  }));
}

// Run once Python has the calculator: the functions the worker calls. The data of one question is
// parsed once and kept while the questions are about the same region (a recalculation parses
// nothing).
const PRELUDE = `
import json
from calculator import browser as __browser
__last = [None, None]
def __data(data_json):
    if __last[0] != data_json:
        __last[:] = [data_json, json.loads(data_json)]
    return __last[1]
def __answer(data_json, params_json):
    return __browser.answer(__data(data_json), params_json)
def __household(data_json, params_json):
    return __browser.household_answer(__data(data_json), params_json)
`;

async function boot(assets, runtime) {
  const started = performance.now();
  const marks = {}; // ms from the worker's start to the end of each stage
  const mark = (name) => { if (!(name in marks)) marks[name] = Math.round(performance.now() - started); };
  const url = (path) => new URL(path, assets).href;
  const total = Object.values(runtime.sizes).reduce((a, b) => a + b, 0);
  let loaded = 0;
  let lastPost = 0;
  let stage = "download";
  const report = (force) => {
    const now = performance.now();
    if (force || now - lastPost > 100) {
      lastPost = now;
      post({ type: "progress", stage, loaded: Math.min(loaded, total), total });
    }
  };
  if (runtime.cache && self.caches && self.isSecureContext) {
    runtimeCache = self.caches.open(runtime.cache);
    runtimeCache.catch(() => { runtimeCache = null; });
  }
  self.fetch = countingFetch((n) => {
    loaded += n;
    report(false);
  });
  report(true);

  if (typeof WebAssembly !== "object") throw Object.assign(new Error("浏览器不支持 WebAssembly"), { stage: "start" });
  // Pyodide only logs "wasm instantiation failed!" when the browser cannot compile its
  // WebAssembly (too old an engine) and then waits for ever: turn that into a failure now.
  const warn = console.warn.bind(console);
  console.warn = (...args) => {
    if (String(args[0]).includes("wasm instantiation failed")) {
      fail("start", new Error("这个浏览器无法运行 Python 运行环境（WebAssembly 版本太旧）"));
    }
    warn(...args);
  };

  // The snapshot this build kept here, if any, is read and checked while the runtime's files come
  // out of the service worker's cache.
  const store = snapshotStore(assets, runtime.snapshot);
  const snapshot = store ? findSnapshot(store).catch(() => null) : Promise.resolve(null);
  snapshot.then((kept) => kept && kept.bytes.then(() => mark("snapshot_read"), () => {}));

  // The wheel downloads while Pyodide starts (with its sha256 as the fetch's integrity: the
  // browser refuses other bytes), unless there is a snapshot to boot from.
  const lock = runtime.lock_contents || (await (await self.fetch(url(runtime.lock))).json());
  const wheelSpec = lock.packages[runtime.package];
  const wheelUrl = url(runtime.lock.replace(/[^/]*$/, "") + wheelSpec.file_name);
  const integrity = "sha256-" + btoa(String.fromCharCode(...wheelSpec.sha256.match(/../g).map((h) => parseInt(h, 16))));
  const fetchWheel = () => self.fetch(wheelUrl, { integrity });
  const wheel = snapshot.then((kept) => (kept ? null : fetchWheel()));
  wheel.catch(() => {});

  // The runtime's big files start now, not after pyodide.mjs has arrived: loadPyodide's own
  // fetches of the same URLs get these responses (see countingFetch), and its import of
  // pyodide.asm.mjs finds the module already on its way (one module map per worker).
  for (const path of [runtime.index + "pyodide.asm.wasm", runtime.stdlib]) {
    if (!path) continue;
    const early = self.fetch(url(path));
    early.catch(() => {});
    prefetched.set(url(path), early);
  }
  import(url(runtime.index + "pyodide.asm.mjs")).catch(() => {});

  let mod;
  try {
    mod = await import(url(runtime.index + "pyodide.mjs"));
  } catch (e) {
    throw Object.assign(new Error(`Python 运行环境没有下载成功（pyodide.mjs）：${e.message}`), { stage: "download" });
  }
  mark("module");
  const options = {
    indexURL: url(runtime.index),
    packageBaseUrl: url(runtime.lock.replace(/[^/]*$/, "")),
    lockFileContents: lock,
    fullStdLib: false,
    stdout: () => {},
    stderr: () => {},
  };
  if (runtime.stdlib) options.stdLibURL = url(runtime.stdlib);

  const kept = await snapshot;
  if (kept) {
    try {
      pyodide = await mod.loadPyodide({ ...options, _loadSnapshot: kept.bytes });
      answerFn = pyodide.globals.get("__answer");
      householdFn = pyodide.globals.get("__household");
      if (!answerFn || !householdFn) throw new Error("the snapshot has no calculator");
      marks.snapshot_restored = Math.round(performance.now() - started);
    } catch (e) {
      // whatever went wrong, the normal boot below answers; this snapshot is not tried again
      pyodide = answerFn = householdFn = null;
      marks.snapshot_dropped = Math.round(performance.now() - started);
      await dropSnapshot(store);
    }
  }
  if (!pyodide) {
    pyodide = await mod.loadPyodide({ ...options, _makeSnapshot: Boolean(store) });
    marks.booted = Math.round(performance.now() - started);
    stage = "install";
    report(true);
    // unpackArchive, not loadPackage: loadPackage leaves a JS object in Pyodide's table of
    // references that makeMemorySnapshot cannot serialise (Pyodide 314.0.7).
    pyodide.unpackArchive(await ((await wheel) || (await fetchWheel())).arrayBuffer(), "wheel");
    marks.installed = Math.round(performance.now() - started);
    stage = "data";
    report(true);
    pyodide.runPython(PRELUDE);
    answerFn = pyodide.globals.get("__answer");
    householdFn = pyodide.globals.get("__household");
  }
  loaded = total;
  report(true);
  marks.ready = Math.round(performance.now() - started);
  post({ type: "ready", ms: marks.ready, marks, pyodide: pyodide.version });
  while (queue.length) handleQuote(queue.shift());
  // The snapshot for the next visit, after the first answers are out (the copy of Python's memory
  // takes a moment). A failure here costs only the snapshot.
  if (store && !marks.snapshot_restored) setTimeout(() => keepSnapshot(store).catch(() => dropSnapshot(store)), 0);
}

function handleQuote(msg) {
  const t0 = performance.now();
  let reply;
  try {
    const fn = msg.type === "household" ? householdFn : answerFn;
    reply = fn(msg.data || '{"regions":[],"notices":{}}', JSON.stringify(msg.params || {}));
  } catch (e) {
    // calculator.browser.answer never raises on input; this is a bug, shown plainly.
    reply = JSON.stringify({ exit_code: 1, stdout: "", stderr: `计算器内部错误：${String(e.message || e).split("\n").slice(-2).join(" ")}\n` });
  }
  post({ type: "answer", id: msg.id, reply, ms: Math.round(performance.now() - t0) });
}

function start(assets, runtime) {
  if (started) return;
  started = true;
  boot(assets, runtime).catch((e) => fail(e.stage || "start", e));
}

self.addEventListener("message", (event) => {
  const msg = event.data || {};
  if (msg.type === "init") {
    start(msg.assets, msg.runtime);
  } else if (msg.type === "quote" || msg.type === "household") {
    if (failed) return;
    if (answerFn) handleQuote(msg);
    else queue.push(msg);
  }
});

self.addEventListener("unhandledrejection", (event) => {
  fail("start", event.reason);
  event.preventDefault(); // told to the page in plain words (fail): not also as an uncaught error
});

// The build's copy carries its runtime description: start now (worker.js is in assets/calculator/).
if (self.CALC_RUNTIME) start(new URL("../", self.location.href).href, self.CALC_RUNTIME);
