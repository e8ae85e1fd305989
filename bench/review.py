"""Runs the scripted person of tests/test_review_desk.py over the three test notices, RUNS times,
and prints the table of bench/results/review.md (figures proposed/confirmed/pointed/typed, keys,
clicks; wall time as the median of the runs)."""

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "results" / "review.jsonl"
RUNS = 3

if __name__ == "__main__":
    OUT.unlink(missing_ok=True)
    for _ in range(RUNS):
        subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_review_desk.py",
                        "-k", "a_person_checks"], cwd=ROOT,
                       env={**os.environ, "REVIEW_BENCH_OUT": str(OUT), "SITE_NO_BUILD": "1"}, check=False)
    runs = [json.loads(line) for line in OUT.read_text(encoding="utf-8").splitlines()]
    OUT.unlink()
    rows = []
    for name in dict.fromkeys(r["name"] for r in runs):
        mine = [r for r in runs if r["name"] == name]
        rows.append({**mine[0], "wall": round(statistics.median(r["wall"] for r in mine), 2)})
    lines = ["| notice | fields | proposed | confirmed | pointed | typed | 通知未写 | keys | clicks | wall s | sentences |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    lines += [f"| {r['name']} | {r['fields']} | {r['proposed']} | {r['confirmed']} | {r['pointed']} | {r['typed']} | "
              f"{r['absent']} | {r['keys']} | {r['clicks']} | {r['wall']} | {r['sentences']} |" for r in rows]
    print("\n".join(lines))
