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
// the calculator wheel through its pyodide-lock.json (Pyodide checks its sha256).
// Nothing the resident types leaves this worker.

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

async function boot(assets, runtime) {
  const started = performance.now();
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

  // The wheel downloads while Pyodide starts (with its sha256 as the fetch's integrity: the
  // browser refuses other bytes, as loadPackage's own fetch would).
  const lock = runtime.lock_contents || null;
  const wheelSpec = lock && lock.packages[runtime.package];
  if (wheelSpec) {
    const wheelUrl = url(runtime.lock.replace(/[^/]*$/, "") + wheelSpec.file_name);
    const integrity = "sha256-" + btoa(String.fromCharCode(...wheelSpec.sha256.match(/../g).map((h) => parseInt(h, 16))));
    const early = self.fetch(wheelUrl, { integrity });
    early.catch(() => {});
    prefetched.set(wheelUrl, early);
  }

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
  const marks = { module: Math.round(performance.now() - started) };
  const options = {
    indexURL: url(runtime.index),
    packageBaseUrl: url(runtime.lock.replace(/[^/]*$/, "")),
    fullStdLib: false,
    stdout: () => {},
    stderr: () => {},
  };
  if (runtime.stdlib) options.stdLibURL = url(runtime.stdlib);
  if (lock) options.lockFileContents = lock;
  else options.lockFileURL = url(runtime.lock);
  pyodide = await mod.loadPyodide(options);
  marks.booted = Math.round(performance.now() - started);
  stage = "install";
  report(true);
  const errors = [];
  await pyodide.loadPackage(runtime.package, {
    checkIntegrity: true,
    messageCallback: () => {},
    errorCallback: (m) => errors.push(m),
  });
  if (errors.length) throw Object.assign(new Error(errors.join("；")), { stage: "install" });

  marks.installed = Math.round(performance.now() - started);
  stage = "data";
  report(true);
  // The data of one question is parsed once and kept while the questions are about the same
  // region (a recalculation parses nothing).
  pyodide.runPython(
    "import json\nfrom calculator import browser as __browser\n" +
      "__last = [None, None]\n" +
      "def __data(data_json):\n" +
      "    if __last[0] != data_json:\n        __last[:] = [data_json, json.loads(data_json)]\n" +
      "    return __last[1]\n" +
      "def __answer(data_json, params_json):\n    return __browser.answer(__data(data_json), params_json)\n" +
      "def __household(data_json, params_json):\n    return __browser.household_answer(__data(data_json), params_json)\n",
  );
  answerFn = pyodide.globals.get("__answer");
  householdFn = pyodide.globals.get("__household");
  loaded = total;
  report(true);
  marks.ready = Math.round(performance.now() - started);
  post({ type: "ready", ms: marks.ready, marks, pyodide: pyodide.version });
  while (queue.length) handleQuote(queue.shift());
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

self.addEventListener("unhandledrejection", (event) => fail("start", event.reason));

// The build's copy carries its runtime description: start now (worker.js is in assets/calculator/).
if (self.CALC_RUNTIME) start(new URL("../", self.location.href).href, self.CALC_RUNTIME);
