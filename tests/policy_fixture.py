"""The validated policy data, loaded once per test session (POLICY_DATA overrides the dir)."""

import pytest

from validation.sources import load_policy_dir


@pytest.fixture(scope="session")
def policy():
    return load_policy_dir()
