#!/usr/bin/env node
// Compile the .py members of a zip to .pyc, inside the Pyodide the site ships.
//
//   node sitebuild/bytecode.mjs IN.zip OUT.zip [DIR] [--optimize=N]
//
// Called by sitebuild/runtime.py (the standard library) and sitebuild/wheel.py (the calculator's
// wheel; DIR: the directory its members are unpacked into in the browser). A .pyc is only valid for the exact Python that wrote it (its
// magic number and bytecode), so it is written by the runtime itself: node_modules/pyodide, the
// copy the build puts in the site, run under node. OUT.zip has the same members with every
// NAME.py replaced by NAME.pyc (sourceless: zipimport then loads the bytecode without looking for
// a source to check it against; the import system likewise imports a NAME.pyc with no NAME.py
// beside it), each code object's file name being the path the source would have had (DIR/NAME.py;
// by default the standard library's zip on sys.path, /lib/python3XX.zip), so tracebacks name the
// same lines. Without the column
// ranges of each instruction (PYTHONNODEBUGRANGES, Python's -X no_debug_ranges: only the ^^^ under
// a traceback's line uses them), which makes the archive a quarter smaller after brotli. Stored,
// sorted, fixed dates, as sitebuild/runtime.py writes the .py zip. --optimize=2 compiles as
// Python's -OO does (no docstrings, no asserts): the standard library is compiled so, which makes it
// a fifth smaller after brotli; the calculator's own code keeps both (optimize 0, the default).
// Exit status 1 with a message when it fails.

import fs from "node:fs";
import { loadPyodide } from "pyodide";

const args = process.argv.slice(2);
const optimizeArg = args.find((a) => a.startsWith("--optimize="));
const [src, dst, dir] = args.filter((a) => a !== optimizeArg);
const optimize = optimizeArg ? Number(optimizeArg.split("=")[1]) : 0;
if (!src || !dst || ![0, 1, 2].includes(optimize)) {
  process.stderr.write("usage: node sitebuild/bytecode.mjs IN.zip OUT.zip [DIR] [--optimize=0|1|2]\n");
  process.exit(2);
}
try {
  const py = await loadPyodide({ env: { PYTHONNODEBUGRANGES: "1" }, stdout: () => {}, stderr: (s) => process.stderr.write(s + "\n") });
  py.FS.writeFile("/tmp/in.zip", new Uint8Array(fs.readFileSync(src)));
  py.globals.set("DIR", dir || null);
  py.globals.set("OPTIMIZE", optimize);
  py.runPython(`
import importlib.util, marshal, sys, zipfile
# where Pyodide puts python_stdlib.zip on sys.path (/lib/python314.zip for Pyodide 314)
home = DIR.rstrip("/") if DIR else next(p for p in sys.path if p.endswith(".zip"))
assert next(compile("x", "x", "eval").co_positions())[2] is None, "PYTHONNODEBUGRANGES ignored"
header = importlib.util.MAGIC_NUMBER + bytes(12)  # flags 0, no mtime, no size: never checked without a source
with zipfile.ZipFile("/tmp/in.zip") as zin, zipfile.ZipFile("/tmp/out.zip", "w", zipfile.ZIP_STORED) as zout:
    for info in sorted(zin.infolist(), key=lambda i: i.filename):
        name, data = info.filename, zin.read(info)
        if name.endswith(".py"):
            code = compile(data, home + "/" + name, "exec", dont_inherit=True, optimize=OPTIMIZE)
            name, data = name + "c", header + marshal.dumps(code)
        out = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
        out.external_attr = 0o644 << 16
        zout.writestr(out, data)
`);
  fs.writeFileSync(dst, py.FS.readFile("/tmp/out.zip"));
} catch (e) {
  process.stderr.write(`bytecode: ${e.message || e}\n`);
  process.exit(1);
}
