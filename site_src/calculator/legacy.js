// Runs only in browsers too old for JavaScript modules (<script nomodule>): they cannot run the
// calculator either, so say so plainly instead of leaving "正在准备…" on screen. ES5 only.
(function () {
  var text = document.getElementById("calc-status-text");
  var box = document.getElementById("calc-status");
  var failed = document.getElementById("calc-failed");
  var root = document.getElementById("calc");
  if (text) text.textContent = "这个浏览器版本太旧，无法运行计算器。请升级微信或浏览器，或在手机自带浏览器里打开本页。";
  if (box) box.setAttribute("data-state", "failed");
  if (root) root.setAttribute("data-state", "failed");
  if (failed) failed.removeAttribute("hidden");
  var retry = document.getElementById("calc-retry");
  if (retry) retry.style.display = "none";
})();
