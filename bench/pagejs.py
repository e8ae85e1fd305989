"""What runs inside the page: the marks recorded with performance.now(), the recalculations, the read-out.

Every time is measured in the page (milliseconds since navigation start), so no DevTools round trip
is counted. bench/README.md says what each mark means.
"""

# Runs in every document before its own scripts: records, with performance.now(), the first
# moment each milestone is reached. Milestones are checked on every DOM mutation (exact for
# attribute changes) and on every animation frame (for "visible": the frame that paints it).
INIT_JS = r"""
(() => {
  if (window.top !== window || window.__bench) return;
  const cfg = __CONFIG__;
  const B = window.__bench = { marks: {}, lcp: null, table: null };
  const mark = (k) => { if (!(k in B.marks)) B.marks[k] = performance.now(); };
  function check() {
    const d = document, html = d.documentElement;
    const calc = d.getElementById("calc");
    if ((calc && calc.dataset.state === "ready") || (html && html.dataset.calculator === "ready")) mark("ready");
    if ((calc && calc.dataset.state === "failed") || (html && html.dataset.calculator === "failed")) mark("failed");
    const q = d.getElementById("quote");
    if (q && q.hasAttribute("data-json")) mark("first_answer");
  }
  function tableCheck() {
    if ("table_layout" in B.marks) return true;
    const t = document.querySelector(cfg.table);
    if (!t) return false;
    const r = t.getBoundingClientRect();
    const shown = t.checkVisibility ? t.checkVisibility({ opacityProperty: true, visibilityProperty: true }) : true;
    if (r.width > 0 && r.height > 0 && shown) {
      // This animation frame is the first to lay the table out; the frame's rendering (style,
      // layout, paint) runs right after this callback, and a message posted now is handled
      // after it: that is when the table has been painted.
      mark("table_layout");
      const ch = new MessageChannel();
      ch.port1.onmessage = () => mark("table_visible");
      ch.port2.postMessage(0);
      B.table = { top: r.top + window.scrollY, height: r.height, viewport_height: window.innerHeight,
                  above_fold: r.top + window.scrollY < window.innerHeight };
      return true;
    }
    return false;
  }
  new MutationObserver(check).observe(document, {
    subtree: true, childList: true, attributes: true,
    attributeFilter: ["data-state", "data-json", "data-calculator"],
  });
  const started = performance.now();
  (function frame() {
    check();
    const done = tableCheck() && ("ready" in B.marks || !document.getElementById("calc"));
    if (!done && performance.now() - started < cfg.frame_ms) requestAnimationFrame(frame);
  })();
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) B.lcp = e.startTime;
    }).observe({ type: "largest-contentful-paint", buffered: true });
  } catch (e) {}
})();
"""

# In the page: change the fragment, time until #quote[data-json] is back (the answer is in the
# DOM), one recalculation after another.
RECALC_JS = r"""
async ([fragments, timeoutMs]) => {
  const q = document.getElementById("quote");
  if (!q) return [{ error: "no #quote on the page" }];
  const out = [];
  for (const frag of fragments) {
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 100)));
    const res = await new Promise((resolve) => {
      let removed = false;
      const t0 = performance.now();
      const finish = (v) => { mo.disconnect(); clearTimeout(timer); resolve(v); };
      const mo = new MutationObserver(() => {
        if (!q.hasAttribute("data-json")) { removed = true; }
        else if (removed) finish({ ms: performance.now() - t0, worker_ms: Number(q.dataset.ms || NaN) });
        if (q.dataset.state === "error" || q.dataset.state === "failed")
          finish({ error: `quote state ${q.dataset.state}: ${q.dataset.error || ""}` });
      });
      mo.observe(q, { attributes: true, attributeFilter: ["data-json", "data-state"] });
      const timer = setTimeout(() => finish({ error: "timeout" }), timeoutMs);
      location.hash = frag;
    });
    out.push({ fragment: frag, ...res });
  }
  return out;
}
"""

COLLECT_JS = r"""
() => {
  const B = window.__bench || { marks: {} };
  const nav = performance.getEntriesByType("navigation")[0];
  const paint = {};
  for (const e of performance.getEntriesByType("paint")) paint[e.name] = e.startTime;
  const calc = document.getElementById("calc");
  const status = document.getElementById("calc-status-text") || document.getElementById("status");
  return {
    marks: B.marks, table: B.table, lcp_ms: B.lcp,
    fcp_ms: paint["first-contentful-paint"] ?? null,
    time_origin: performance.timeOrigin,
    dom_content_loaded_ms: nav ? nav.domContentLoadedEventEnd : null,
    load_ms: nav && nav.loadEventEnd > 0 ? nav.loadEventEnd : null,
    ready_marks: calc && calc.dataset.readyMarks ? JSON.parse(calc.dataset.readyMarks) : null,
    page_ready_ms: calc && calc.dataset.readyMs ? Number(calc.dataset.readyMs)
                   : (document.documentElement.dataset.readyMs ? Number(document.documentElement.dataset.readyMs) : null),
    status_text: status ? status.textContent.trim().slice(0, 300) : null,
    service_worker_controlled: !!(navigator.serviceWorker && navigator.serviceWorker.controller),
  };
}
"""


WAIT_JS = r"""
(need) => {
  const B = window.__bench;
  if (!B) return false;
  if ("failed" in B.marks) return "failed";
  return need.every((k) => k in B.marks);
}
"""

# Whether the calculator's worker has kept its snapshot of Python (site_src/calculator/worker.js:
# Cache Storage "pyodide-snapshot"), waiting up to the given milliseconds.
SNAPSHOT_KEPT_JS = r"""
async (timeoutMs) => {
  if (!self.caches) return false;
  const t0 = performance.now();
  while (performance.now() - t0 < timeoutMs) {
    const cache = await caches.open("pyodide-snapshot");
    if ((await cache.keys()).length) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}
"""
