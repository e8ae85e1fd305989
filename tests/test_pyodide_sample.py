"""CPython and Pyodide agree on a random sample of questions (issue: properties, same answers).

The scenario tables are hand-picked; this sample is drawn at random (fixed seed, so a failure
is reproducible) over every notice, group combination, tier, situation and a span of dates
across and beyond each window, including bad input. One Pyodide boot answers all of it.
"""

import datetime as dt
import json
import random

import pytest

from calculator.cli import run
from validation.sources import dump_json, load_policy_dir
from calculator.vocabulary import GROUPS, SITUATIONS

pytestmark = pytest.mark.pyodide

DATA = load_policy_dir()
SEED = 20261125


def sample(count=250, seed=SEED):
    rng = random.Random(seed)
    notices = sorted(DATA["notices"].values(), key=lambda n: n["id"])
    start = dt.date(2023, 6, 1)
    requests = []
    for _ in range(count):
        notice = rng.choice(notices)
        fig = notice["figures"]
        argv = ["quote", "--region", rng.choice(notice["covers"] + ["000000"] * 1),
                "--year", str(notice["year"] if rng.random() < 0.95 else rng.randint(2020, 2030))]
        on = start + dt.timedelta(days=rng.randrange(3 * 365))
        argv += ["--on", on.isoformat()]
        pool = list(fig["groups"]) + ([rng.choice(list(GROUPS))] if rng.random() < 0.1 else [])
        for group in rng.sample(pool, k=rng.randint(0, min(3, len(pool)))):
            argv += ["--category", group]
        if fig.get("tiers") or rng.random() < 0.05:
            choice = rng.choice([None, "high", "low"])
            if choice:
                argv += ["--tier", choice]
        situation = rng.choice(["renewal", "newborn"] + list(fig.get("situations", {})) +
                               ([rng.choice(list(SITUATIONS))] if rng.random() < 0.1 else []))
        argv += ["--situation", situation]
        if situation == "newborn":
            argv += ["--born", (on - dt.timedelta(days=rng.randrange(-5, 400))).isoformat()]
            if rng.random() < 0.5:
                argv.append("--parent-insured")
        if situation in ("employee_lapse", "welfare_child"):
            argv += ["--since", (on - dt.timedelta(days=rng.randrange(-5, 400))).isoformat()]
        lapse = rng.choice([0, 0, 0, 1, 2, 4, 5])
        if lapse:
            argv += ["--lapse-years", str(lapse), "--repaid-years", str(rng.randint(0, lapse + 1))]
        requests.append(argv + (["--json"] if rng.random() < 0.9 else []))
    return requests


def test_a_random_sample_answers_the_same_in_cpython_and_pyodide(pyodide_runner, tmp_path):
    data_file = tmp_path / "policy.json"
    data_file.write_text(dump_json(DATA), encoding="utf-8")
    requests = sample()
    answers = pyodide_runner.run(requests, data=str(data_file), timeout=600)
    codes = {0: 0, 2: 0}
    for argv, got in zip(requests, answers):
        expected = run(argv, data=json.loads(dump_json(DATA)))
        assert (got["exit_code"], got["stdout"], got["stderr"]) == expected, " ".join(argv)
        codes[got["exit_code"]] += 1
    # the sample exercises both answers and refusals
    assert codes[0] > 100 and codes[2] > 10, codes
