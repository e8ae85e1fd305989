// The calculator's Python, off the page's main thread (a module Web Worker).
//
// Messages from the page:
//   {type: "init", assets: URL of the site's assets/ directory, runtime: {...}}   (once)
//   {type: "quote", id, params: {...}}      params as the URL fragment carries them
// Messages to the page:
//   {type: "progress", stage, loaded, total}   stage: download | start | install | data
//   {type: "ready", ms, marks, pyodide}        Pyodide booted, calculator installed, data loaded
//                                              (marks: ms from start to each stage's end)
//   {type: "answer", id, reply, ms}            reply: the JSON text calculator.browser.answer returns
//   {type: "failed", stage, message}           nothing more will come
//
// Every file comes from the site itself: the Pyodide runtime under assets/pyodide/<version>/,
// the calculator wheel through its pyodide-lock.json (Pyodide checks its sha256), the policy JSON.
// Nothing the resident types leaves this worker.

let pyodide = null;
let answerFn = null;
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

// Count the bytes of every response read through fetch() (the wasm, the standard library, the
// lockfile, the wheel, the policy data) so the page can show real download progress. A file that
// does not arrive, or a .wasm served with the wrong type, fails the load at once: Pyodide itself
// would only log a warning and wait for ever.
function countingFetch(onBytes) {
  const realFetch = self.fetch.bind(self);
  return async function (input, init) {
    const url = typeof Request !== "undefined" && input instanceof Request ? input.url : String(input);
    const name = decodeURIComponent(String(url).split("?")[0].split("/").pop());
    let response;
    try {
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

  // The policy data downloads while Pyodide starts.
  const policyText = fetch(url(runtime.policy)).then((r) => r.text());
  policyText.catch(() => {});

  let mod;
  try {
    mod = await import(url(runtime.index + "pyodide.mjs"));
  } catch (e) {
    throw Object.assign(new Error(`Python 运行环境没有下载成功（pyodide.mjs）：${e.message}`), { stage: "download" });
  }
  const marks = { module: Math.round(performance.now() - started) };
  pyodide = await mod.loadPyodide({
    indexURL: url(runtime.index),
    lockFileURL: url(runtime.lock),
    packageBaseUrl: url(runtime.lock.replace(/[^/]*$/, "")),
    fullStdLib: false,
    stdout: () => {},
    stderr: () => {},
  });
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
  let text;
  try {
    text = await policyText;
  } catch (e) {
    throw Object.assign(new Error(`政策数据没有下载成功：${e.message}`), { stage: "data" });
  }
  pyodide.globals.set("__policy_text", text);
  pyodide.runPython(
    "import json\nfrom calculator import browser as __browser\n" +
      "__policy = json.loads(__policy_text)\ndel __policy_text\n" +
      "def __answer(params_json):\n    return __browser.answer(__policy, params_json)\n",
  );
  answerFn = pyodide.globals.get("__answer");
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
    reply = answerFn(JSON.stringify(msg.params || {}));
  } catch (e) {
    // calculator.browser.answer never raises on input; this is a bug, shown plainly.
    reply = JSON.stringify({ exit_code: 1, stdout: "", stderr: `计算器内部错误：${String(e.message || e).split("\n").slice(-2).join(" ")}\n` });
  }
  post({ type: "answer", id: msg.id, reply, ms: Math.round(performance.now() - t0) });
}

self.addEventListener("message", (event) => {
  const msg = event.data || {};
  if (msg.type === "init") {
    boot(msg.assets, msg.runtime).catch((e) => fail(e.stage || "start", e));
  } else if (msg.type === "quote") {
    if (failed) return;
    if (answerFn) handleQuote(msg);
    else queue.push(msg);
  }
});

self.addEventListener("unhandledrejection", (event) => fail("start", event.reason));
