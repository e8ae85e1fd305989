// Every page's small script (a module; the build names it by its hash, site_src/overrides/main.html).
//
// 1. The year being collected, on the reader's own clock: region and notice pages carry
//    #year-banner[data-banner] (the region's collection windows, the years the library has, the
//    year the page shows); when the page is not about the year being collected, the banner says so
//    in plain words and links the right year's notice when the library has it.
// 2. Offline reading: every page, once loaded and the browser is idle, registers the site's service
//    worker (sw.js), which keeps the pages the reader opens.
// 3. Warm-up: a notice page then also asks it to download the calculator's files at low priority,
//    so the calculator opens warm. The service worker's downloads go on when the reader taps
//    through to the calculator (a page's own would be cancelled), and the calculator waits for a
//    file still on its way instead of fetching it again. Not with Save-Data, not on 2G.
//
// Everything is written with textContent; nothing leaves the site.

import { yearBanner } from "./collecting.js";

function showBanner() {
  const box = document.getElementById("year-banner");
  if (!box || !box.dataset.banner) return;
  let info;
  try {
    info = JSON.parse(box.dataset.banner);
  } catch (e) {
    return;
  }
  const banner = yearBanner(info);
  box.dataset.collecting = banner ? String(banner.collecting) : "";
  if (!banner) {
    box.hidden = true;
    return;
  }
  const text = document.createElement("p");
  text.textContent = banner.text;
  box.replaceChildren(text);
  const link = banner.has && info.links ? info.links[String(banner.collecting)] : null;
  const newest = Math.max(...(info.years || []));
  if (link) {
    const p = document.createElement("p");
    const a = document.createElement("a");
    a.href = link;
    a.textContent = `${info.name}${banner.collecting}年度的缴费通知`;
    p.append("看 ", a);
    box.append(p);
  } else if (newest > info.shown && info.links && info.links[String(newest)]) {
    const p = document.createElement("p");
    const a = document.createElement("a");
    a.href = info.links[String(newest)];
    a.textContent = `${newest}年度的缴费通知`;
    p.append("本站收录的最新一份是 ", a, "。");
    box.append(p);
  }
  box.hidden = false;
}

function connectionAllows() {
  const c = navigator.connection;
  if (!c) return true;
  return !c.saveData && !/(^|-)2g$/.test(String(c.effectiveType || ""));
}

// The service worker keeps the pages a reader opens for reading offline (sw.js): every page
// registers it once it has loaded. Its install caches only the pages' own small files, already in
// the HTTP cache, so this costs nothing with Save-Data either.
function registerServiceWorker() {
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return null;
  const url = new URL("../sw.js", import.meta.url);
  return navigator.serviceWorker.register(url, { scope: new URL("./", url).pathname });
}

function warmCalculator(registered) {
  if (!document.querySelector("[data-warm-calculator]") || !connectionAllows()) return;
  registered
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => {
      // the data of this notice's region too (relative to assets/, where this script is)
      let urls = [];
      try {
        urls = JSON.parse(document.querySelector("[data-warm-calculator]").dataset.warmCalculator || "[]")
          .map((u) => new URL(u, import.meta.url).href);
      } catch (e) {
        urls = [];
      }
      registration.active.postMessage({ type: "warm", urls });
      document.documentElement.dataset.warmed = "asked";
    })
    .catch(() => { document.documentElement.dataset.warmed = "unavailable"; });
}

// A page opened before the service worker controlled it was not kept (often the first page of a
// visit, or the next one while the worker was still starting): this tab's sessionStorage lists
// them until the worker is active, which then keeps them.
const UNKEPT = "sw-unkept-pages";
function handOverPages(registered) {
  const read = () => JSON.parse(sessionStorage.getItem(UNKEPT) || "[]");
  try {
    if (!navigator.serviceWorker.controller) {
      sessionStorage.setItem(UNKEPT, JSON.stringify([...read(), location.href.split("#")[0]].slice(-30)));
    }
  } catch (e) {
    return; // no sessionStorage (private mode): such a page is kept the next time it is opened
  }
  registered.then(() => navigator.serviceWorker.ready).then((registration) => {
    const urls = read();
    if (!urls.length || !registration.active) return;
    registration.active.postMessage({ type: "keep", urls });
    sessionStorage.removeItem(UNKEPT);
  }).catch(() => {});
}

// A new build's worker calls skipWaiting() once installed, but Chromium can leave it waiting when
// the old worker is busy with this page's requests just then; until every tab of the site is
// closed the old worker, with its old files, would stay in charge. Asked again once this page is
// idle, it takes over (sw.js "activate").
function activateWaiting(registered) {
  registered.then((registration) => {
    if (registration.waiting) registration.waiting.postMessage({ type: "activate" });
  }).catch(() => {});
}

function whenIdle() {
  const start = () => {
    const registered = registerServiceWorker();
    if (!registered) return;
    activateWaiting(registered);
    handOverPages(registered);
    registered.then(() => { document.documentElement.dataset.offline = "registered"; }, () => {});
    warmCalculator(registered);
  };
  const idle = () => (window.requestIdleCallback ? requestIdleCallback(start, { timeout: 3000 }) : setTimeout(start, 500));
  if (document.readyState === "complete") idle();
  else window.addEventListener("load", idle, { once: true });
}

showBanner();
whenIdle();
