#!/usr/bin/env node
// Run the calculator inside Pyodide under node, offline, from node_modules/pyodide.
//
//   node tools/pyodide_run.mjs --wheel dist/calculator-0.1.0-py3-none-any.whl \
//        --data policy.json < requests.json > answers.json   (policy.json: validation.sources.dump_json(load_policy_dir()))
//
// requests.json: a JSON list of argv lists, e.g. [["regions","--json"], ["quote","--region","140521","--json"]]
// answers.json:  a JSON list, one {"exit_code": int, "stdout": str, "stderr": str} per request
//                (plus "crashed": true and the traceback in stderr if the entry point raised).
//
// Options:
//   --wheel PATH      install this wheel with pyodide.unpackArchive (default install path)
//   --lockfile PATH   instead boot with this pyodide-lock.json (made by `make lockfile`) and
//                     pyodide.loadPackage(--package); the wheel must sit beside the lockfile.
//                     This is the same path the browser takes.
//   --package NAME    package to loadPackage in --lockfile mode (default: calculator)
//   --data PATH       JSON file parsed with Python's json.loads and passed as data=...
//   --entry MOD:FUNC  entry point (default: calculator.cli:run), called as FUNC(argv, data=data)
//   --kwargs JSON     extra keyword arguments for every call, e.g. '{"today": "2025-09-01"}'
//   --requests PATH   read requests from PATH instead of stdin
//   --eval CODE       just run CODE (after installing, if asked) and print the value of its
//                     last expression as JSON; no requests are read
//   --stdlib PATH     boot with this python_stdlib.zip (stdLibURL) instead of the npm package's:
//                     the build's trimmed zip, so a run proves it holds every module needed
//   --list-modules PATH  after the run, write the sorted list of standard-library zip members
//                     whose modules were imported (how site_src/calculator/stdlib_keep.txt is made)
//   --timing          report boot / install / run times (ms) on stderr
//   --allow-network   do not block http(s) fetches (by default any attempt fails loudly)
//
// Anything the Python side prints outside run()'s own capture goes to stderr, so stdout
// carries only the JSON answer. Exit status: 0 when the answers were written, 2 on bad usage,
// 1 when Pyodide could not boot or install the package.

import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { loadPyodide } from "pyodide";

function usage(msg) {
  if (msg) process.stderr.write(`pyodide_run: ${msg}\n`);
  process.stderr.write(
    "usage: node tools/pyodide_run.mjs [--wheel W | --lockfile L] [--data D] [--entry mod:func]\n" +
      "                               [--requests R | --eval CODE] [--timing] < requests.json\n",
  );
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { package: "calculator", entry: "calculator.cli:run" };
  const valued = new Set(["--stdlib", "--list-modules", "--wheel", "--lockfile", "--package", "--data", "--entry", "--kwargs", "--requests", "--eval"]);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-h" || a === "--help") usage();
    else if (a === "--timing") opts.timing = true;
    else if (a === "--allow-network") opts.allowNetwork = true;
    else if (valued.has(a)) {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      opts[a.slice(2)] = argv[++i];
    } else if (a.startsWith("--") && a.includes("=") && valued.has(a.split("=", 1)[0])) {
      const k = a.split("=", 1)[0];
      opts[k.slice(2)] = a.slice(k.length + 1);
    } else usage(`unknown argument ${a}`);
  }
  if (opts.wheel && opts.lockfile) usage("give --wheel or --lockfile, not both");
  if (!/^[\w.]+:\w+$/.test(opts.entry)) usage("--entry must look like module.path:function");
  if (opts.kwargs !== undefined) {
    let kw;
    try {
      kw = JSON.parse(opts.kwargs);
    } catch (e) {
      usage(`--kwargs: ${e.message}`);
    }
    if (kw === null || typeof kw !== "object" || Array.isArray(kw)) usage("--kwargs must be a JSON object");
  }
  return opts;
}

const opts = parseArgs(process.argv.slice(2));
const t = { start: performance.now() };
const ms = (a, b) => Math.round(b - a);

// Offline guard: Pyodide reads local paths with fs; any http(s) fetch means something
// would go to the network (a CDN), which this project must never depend on.
const blockedFetches = [];
if (!opts.allowNetwork && typeof globalThis.fetch === "function") {
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const url = typeof input === "string" ? input : input?.url ?? String(input);
    if (/^https?:/i.test(url)) {
      blockedFetches.push(url);
      throw new Error(`pyodide_run: network fetch blocked (offline): ${url}`);
    }
    return realFetch(input, init);
  };
}

for (const [k, v] of Object.entries({ stdlib: opts.stdlib, wheel: opts.wheel, lockfile: opts.lockfile, data: opts.data, requests: opts.requests })) {
  if (v && !fs.existsSync(v)) usage(`--${k} ${v}: no such file`);
}

