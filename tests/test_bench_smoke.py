"""bench/run.py works end to end: one run, no emulation (so it takes well under a minute).

The real benchmark (slow phone emulation, several runs) is run by hand: see bench/README.md.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def test_bench_harness_end_to_end(built_site, tmp_path):
    out = tmp_path / "results"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--no-build", "--site", str(built_site),
         "--no-throttle", "--quick", "--timeout", "120", "--dwell", "4", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=420,
    )
    tail = "\n".join((proc.stdout + proc.stderr).splitlines()[-40:])
    assert proc.returncode == 0, f"bench/run.py exited {proc.returncode}:\n{tail}"

    report = json.loads((out / "latest.json").read_text(encoding="utf-8"))
    md = (out / "latest.md").read_text(encoding="utf-8")
    assert report["emulation"] is None and report["runs"] == 1
    assert len(list(out.glob("*.json"))) == 2 and len(list(out.glob("*.md"))) == 2  # latest + timestamped
    med = report["medians"]

    # The notice page: its answer table was seen painted, and bytes were counted.
    for visit in ("cold", "warm"):
        assert med["notice"][visit]["n_ok"] == 1, tail
        assert 0 < med["notice"][visit]["table_visible_ms"] < 60_000
    # the second visit revalidates (304s) or reuses the HTTP cache: far fewer bytes
    assert med["notice"]["cold"]["page_bytes"] > 10_000
    assert med["notice"]["warm"]["page_bytes"] < med["notice"]["cold"]["page_bytes"]

    # The baseline: stock Pyodide booted on the main thread, its ~13.5 MB counted uncompressed.
    base = med["baseline"]["cold"]
    assert base["n_ok"] == 1 and base["ready_ms"] > 0
    assert base["bytes"] > 10_000_000
    assert base["bytes_by_kind"]["wasm"] > 5_000_000

    # The same stock files served as a CDN serves them: brotli, so far fewer bytes on the wire.
    cdn = med["cdn_baseline"]["cold"]
    assert cdn["n_ok"] == 1 and cdn["ready_ms"] > 0
    assert 2_000_000 < cdn["bytes"] < base["bytes"] / 2
    assert med["cdn_baseline"]["warm"]["bytes"] < 100_000  # cacheable: the second visit downloads ~nothing

    if (built_site / "calculator" / "index.html").is_file():
        calc = med["calculator"]["cold"]
        assert calc["n_ok"] == 1, tail
        assert 0 < calc["ready_ms"] <= calc["first_answer_ms"]
        assert 0 < calc["recalc_ms"] < 30_000
        # The worker's downloads are counted too (the wasm is fetched by the Web Worker). Unthrottled,
        # CDP now and then reports the worker's first fetches before their URL is known (they land in
        # "other"), and on a loaded host it may not report them at all (Playwright resumes the worker
        # before the harness's Network.enable reaches it): the server's log adds what CDP missed
        # (bench/serverlog.py), so the check is on the bytes, which are always counted.
        assert calc["bytes"] > 2_500_000, (calc["bytes_by_kind"], calc["unreported_bytes"])
        assert report["ratios"]["ready_vs_baseline_cold"] > 0 and report["ratios"]["ready_vs_cdn_baseline_cold"] > 0
        # After a few seconds on a notice page, the calculator finds most of its files already fetched.
        flow = med["from_notice"]["cold"]
        assert flow["n_ok"] == 1 and 0 < flow["ready_ms"] <= flow["first_answer_ms"], tail
        assert flow["notice_bytes"] > 2_500_000 and flow["bytes"] < calc["bytes"] / 2, flow
        sample = next(s for s in report["samples"] if s["page"] == "calculator")
        assert all(r["target"] in ("page", "worker", "service_worker", "shared_worker")
                   for r in sample["cold"]["requests"])
    else:
        assert "calculator" in report["skipped"]

    assert "| metric | cold | warm (2nd visit) |" in md
    assert {t["metric"] for t in report["targets"]} >= {"notice.cold.table_visible_ms", "ratio.speedup_cold"}


def test_search_bench_end_to_end(built_site, tmp_path):
    """bench/search.py: one run of one term, no emulation; the search's bytes are all counted."""
    out = tmp_path / "results"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "search.py"), "--site", str(built_site), "--no-throttle",
         "--runs", "1", "--terms", "特困,低保", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    tail = "\n".join((proc.stdout + proc.stderr).splitlines()[-30:])
    assert proc.returncode == 0, f"bench/search.py exited {proc.returncode}:\n{tail}"
    report = json.loads((out / "search.json").read_text(encoding="utf-8"))
    first = report["summary"]["cold"]["特困"]
    assert first["n_ok"] == 1 and 0 < first["first_result_from_typed_ms"] <= first["first_result_from_open_ms"]
    kinds = first["bytes_by_kind"]
    for part in ("pagefind.js", "pagefind-worker.js", "wasm", "metadata", "index", "fragment"):
        assert kinds.get(part, 0) > 0, f"{part} not counted: {kinds}"
    assert kinds["pagefind-worker.js"] > 5_000  # the worker's own script, body included
    assert report["summary"]["second"]["低保"]["n_ok"] == 1
    assert "| one query downloads ≤ 300 KB |" in (out / "search.md").read_text(encoding="utf-8")
