// Offline: registers the service worker (sw.js at the site root) and, once Python is ready, asks
// it to keep every file the calculator loaded. Separate because it talks to the service worker
// only; the page works the same without it.

import { loaded, root, state } from "./page.js";

// Once Python is ready, the service worker is asked to keep everything the calculator loaded
// (sw.js "warm": the runtime, the page's files and the data the page used), so the same question
// can be answered offline later, whatever the HTTP cache keeps. Not before: the worker's own
// downloads are still on their way, and the service worker would start them a second time. It
// answers how many files it could not keep; none → #calc[data-offline="kept"].
let keepTimer = null;
export function keepForOffline() {
  // offline, asking would only send requests that cannot succeed
  if (!("serviceWorker" in navigator) || !window.isSecureContext || !state.ready || !navigator.onLine) return;
  clearTimeout(keepTimer);
  keepTimer = setTimeout(() => {
    if (!navigator.onLine) return;
    navigator.serviceWorker.ready.then((registration) => {
      // a new build's worker left waiting while Python's files came through the old one (site.js)
      if (registration.waiting) registration.waiting.postMessage({ type: "activate" });
      if (!registration.active) return;
      const channel = new MessageChannel();
      channel.port1.onmessage = (event) => {
        if (event.data && event.data.missing === 0) root.dataset.offline = "kept";
      };
      registration.active.postMessage({ type: "warm", urls: [...loaded.keys()] }, [channel.port2]);
    }).catch(() => {});
  }, 500);
}

// The service worker (sw.js at the site root) keeps the calculator for the next visit and for
// offline use. Registered when the page opens: at install it caches only every page's small files
// (already in the HTTP cache); the calculator's are kept once Python is ready (keepForOffline).
export function registerServiceWorker() {
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
  const url = new URL("../../sw.js", import.meta.url);
  // a new build's service worker has new caches: ask it to keep the calculator too
  navigator.serviceWorker.addEventListener("controllerchange", keepForOffline);
  navigator.serviceWorker.register(url, { scope: new URL("./", url).pathname }).then(
    () => { if (root.dataset.offline !== "kept") root.dataset.offline = "registered"; },
    () => { root.dataset.offline = "unavailable"; },
  );
}
