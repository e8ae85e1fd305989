"""The key of the calculator's Python memory snapshot (worker.js keeps one per build in Cache Storage).

A snapshot is Python's memory after booting this runtime, importing this wheel and running
worker.js's prelude: it is only valid with exactly those bytes. So the key is a hash of each of
them — the WebAssembly and its two JavaScript modules, the trimmed standard library, every wheel
of the lockfile (by its sha256) and worker.js's source — and any change gives a new key: a new
build never loads an old snapshot (worker.js also checks the key stored with the snapshot).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .errors import AssetError

RUNTIME_MODULES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")


def snapshot_key(assets_dir: Path, runtime: dict, worker_source: str) -> str:
    """`runtime`: calculator_page's runtime description (index, stdlib, lock_contents)."""
    digest = hashlib.sha256(b"pyodide-snapshot/1\0")
    files = [runtime["index"] + name for name in RUNTIME_MODULES] + [runtime["stdlib"]]
    for rel in files:
        path = Path(assets_dir) / rel
        if not path.is_file():
            raise AssetError(f"snapshot key: {rel} is not in the site's assets")
        digest.update(rel.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    for name, spec in sorted(runtime["lock_contents"]["packages"].items()):
        digest.update(f"{name}\0{spec['file_name']}\0{spec['sha256']}\0".encode())
    digest.update(worker_source.encode("utf-8"))
    return digest.hexdigest()[:16]
