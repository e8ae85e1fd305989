// Every page's small script (a module; the build names it by its hash, site_src/overrides/main.html).
//
// 1. The year being collected, on the reader's own clock: region and notice pages carry
//    #year-banner[data-banner] (the region's collection windows, the years the library has, the
//    year the page shows); when the page is not about the year being collected, the banner says so
//    in plain words and links the right year's notice when the library has it.
// 2. Warm-up: a notice page, once its own content has loaded and the browser is idle, asks for the
//    calculator's files at the lowest priority (<link rel=prefetch>, which the browser may finish
//    after the reader has moved on), so the calculator opens warm. Not with Save-Data, not on 2G.
//
// Everything is written with textContent; nothing leaves the site.

import { yearBanner } from "./collecting.js";

// The calculator's files, relative to this script (assets/): written by the build.
const WARM = "__WARM__";

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

function warmCalculator() {
  if (!document.querySelector("[data-warm-calculator]") || !Array.isArray(WARM) || !connectionAllows()) return;
  const base = new URL("./", import.meta.url);
  const start = () => {
    for (const path of WARM) {
      const link = document.createElement("link");
      link.rel = "prefetch";
      link.href = new URL(path, base).href;
      document.head.append(link);
    }
    document.documentElement.dataset.warmed = String(WARM.length);
  };
  const idle = () => (window.requestIdleCallback ? requestIdleCallback(start, { timeout: 3000 }) : setTimeout(start, 500));
  if (document.readyState === "complete") idle();
  else window.addEventListener("load", idle, { once: true });
}

showBanner();
warmCalculator();
