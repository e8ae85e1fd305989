// The share link under an answer: the question's fragment, a copy button (the clipboard where the
// browser allows it, else the selected text) and a print button. Used by the one-person answer and
// the household's (household.js gets it through the worker client).

import { el } from "./format.js";
import { fragmentFor } from "./fragment.js";

// The share link, copy and print buttons, and the link as printed (ids: <prefix>-share-url, …).
export function shareParts(params, options, prefix) {
  const shareUrl = location.href.split("#")[0] + "#" + fragmentFor(params, options);
  const shareInput = el("input", { type: "text", readonly: true, id: `${prefix}-share-url`, value: shareUrl, "aria-label": "分享链接" });
  const copyBtn = el("button", { type: "button", class: "calc-button calc-secondary", id: `${prefix}-copy`, text: "复制链接" });
  const printBtn = el("button", { type: "button", class: "calc-button calc-secondary", id: `${prefix}-print`, text: "打印" });
  copyBtn.addEventListener("click", () => copyShare(shareInput, copyBtn));
  printBtn.addEventListener("click", () => window.print());
  return [el("div", { class: "calc-share" },
    el("p", { class: "calc-share-title", text: "分享这个问题：复制下面的链接发给对方。链接里只有上面填写的条件，打开时在对方手机上重新计算，不经过任何服务器。" }),
    shareInput,
    el("div", { class: "calc-share-buttons" }, copyBtn, printBtn)),
  el("p", { class: "calc-print-url", text: `本页链接：${shareUrl}` })];
}

async function copyShare(input, button) {
  let ok = false;
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(input.value);
      ok = true;
    }
  } catch (e) {
    ok = false;
  }
  if (!ok) {
    input.focus();
    input.select();
    try {
      ok = document.execCommand("copy");
    } catch (e) {
      ok = false;
    }
  }
  button.textContent = ok ? "已复制" : "请长按链接复制";
  setTimeout(() => { button.textContent = "复制链接"; }, 2500);
}
