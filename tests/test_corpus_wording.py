"""tools/corpus_wording.py measures how much of a corpus notice's wording is also in the real page
(issue 20's own-words rule). The sentences here are made up for the test, not taken from any page."""

import pytest

from tools import corpus_wording

OURS = "各村居委会要在本月内把参保名单核对清楚，名单有误的当场改正，不能拖到下个月再处理。"


def test_a_copied_text_shares_every_12_gram_and_one_long_run():
    r = corpus_wording.compare(OURS, "首页 > 通知\n" + OURS + "\n打印本页", cuts=[])
    assert r["share_12gram"] == pytest.approx(1.0)
    assert r["copied_chars"] == pytest.approx(1.0)
    assert r["runs"][0] >= 30


def test_a_text_in_other_words_shares_no_12_gram():
    real = "本月之内，请每个村（居）委会逐一核对参保人员名单；发现错误立即更正，不得推迟。"
    r = corpus_wording.compare(OURS, real, cuts=[])
    assert r["share_12gram"] == 0.0
    assert r["runs"] == []


def test_traditional_characters_are_compared_as_simplified():
    traditional = "各村居委會要在本月內把參保名單核對清楚，名單有誤的當場改正，不能拖到下個月再處理。"
    assert corpus_wording.compare(traditional, OURS, cuts=[])["share_12gram"] == pytest.approx(1.0)


def test_figures_dates_and_fixed_terms_are_facts_and_never_count_as_copied_wording():
    ours = "2026年度城乡居民基本医疗保险个人缴费标准每人每年400元，集中缴费期2025年9月1日至12月31日。"
    real = "2026年度城乡居民基本医疗保险个人缴费标准每人每年400元，集中缴费期2025年9月1日至12月31日。"
    r = corpus_wording.compare(ours, real, cuts=[])
    assert r["runs"] == [] and r["share_12gram"] == 0.0


def test_the_entrys_title_number_and_issuer_are_cut_before_comparing():
    title = "关于做好某某镇参保名单核对工作的通知"
    sentence = "请各村把名单核对清楚后按时报送镇政府。"
    shared_title_only = corpus_wording.compare(title + "\n" + sentence, title + "\n另有安排，见后文。", cuts=[title])
    assert shared_title_only["share_12gram"] == 0.0


def test_a_word_swapped_copy_is_caught_by_6_grams_where_12_grams_miss_it():
    real = "请各有关单位按照本通知要求，认真组织做好参保缴费工作，确保各项任务按时完成。"
    ours = "请各有关单位按本通知的要求，认真做好参保缴费工作，保证各项任务按时完成。"
    own = "收到通知的单位要安排专人抓参保缴费，每项任务都在限期内办完。"
    r = corpus_wording.compare(ours, real, cuts=[])
    assert r["share_12gram"] < 0.2
    assert r["share_6gram"] > 0.2
    assert corpus_wording.compare(own, real, cuts=[])["share_6gram"] == 0.0


def test_the_command_line_refuses_a_missing_directory_with_one_line(tmp_path, capsys):
    assert corpus_wording.main(["--real-dir", str(tmp_path / "nope")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误:") and err.count("\n") == 1


def test_the_command_line_reports_numbers_only_for_an_entry(tmp_path, capsys):
    entry = "411521-2025-luoshan-qa"
    ours = (corpus_wording.CORPUS / f"{entry}.txt").read_text(encoding="utf-8")
    (tmp_path / f"{entry}.txt").write_text(ours, encoding="utf-8")
    assert corpus_wording.main(["--real-dir", str(tmp_path), "--markdown", entry]) == 0
    row = capsys.readouterr().out.strip()
    assert row.startswith(f"| {entry} |") and "100.0%" in row
    assert ours.splitlines()[0][:12] not in row
