"""Runs the scripted person of tests/test_review_desk.py over the three test notices and writes
bench/results/review.md (figures proposed/confirmed/pointed/typed, keys, clicks, wall time)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "results" / "review.jsonl"

if __name__ == "__main__":
    OUT.unlink(missing_ok=True)
    subprocess.run([sys.executable, "-m", "pytest", "-q", "tests/test_review_desk.py", "-k", "a_person_checks"],
                   cwd=ROOT, env={**os.environ, "REVIEW_BENCH_OUT": str(OUT), "SITE_NO_BUILD": "1"}, check=False)
    rows = [json.loads(line) for line in OUT.read_text(encoding="utf-8").splitlines()]
    lines = ["| notice | fields | proposed | confirmed | pointed | typed | 通知未写 | keys | clicks | wall s | sentences |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    lines += [f"| {r['name']} | {r['fields']} | {r['proposed']} | {r['confirmed']} | {r['pointed']} | {r['typed']} | "
              f"{r['absent']} | {r['keys']} | {r['clicks']} | {r['wall']} | {r['sentences']} |" for r in rows]
    print("\n".join(lines))
