"""Scenario tables (tests/scenarios/*.yaml) turned into command lines and expected answers.

Shared by the CPython tests and the Pyodide parity tests, so both run the same cases.
A scenario is {name, input, output} or {name, input, error}; `input` uses the command
line's option names (category is a list; parent_insured is a boolean).
"""

import datetime as _dt
from pathlib import Path

import yaml

SCENARIO_DIR = Path(__file__).parent / "scenarios"
INPUT_KEYS = ("region", "year", "on", "category", "tier", "population", "situation", "born", "since",
              "parent_insured", "lapse_years", "repaid_years")


def _text(value):
    return value.isoformat() if isinstance(value, _dt.date) else str(value)


def argv_for(inputs):
    unknown = set(inputs) - set(INPUT_KEYS)
    if unknown:
        raise ValueError(f"unknown input keys {sorted(unknown)}")
    argv = ["quote"]
    for key in INPUT_KEYS:
        if key not in inputs or inputs[key] is None:
            continue
        flag = "--" + key.replace("_", "-")
        value = inputs[key]
        if key == "category":
            for one in ([value] if isinstance(value, str) else value):
                argv += [flag, one]
        elif key == "parent_insured":
            if value:
                argv.append(flag)
        else:
            argv += [flag, _text(value)]
    return argv + ["--json"]


def normalise(value):
    """YAML turns 2025-01-01 into a date; the answer holds ISO strings."""
    if isinstance(value, dict):
        return {k: normalise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalise(v) for v in value]
    if isinstance(value, _dt.date):
        return value.isoformat()
    return value


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """YAML 1.1 reads the key `on:` as True; scenarios use `on` as the contract's option name,
    so only true/false are booleans here. (libyaml's parser where PyYAML has it: every test module
    that imports the tables loads them at collection, in each xdist worker; the resolvers below
    are Python-side in both loaders, so the values are the same.)"""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", __import__("re").compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def load_scenarios():
    cases = []
    for file in sorted(SCENARIO_DIR.glob("*.yaml")):
        table = yaml.load(file.read_text(encoding="utf-8"), Loader=_Loader)
        for i, case in enumerate(table["scenarios"]):
            extra = set(case) - {"name", "input", "output", "error", "notes_contain", "citations"}
            if extra or "name" not in case or ("output" in case) == ("error" in case):
                raise ValueError(f"{file.name} scenario {i}: malformed ({sorted(extra)})")
            cases.append((file.stem, case))
    return cases


def check(case, code, stdout, stderr):
    """Assertion messages name the scenario and the key that differs."""
    import json

    name = case["name"]
    if "error" in case:
        assert code == 2, f"{name}: expected exit 2, got {code}: {stdout}{stderr}"
        assert "Traceback" not in stderr and stderr.count("\n") == 1, f"{name}: not one clean line: {stderr!r}"
        for piece in ([case["error"]] if isinstance(case["error"], str) else case["error"]):
            assert piece in stderr, f"{name}: error should mention {piece!r}: {stderr!r}"
        return None
    assert code == 0, f"{name}: exit {code}: {stderr}"
    answer = json.loads(stdout)
    for key, expected in normalise(case["output"]).items():
        assert key in answer, f"{name}: answer has no key {key!r}"
        assert answer[key] == expected, f"{name}: {key} = {answer[key]!r}, expected {expected!r}"
    for piece in case.get("notes_contain", []):
        assert any(piece in note for note in answer["notes"]), f"{name}: no note mentions {piece!r}: {answer['notes']}"
    for key, clause_ids in case.get("citations", {}).items():
        got = [c["clause"] for c in answer["citations"].get(key, [])]
        for clause_id in clause_ids:
            assert str(clause_id) in got, f"{name}: citations[{key}] = {got}, expected to include {clause_id}"
    return answer
