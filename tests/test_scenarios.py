"""Every scenario table, through the command line's own entry point."""

import pytest

from calculator.cli import run
from policy_fixture import policy  # noqa: F401
from scenario_table import argv_for, check, load_scenarios

CASES = load_scenarios()


@pytest.mark.parametrize("case", [c for _, c in CASES], ids=[f"{s}: {c['name']}" for s, c in CASES])
def test_scenario(case, policy):
    code, out, err = run(argv_for(case["input"]), data=policy, today=None)
    check(case, code, out, err)


def test_every_notice_has_a_table(policy):
    tables = {stem for stem, _ in CASES}
    missing = set(policy["notices"]) - tables
    assert not missing, (f"notices without a scenario table: {sorted(missing)} — each notice has its own, "
                         "tests/scenarios/<notice id>.yaml (policy_data/ADDING.md), and no other test needs editing")
