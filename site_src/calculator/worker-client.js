// The page's side of the worker (worker.js, started by boot.js): taking over its messages, the
// Save-Data button that starts it, asking a question (with the policy data it is computed from)
// and showing the reply. Separate so every message to and from Python passes through one place.

import { boot } from "./boot.js"; // the build names it by its hash: the same module the <head> loaded
import { todayISO } from "../collecting.js";
import { renderAnswer } from "./answer.js";
import { answerBox, clearBox, showError } from "./answer-box.js";
import { dataFor } from "./data.js";
import { el } from "./format.js";
import { renderHousehold } from "./household-answer.js";
import { $, HOUSEHOLD_OPTIONS, householdBox, progressBar, quoteBox, root, state } from "./page.js";
import { shareParts } from "./share.js";
import { armStallTimer, onFailed, onProgress, onReady, setStatus } from "./status.js";

export function startWorker() {
  if (typeof WebAssembly !== "object" || typeof Worker !== "function") {
    onFailed("start", "这个浏览器不支持 WebAssembly 或 Web Worker，请升级浏览器或换用手机自带浏览器");
    return;
  }
  const worker = boot.start();
  if (!worker) {
    onFailed("start", `浏览器无法启动后台计算（${boot.error ? boot.error.message : "未知原因"}）`);
    return;
  }
  state.worker = worker;
  // boot.js started the worker from the page's <head>; its messages so far are replayed here.
  boot.listen((event) => {
    if (event.type === "error") {
      if (event.preventDefault) event.preventDefault();
      onFailed("download", event.message || "后台计算脚本没有加载成功");
      return;
    }
    const msg = event.data || {};
    if (state.failed) return;
    if (msg.type !== "answer") armStallTimer();
    if (msg.type === "progress") onProgress(msg);
    else if (msg.type === "ready") onReady(msg);
    else if (msg.type === "failed") onFailed(msg.stage, msg.message);
    else if (msg.type === "answer") onAnswer(msg);
  });
  armStallTimer();
}

// Save-Data or a 2G connection: nothing is downloaded until the resident asks (boot.js).
export function offerDownload() {
  const button = $("calc-download");
  const mb = Number(root.dataset.transferMb || "0");
  button.textContent = `下载计算器（约 ${mb.toFixed(1)} MB）`;
  $("calc-save-data").hidden = false;
  setStatus("deferred", "你开启了省流量模式（或网络较慢），计算器没有自动下载。下面的金额表不用下载就能查。");
  progressBar.hidden = true;
  button.addEventListener("click", () => {
    $("calc-save-data").hidden = true;
    progressBar.hidden = false;
    setStatus("loading", "正在下载计算器…");
    startWorker();
    if (state.sent && state.pending === state.sent.id) state.worker && state.worker.postMessage(state.sent);
  }, { once: true });
}

// `kind`: "quote" or "household" (params.member, one link string per person): the worker answers
// with calculator.browser.answer or household_answer. The other kind's answer leaves the page.
export function ask(params, kind = "quote") {
  state.lastParams = params;
  state.kind = kind;
  const id = state.nextId++;
  state.pending = id;
  const box = answerBox();
  const other = kind === "household" ? quoteBox : householdBox;
  clearBox(other);
  delete other.dataset.state;
  other.replaceChildren();
  clearBox(box);
  box.dataset.state = "computing";
  if (state.failed) {
    onFailedAnswer();
    return;
  }
  if (!state.ready) {
    const text = state.worker ? "计算器还在加载，加载完成后马上给出结果…" : "点上面的“下载计算器”，下载完成后马上给出结果；也可以先看下面的金额表。";
    box.replaceChildren(el("p", { class: "calc-wait", text }));
  }
  state.asked = performance.now();
  // A question without a date is about today on the reader's clock (the worker's clock may differ).
  const sent = params.on ? params : { ...params, on: todayISO() };
  dataFor(String(params.region || "")).then((data) => {
    if (state.pending !== id) return; // a newer question came meanwhile
    state.sent = { type: kind, id, params: sent, data };
    if (state.worker) state.worker.postMessage(state.sent);
  }, (e) => {
    if (state.pending !== id) return;
    state.pending = null;
    box.dataset.state = "failed";
    box.replaceChildren(el("p", { class: "calc-error", role: "alert",
      text: `这个地区的政策数据没有下载成功（${e.message}），没能计算。请检查网络后再点“计算”。` }));
  });
}

function onFailedAnswer() {
  state.pending = null;
  answerBox().dataset.state = "failed";
  answerBox().replaceChildren(el("p", { class: "calc-error", text: "计算器没能启动，这次没能计算。请看下面按通知整理的金额表。" }));
}

function onAnswer(msg) {
  if (msg.id !== state.pending) return; // an older question
  state.pending = null;
  const box = answerBox();
  let reply;
  try {
    reply = JSON.parse(msg.reply);
  } catch (e) {
    reply = { exit_code: 1, stdout: "", stderr: "计算器返回的结果无法读取。" };
  }
  box.dataset.exitCode = String(reply.exit_code);
  box.dataset.ms = String(msg.ms);
  if (reply.exit_code === 0) {
    let answer;
    try {
      answer = JSON.parse(reply.stdout);
    } catch (e) {
      showError("计算器返回的结果无法读取。");
      return;
    }
    if (state.kind === "household") box.replaceChildren(...renderHousehold(answer, (prefix) => shareParts(state.lastParams, HOUSEHOLD_OPTIONS, prefix)));
    else renderAnswer(answer, state.lastParams);
    // exactly what `python -m calculator quote|household … --json` prints
    box.dataset.json = reply.stdout;
    box.dataset.state = "answered";
  } else {
    showError(reply.stderr.replace(/^错误:\s*/, "").trim() || "输入有误。");
  }
  if (state.scrollOnAnswer) {
    state.scrollOnAnswer = false;
    // After the answer is on screen (next frame), and only when its top is out of view; smooth
    // only the first time — a recalculation should not animate the page on a slow phone.
    const first = !state.answeredOnce;
    requestAnimationFrame(() => {
      const top = box.getBoundingClientRect().top;
      if (top < 0 || top > window.innerHeight * 0.6) box.scrollIntoView({ block: "start", behavior: first ? "smooth" : "auto" });
    });
  }
  state.answeredOnce = true;
}
