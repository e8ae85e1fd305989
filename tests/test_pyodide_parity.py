"""Every scenario table (tests/scenarios/*.yaml) and every household table
(tests/scenarios/households/*.yaml) also runs inside Pyodide, and answers byte for byte what CPython
answers.

One Pyodide boot for the whole batch, with the site's trimmed python_stdlib.zip (only the files in
site_src/calculator/stdlib_keep.txt), so a module missing from it fails here: tools/pyodide_run.mjs installs the calculator the way the
page's worker does (pyodide.unpackArchive of the wheel; the browser checks the wheel's sha256 as the
fetch's integrity, and tests/test_pyodide_smoke.py installs it through pyodide-lock.json), parses
the policy JSON exactly as the build ships it (validation.sources.dump_json) with json.loads, and
runs every request. It blocks every http(s) fetch, so a pass also means nothing came from the
network.

The page does not build argv itself: it sends the URL fragment's names to calculator.browser,
whose argv_from_params must give the command line's argv for every scenario (checked here in
CPython; the same pure function runs in Pyodide), and tests/test_calculator_browser.py checks the
JSON the page writes against the command line end to end.
"""

from __future__ import annotations

import json

import pytest

from calculator.browser import answer, argv_from_params
from calculator.cli import run
from validation.sources import dump_json, load_policy_dir
from conftest import PyodideRunner
from household_table import argv_for_household, check_household, load_households
from scenario_table import INPUT_KEYS, argv_for, check, load_scenarios

pytestmark = pytest.mark.pyodide

CASES = load_scenarios()
IDS = [f"{stem}: {case['name']}" for stem, case in CASES]
HOUSEHOLDS = load_households()

# Inputs the tables do not cover: bad input of every kind, the other commands, text output, help.
EXTRA_ARGV = [
    ["regions", "--json"],
    ["regions"],
    ["groups", "--region", "512022", "--year", "2025", "--json"],
    ["groups", "--region", "140521", "--year", "2025"],
    ["quote", "--region", "999999", "--year", "2025", "--json"],
    ["quote", "--region", "140521", "--year", "2031", "--json"],
    ["quote", "--region", "140521", "--year", "2025", "--on", "2025-02-30", "--json"],
    ["quote", "--region", "140521", "--year", "2025", "--on", "2024-10-10", "--category", "nope", "--json"],
    ["quote", "--region", "140521", "--year", "2025", "--on", "2024-10-10", "--tier", "high", "--json"],
    ["quote", "--region", "140521", "--year", "2025", "--on", "2024-10-10", "--category", "<b>x</b>"],
    ["quote", "--region", "140521", "--year", "2025", "--on", "2024-10-10", "--category", "dibao"],
    ["quote", "--region", "411325", "--year", "2025", "--on", "2025-03-15", "--lapse-years", "2"],
    ["quote", "--region", "140521", "--json"],
    # a notice by population (北京 2025): its groups listing, two different populations refused
    ["groups", "--region", "110000", "--year", "2025"],
    ["groups", "--region", "110105", "--year", "2025", "--json"],
    ["quote", "--region", "110105", "--year", "2025", "--on", "2025-01-10", "--population", "elderly",
     "--population", "working_age", "--json"],
    ["quote", "--help"],
    # households: the clerk's text, argparse's own errors re-said, the member limit, help
    ["household", "--region", "140521", "--year", "2025", "--on", "2024-10-26", "--member", "category=tekun",
     "--member", "category=priority_care", "--member", "situation=newborn,born=2024-10-01"],
    ["household", "--region", "411325", "--year", "2025", "--on", "2025-01-10",
     "--member", "situation:newborn;born:2025-01-05;parent_insured:1", "--member", "category=dibao,lapse-years=2"],
    ["household", "--region", "140521", "--year", "2025", "--on", "2025-09-02", "--member", "category=ordinary",
     "--member", "situation=newborn,born=2025-03-01"],
    ["household", "--region", "140521"],
    ["household", "--region", "140521", "--member"],
    ["household", "--region", "140521", "--member", "category=ordinary", "--member", "colour=red", "--json"],
    ["household", "--region", "140521", "--json"] + ["--member", "category=ordinary"] * 21,
    ["household", "--help"],
]


def params_for(inputs):
    """The page's params for a scenario's input: the fragment's names, every value a string."""
    params = {}
    for key in INPUT_KEYS:
        value = inputs.get(key)
        if value is None:
            continue
        if key == "category":
            params[key] = [value] if isinstance(value, str) else [str(v) for v in value]
        elif key == "parent_insured":
            if value:
                params[key] = "1"
        else:
            params[key] = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return params


@pytest.fixture(scope="module")
def yaml_data():
    """What `python -m calculator` answers from: policy_data/*.yaml, loaded and validated."""
    return load_policy_dir()


@pytest.fixture(scope="module")
def shipped_data(yaml_data):
    """The policy data exactly as the browser gets it: the build's JSON text, parsed again."""
    return json.loads(dump_json(yaml_data))


