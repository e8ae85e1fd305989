"""Household scenario tables (tests/scenarios/households/*.yaml) turned into command lines, page
parameters and expected answers.

Shared by the CPython tests (tests/test_household.py) and the Pyodide parity test, so both run the
same cases. A case is {name, input, output?, members?, notes_contain?} or {name, input, error}:

* `input`: region, year, on (the household's) and `members`, one entry per person: a mapping
  with `quote`'s input keys (as in tests/scenarios: category is a list, parent_insured a boolean)
  or a string, passed as it is written (to exercise the member grammar itself);
* `output`: keys of the household's JSON; a mapping is compared on the keys it gives, a list item
  by item;
* `members`: one mapping per person, compared with that member's `quote` answer and its row
  (`who`, `payment`, `pay_on`).

Expected figures are worked out from the notices and /work/shared/domain.md, never by running
the calculator.
"""

import datetime as _dt
import json

import yaml

from scenario_table import SCENARIO_DIR, _Loader, normalise

HOUSEHOLD_DIR = SCENARIO_DIR / "households"
INPUT_KEYS = ("region", "year", "on", "members")
CASE_KEYS = {"name", "input", "output", "members", "notes_contain", "error"}


def _text(value):
    if value is True:
        return "1"
    return value.isoformat() if isinstance(value, _dt.date) else str(value)


def member_text(member, pair=",", key_value="="):
    """A member as the command line (or, with ";" and ":", a link) writes it."""
    if isinstance(member, str):
        return member
    parts = []
    for key, value in member.items():
        for one in (value if isinstance(value, list) else [value]):
            if one is None or one is False:
                continue
            parts.append(f"{key.replace('_', '-')}{key_value}{_text(one)}")
    return pair.join(parts)


def argv_for_household(inputs):
    unknown = set(inputs) - set(INPUT_KEYS)
    if unknown:
        raise ValueError(f"unknown input keys {sorted(unknown)}")
    argv = ["household"]
    for key in ("region", "year", "on"):
        if inputs.get(key) is not None:
            argv += ["--" + key, _text(inputs[key])]
    for member in inputs["members"]:
        argv += ["--member", member_text(member)]
    return argv + ["--json"]


def params_for_household(inputs):
    """What the page sends for the same household: the fragment's names, members as a link writes them."""
    params = {key: _text(inputs[key]) for key in ("region", "year", "on") if inputs.get(key) is not None}
    params["member"] = [member_text(m, ";", ":") for m in inputs["members"]]
    return params


def load_households():
    cases = []
    for file in sorted(HOUSEHOLD_DIR.glob("*.yaml")):
        table = yaml.load(file.read_text(encoding="utf-8"), Loader=_Loader)
        for i, case in enumerate(table["households"]):
            extra = set(case) - CASE_KEYS
            has_answer = bool({"output", "members"} & set(case))
            if extra or "name" not in case or has_answer == ("error" in case):
                raise ValueError(f"{file.name} household {i}: malformed ({sorted(extra)})")
            cases.append((file.stem, case))
    return cases


def _matches(expected, got, where):
    if isinstance(expected, dict):
        assert isinstance(got, dict), f"{where}: {got!r} is not a mapping"
        for key, value in expected.items():
            assert key in got, f"{where}: no key {key!r}"
            _matches(value, got[key], f"{where}.{key}")
    elif isinstance(expected, list) and expected and isinstance(expected[0], dict):
        assert isinstance(got, list) and len(got) == len(expected), f"{where}: {got!r}, expected {len(expected)} items"
        for i, (e, g) in enumerate(zip(expected, got)):
            _matches(e, g, f"{where}[{i}]")
    else:
        assert got == expected, f"{where} = {got!r}, expected {expected!r}"


def check_household(case, code, stdout, stderr):
    """Assertion messages name the case and the key that differs; returns the answer."""
    name = case["name"]
    if "error" in case:
        assert code == 2, f"{name}: expected exit 2, got {code}: {stdout}{stderr}"
        assert stdout == "", f"{name}: something was computed for a household with a bad member: {stdout[:200]}"
        assert "Traceback" not in stderr and stderr.count("\n") == 1, f"{name}: not one clean line: {stderr!r}"
        for piece in ([case["error"]] if isinstance(case["error"], str) else case["error"]):
            assert str(piece) in stderr, f"{name}: error should mention {piece!r}: {stderr!r}"
        return None
    assert code == 0, f"{name}: exit {code}: {stderr}"
    answer = json.loads(stdout)
    _matches(normalise(case.get("output", {})), answer, name)
    expected_members = normalise(case.get("members", []))
    if expected_members:
        assert len(expected_members) == len(answer["members"]), f"{name}: {len(answer['members'])} members"
    for i, expected in enumerate(expected_members):
        row = {k: v for k, v in answer["rows"][i].items() if k != "member"}
        _matches(expected, {**answer["members"][i], **row}, f"{name}: 第{i + 1}位")
    for piece in case.get("notes_contain", []):
        assert any(piece in note for note in answer["notes"]), f"{name}: no note mentions {piece!r}: {answer['notes']}"
    return answer
