"""policy_data/ with test-only province and city notices added (tests/levels/policy/): the five
seeds and whatever the library holds, plus a province digest (四川省 2025, an excerpt of a web page
that leaves each group's help to lower levels) and a city's figures from a news report (资阳市
2025, no standard of its own). Both are fixtures in our own words, never published."""

import shutil
from pathlib import Path

import pytest

from validation.sources import load_policy_dir

HERE = Path(__file__).parent
FIXTURES = HERE / "levels" / "policy"


def levels_dir(tmp_root):
    root = Path(tmp_root) / "policy_data"
    shutil.copytree(HERE.parent / "policy_data", root)
    for file in FIXTURES.glob("*.yaml"):
        shutil.copy(file, root / file.name)
    for file in (FIXTURES / "sources").iterdir():
        shutil.copy(file, root / "sources" / file.name)
    return root


@pytest.fixture(scope="session")
def levels_policy_dir(tmp_path_factory):
    return levels_dir(tmp_path_factory.mktemp("levels"))


@pytest.fixture(scope="session")
def levels_policy(levels_policy_dir):
    return load_policy_dir(levels_policy_dir)