def test_shipped_json_keeps_the_yaml_order(yaml_data, shipped_data):
    """Same data, same order (a notice's groups are listed in the notice's order in answers)."""
    assert shipped_data == yaml_data
    for nid, notice in yaml_data["notices"].items():
        assert list(shipped_data["notices"][nid]["figures"]["groups"]) == list(notice["figures"]["groups"]), nid


@pytest.fixture(scope="module")
def batch(pyodide_runner: PyodideRunner, shipped_data, tmp_path_factory):
    """Every request answered in a single Pyodide boot, in order: the scenarios, EXTRA_ARGV, the households."""
    data_file = tmp_path_factory.mktemp("parity") / "policy.json"
    data_file.write_text(dump_json(shipped_data), encoding="utf-8")
    requests = ([argv_for(case["input"]) for _, case in CASES] + EXTRA_ARGV
                + [argv_for_household(case["input"]) for _, case in HOUSEHOLDS])
    # booted with the site's trimmed standard library: every scenario proves the zip suffices
    answers = pyodide_runner.run(requests, data=str(data_file), timeout=600, trimmed_stdlib=True)
    assert len(answers) == len(requests)
    return {"requests": requests, "answers": answers, "stderr": pyodide_runner.last_stderr}


def test_batch_used_the_trimmed_stdlib(pyodide_runner):
    import zipfile

    from sitebuild import runtime as pyodide_runtime

    with zipfile.ZipFile(pyodide_runner.stdlib) as z:
        assert sorted(z.namelist()) == pyodide_runtime.shipped_names(pyodide_runtime.stdlib_keep_list())
        assert {i.compress_type for i in z.infolist()} == {zipfile.ZIP_STORED}
    full = zipfile.ZipFile(pyodide_runtime.NPM_PYODIDE / "python_stdlib.zip")
    assert len(full.namelist()) > 3 * len(pyodide_runtime.stdlib_keep_list())


def test_batch_ran_offline_in_one_boot(batch):
    assert "blocked fetches" not in batch["stderr"], batch["stderr"]
    # one boot line for the whole batch (pyodide_run.mjs --timing prints one per boot)
    assert batch["stderr"].count("pyodide_run: pyodide ") == 1, batch["stderr"]


@pytest.mark.parametrize("index", range(len(CASES)), ids=IDS)
def test_scenario_identical_in_pyodide(index, batch, yaml_data):
    _, case = CASES[index]
    argv = batch["requests"][index]
    got = batch["answers"][index]
    assert not got.get("crashed"), f"{case['name']}: crashed in Pyodide:\n{got['stderr']}"
    code, out, err = run(list(argv), data=yaml_data)
    assert (got["exit_code"], got["stdout"], got["stderr"]) == (code, out, err), case["name"]
    # and the table's expectations hold for the Pyodide answer itself
    check(case, got["exit_code"], got["stdout"], got["stderr"])


@pytest.mark.parametrize("argv", EXTRA_ARGV, ids=[" ".join(a) for a in EXTRA_ARGV])
def test_other_commands_identical_in_pyodide(argv, batch, yaml_data):
    got = batch["answers"][len(CASES) + EXTRA_ARGV.index(argv)]
    assert not got.get("crashed"), got["stderr"]
    assert (got["exit_code"], got["stdout"], got["stderr"]) == run(list(argv), data=yaml_data)
    if argv[0] in ("regions", "groups"):  # these answer (tests/test_pyodide_smoke.py had regions alone, one boot more)
        assert got["exit_code"] == 0, got["stderr"]
    if got["exit_code"] == 2:
        assert "Traceback" not in got["stderr"] and got["stderr"].count("\n") == 1


@pytest.mark.parametrize("index", range(len(HOUSEHOLDS)), ids=[f"{s}: {c['name']}" for s, c in HOUSEHOLDS])
def test_household_identical_in_pyodide(index, batch, yaml_data):
    _, case = HOUSEHOLDS[index]
    at = len(CASES) + len(EXTRA_ARGV) + index
    got = batch["answers"][at]
    assert not got.get("crashed"), f"{case['name']}: crashed in Pyodide:\n{got['stderr']}"
    assert (got["exit_code"], got["stdout"], got["stderr"]) == run(list(batch["requests"][at]), data=yaml_data), case["name"]
    check_household(case, got["exit_code"], got["stdout"], got["stderr"])


def _pairs(argv):
    """argv as (option, value) pairs: the order of options does not matter to argparse."""
    out, i = [], 1
    while i < len(argv):
        if i + 1 < len(argv) and not argv[i + 1].startswith("--"):
            out.append((argv[i], argv[i + 1]))
            i += 2
        else:
            out.append((argv[i], None))
            i += 1
    return [("command", argv[0])] + out


@pytest.mark.parametrize("index", range(len(CASES)), ids=IDS)
def test_page_params_give_the_command_line(index, shipped_data, yaml_data):
    """What the page sends (fragment names, strings) becomes the command line's argv."""
    _, case = CASES[index]
    params = params_for(case["input"])
    assert sorted(_pairs(argv_from_params(params))) == sorted(_pairs(argv_for(case["input"])))
    reply = json.loads(answer(shipped_data, json.dumps(params, ensure_ascii=False)))
    assert [reply["exit_code"], reply["stdout"], reply["stderr"]] == list(run(argv_for(case["input"]), data=yaml_data))