let requestsText = null;
if (opts.eval === undefined) {
  requestsText = opts.requests ? fs.readFileSync(opts.requests, "utf8") : fs.readFileSync(0, "utf8");
  try {
    const reqs = JSON.parse(requestsText);
    if (!Array.isArray(reqs) || !reqs.every((r) => Array.isArray(r) && r.every((x) => typeof x === "string")))
      throw new Error("expected a JSON list of lists of strings");
  } catch (e) {
    usage(`bad requests JSON: ${e.message}`);
  }
}
const dataText = opts.data ? fs.readFileSync(opts.data, "utf8") : null;

const toStderr = (s) => process.stderr.write(s + "\n");
let pyodide;
try {
  const loadOpts = { stdout: toStderr, stderr: toStderr };
  if (opts.lockfile) loadOpts.lockFileURL = path.resolve(opts.lockfile);
  if (opts.stdlib) loadOpts.stdLibURL = path.resolve(opts.stdlib);
  pyodide = await loadPyodide(loadOpts);
  t.booted = performance.now();
  if (opts.wheel) {
    // unpackArchive needs a Uint8Array: a node Buffer is refused ("Unknown typed array type 'Buffer'").
    // Without extractDir it would unpack into the cwd (/home/pyodide), not site-packages.
    const sitePackages = pyodide.runPython("import sysconfig; sysconfig.get_path('purelib')");
    pyodide.unpackArchive(new Uint8Array(fs.readFileSync(opts.wheel)), "wheel", { extractDir: sitePackages });
  } else if (opts.lockfile) {
    await pyodide.loadPackage(opts.package, { messageCallback: () => {}, errorCallback: toStderr });
  }
  pyodide.runPython("import importlib; importlib.invalidate_caches()");
  t.installed = performance.now();
} catch (e) {
  process.stderr.write(`pyodide_run: could not boot Pyodide or install the package: ${e?.stack ?? e}\n`);
  if (blockedFetches.length) process.stderr.write(`pyodide_run: blocked fetches: ${blockedFetches.join(", ")}\n`);
  process.exit(1);
}

let answer;
try {
  if (opts.eval !== undefined) {
    pyodide.globals.set("__pr_code", opts.eval);
    answer = pyodide.runPython(`
import json as __pr_json
from pyodide.code import eval_code as __pr_eval
__pr_json.dumps(__pr_eval(__pr_code, globals()), ensure_ascii=False, default=repr)
`);
  } else {
    const [mod, func] = opts.entry.split(":");
    pyodide.globals.set("__pr_mod", mod);
    pyodide.globals.set("__pr_func", func);
    pyodide.globals.set("__pr_requests", requestsText);
    pyodide.globals.set("__pr_data", dataText);
    pyodide.globals.set("__pr_kwargs", opts.kwargs ?? "{}");
    answer = pyodide.runPython(`
import importlib as __pr_importlib, json as __pr_json, traceback as __pr_tb
def __pr_main():
    run = getattr(__pr_importlib.import_module(__pr_mod), __pr_func)
    kwargs = __pr_json.loads(__pr_kwargs)
    if __pr_data is not None:
        kwargs["data"] = __pr_json.loads(__pr_data)
    out = []
    for argv in __pr_json.loads(__pr_requests):
        try:
            code, so, se = run(list(argv), **kwargs)
            out.append({"exit_code": code, "stdout": so, "stderr": se})
        except BaseException:
            out.append({"exit_code": 1, "stdout": "", "stderr": __pr_tb.format_exc(), "crashed": True})
    return __pr_json.dumps(out, ensure_ascii=False)
__pr_main()
`);
  }
} catch (e) {
  process.stderr.write(`pyodide_run: ${e?.message ?? e}\n`);
  process.exit(1);
}
t.done = performance.now();
if (opts["list-modules"]) {
  const listed = pyodide.runPython(`
import sys as __pr_sys, json as __pr_json
__pr_seen = set()
for __pr_m in list(__pr_sys.modules.values()):
    __pr_f = getattr(getattr(__pr_m, "__spec__", None), "origin", None) or getattr(__pr_m, "__file__", None)
    if isinstance(__pr_f, str) and ".zip/" in __pr_f:
        __pr_seen.add(__pr_f.split(".zip/", 1)[1])
__pr_json.dumps(sorted(__pr_seen))
`);
  fs.writeFileSync(opts["list-modules"], listed + "\n");
}

process.stdout.write(answer + "\n");
if (opts.timing) {
  process.stderr.write(
    `pyodide_run: pyodide ${pyodide.version}, boot ${ms(t.start, t.booted)} ms, install ${ms(t.booted, t.installed)} ms, ` +
      `run ${ms(t.installed, t.done)} ms\n`,
  );
}
if (blockedFetches.length) process.stderr.write(`pyodide_run: blocked fetches: ${blockedFetches.join(", ")}\n`);
