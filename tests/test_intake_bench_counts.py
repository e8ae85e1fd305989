"""The corpus bench counts why held-out drafts fail `accept` without showing anything of their
text (bench/intake_corpus.py): the validator's field and rule, with every value masked."""

import sys
from pathlib import Path

from calculator.errors import PolicyDataError

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import intake_corpus  # noqa: E402


def test_a_failure_is_counted_by_field_and_rule_with_its_values_masked():
    exc = PolicyDataError("513200-2025.yaml", "figures.groups.dibao.subsidy", "360 大于允许的最大值 300")
    assert intake_corpus.failure_rule(exc) == "figures.groups.dibao.subsidy: N 大于允许的最大值 N"
    exc = PolicyDataError("x.yaml", "figures.collection.end", "应为日期 YYYY-MM-DD，实际是 '阿坝州12月底'")
    assert intake_corpus.failure_rule(exc) == "figures.collection.end: 应为日期 YYYY-MM-DD，实际是 …"
    exc = PolicyDataError("x.yaml", "issuer", "“某县医保局”不在发文地区内")
    assert intake_corpus.failure_rule(exc) == "issuer: …不在发文地区内"


def test_failures_are_counted_most_frequent_first_with_refusals_and_crashes():
    rows = [{"failure": "title: 应为非空文字", "refused": None, "crashed": None},
            {"failure": "title: 应为非空文字", "refused": None, "crashed": None},
            {"failure": None, "refused": "错误: …", "crashed": None},
            {"failure": None, "refused": None, "crashed": None}]
    assert intake_corpus.failure_counts(rows) == [("title: 应为非空文字", 2), ("refused", 1)]
