// The loading status: the stages and the progress bar while the worker downloads and starts
// Python, "ready", and a failure in plain words (with the static table still there). Separate so
// the worker client only routes messages.

import { answerBox } from "./answer-box.js";
import { el, megabytes } from "./format.js";
import { keepForOffline } from "./offline.js";
import { currentFile } from "./data.js";
import { $, progressBar, root, state, statusBox, statusText } from "./page.js";
import { showStatic } from "./static-table.js";

const STAGES = ["download", "start", "install", "data"];
const STALL_MS = 60000; // no word from the worker for this long while loading: give up

export function setStatus(kind, text) {
  statusBox.dataset.state = kind;
  root.dataset.state = kind;
  statusText.textContent = text;
}

export function onProgress(msg) {
  const stageIndex = STAGES.indexOf(msg.stage);
  for (const li of statusBox.querySelectorAll("[data-stage]")) {
    const i = STAGES.indexOf(li.dataset.stage);
    li.dataset.done = i < stageIndex ? "yes" : i === stageIndex ? "now" : "no";
  }
  if (msg.stage === "download") {
    const pct = msg.total ? Math.floor((msg.loaded / msg.total) * 100) : 0;
    progressBar.max = 100;
    progressBar.value = Math.min(pct, 99);
    // The worker counts bytes as they come out of the (decompressed) response; what travels is the
    // compressed size the build measured (data-transfer-mb), so the megabytes shown are that share of it.
    const travel = Number(root.dataset.transferMb || "0");
    const shown = travel > 0
      ? `约 ${(travel * Math.min(pct, 100) / 100).toFixed(1)} / ${travel.toFixed(1)} MB`
      : `${megabytes(msg.loaded)} / ${megabytes(msg.total)} MB`;
    setStatus("loading", `正在下载计算器：${shown}（${pct}%）`);
  } else {
    progressBar.value = 100;
    const words = { start: "正在启动 Python…", install: "正在安装计算器…", data: "正在载入政策数据…" };
    setStatus("loading", words[msg.stage] || "正在准备…");
  }
}

export function onReady(msg) {
  state.ready = true;
  clearTimeout(state.stallTimer);
  root.dataset.readyMs = String(msg.ms);
  root.dataset.readyMarks = JSON.stringify(msg.marks || {});
  for (const li of statusBox.querySelectorAll("[data-stage]")) li.dataset.done = "yes";
  setStatus("ready", `计算器已就绪（${(msg.ms / 1000).toFixed(1)} 秒）。在本机计算，填写的内容不会发送到任何地方。`);
  keepForOffline();
  if (state.lastParams && state.pending !== null) return; // the queued question is answered next
}

export function onFailed(stage, message) {
  if (state.failed) return;
  state.failed = true;
  clearTimeout(state.stallTimer);
  if (state.worker) state.worker.terminate();
  const stageWords = { download: "下载", start: "启动", install: "安装计算器", data: "载入政策数据" };
  setStatus("failed", `计算器没能启动（${stageWords[stage] || "启动"}时出错：${message}）。`);
  const help = $("calc-failed");
  help.hidden = false;
  answerBox().dataset.state = "failed";
  if (state.pending !== null) {
    state.pending = null;
    answerBox().replaceChildren(el("p", { class: "calc-error", text: "这次没能计算。请看下面按通知整理的金额表，或换一个浏览器再试。" }));
  }
  showStatic(currentFile()); // the chosen notice's data file (null while none is chosen or loaded)
}

export function armStallTimer() {
  clearTimeout(state.stallTimer);
  if (state.ready || state.failed) return;
  state.stallTimer = setTimeout(() => onFailed("start", "长时间没有响应，可能是网络中断或手机内存不足"), STALL_MS);
}
