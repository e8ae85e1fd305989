// Starts the calculator's worker as early as the page allows.
//
// The calculator page loads this from its <head> as an async module (site_src/overrides/main.html),
// so the worker — and with it the Pyodide runtime's download — starts while the page's style sheets
// and the rest of the page are still arriving; calculator.js imports the same module (the build
// gives both the same URL) and takes over the worker and every message it has sent so far.
//
// Data saving: with Save-Data on, or on a 2G connection, nothing is downloaded until the resident
// asks for it (calculator.js shows the button "下载计算器（约 N MB）" and calls start()).
//
// The build (calculator_assets.py) replaces the placeholder below with worker.js's versioned name.

const WORKER_URL = new URL("__WORKER_URL__", import.meta.url);

function saveData() {
  const c = typeof navigator !== "undefined" ? navigator.connection : null;
  if (!c) return false;
  return Boolean(c.saveData) || /(^|-)2g$/.test(String(c.effectiveType || ""));
}

export const boot = {
  worker: null,
  error: null,
  early: [], // messages that arrived before calculator.js listened
  listener: null,
  deferred: saveData(),
  start() {
    if (this.worker || this.error) return this.worker;
    if (typeof WebAssembly !== "object" || typeof Worker !== "function") {
      this.error = new Error("unsupported");
      return null;
    }
    try {
      this.worker = new Worker(WORKER_URL, { type: "module" });
    } catch (e) {
      this.error = e;
      return null;
    }
    const forward = (event) => {
      if (this.listener) this.listener(event);
      else this.early.push(event);
    };
    this.worker.addEventListener("message", forward);
    this.worker.addEventListener("error", forward);
    return this.worker;
  },
  listen(fn) {
    this.listener = fn;
    const early = this.early.splice(0);
    for (const event of early) fn(event);
  },
};

if (!boot.deferred) boot.start();
