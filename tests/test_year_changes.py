""""与上一年度相比" on a notice page and the years on a city's comparison page, as built: every
change the two notices make, each side's figure as that notice states it, linked to its clause
on that notice's own page. The table is tests/scenarios/pages/year_changes.yaml, written from the notice
texts; the comparing itself is calculator.changes.diff (also `python -m intake diff`)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from clause_links import clause_links, html_of, page, squash

TABLE = yaml.safe_load((Path(__file__).parent / "scenarios" / "pages" / "year_changes.yaml").read_text(encoding="utf-8"))
PAIRS = TABLE["pairs"]


@pytest.fixture(scope="module")
def site(built_site):
    return built_site


def check_rows(site, url, table, pair):
    """The change table's rows against the scenario: item, old side, new side, and the clause
    behind every figure on each side."""
    head = [squash(th.text_content()) for th in table.xpath(".//thead//th")]
    old_year, new_year = (int(pair[k].split("-")[1]) for k in ("old", "new"))
    assert head[1:] == [f"{old_year}年度", f"→{new_year}年度"], head
    rows = {}
    for tr in table.xpath(".//tbody/tr"):
        cells = tr.xpath("./td")
        rows[squash(cells[0].xpath(".//strong")[0].text_content())] = cells
    assert list(rows) == [r["item"] for r in pair["rows"]], f"{url}: changes listed"
    for want in pair["rows"]:
        cells = rows[want["item"]]
        for side, cell in (("old", cells[1]), ("new", cells[2])):
            assert squash(want[side]) in squash(cell.text_content()), f"{url}: {want['item']} ({side})"
            links = set(clause_links(site, url, cell))
            expected = {(f"notices/{pair[side]}/", want[f"{side}_clause"])} if f"{side}_clause" in want else set()
            assert links == expected, f"{url}: {want['item']} ({side}) cites {links}"
    for item in pair.get("unchanged", []):
        assert item not in rows, f"{url}: {item} did not change"


@pytest.mark.parametrize("pair", PAIRS, ids=[p["name"] for p in PAIRS])
def test_the_notice_page_lists_each_change_from_the_year_before(site, pair):
    url = f"notices/{pair['new']}/"
    box = page(html_of(site, url)).xpath('//div[@class="year-changes"]')
    assert len(box) == 1, f"{url}: {len(box)} change boxes"
    assert box[0].xpath('.//h3[@id="changes"]')[0].text_content().strip() == "与上一年度相比"
    intro = box[0].xpath("./p")[0]
    assert [a.get("href") for a in intro.iter("a")] == [f"../{pair['old']}/"]
    check_rows(site, url, box[0].xpath(".//table")[0], pair)


@pytest.mark.parametrize("pair", PAIRS, ids=[p["name"] for p in PAIRS])
def test_the_city_comparison_page_lists_the_same_changes(site, pair):
    from validation.sources import load_policy_dir

    data = load_policy_dir(Path(__file__).parent.parent / "policy_data")
    region = data["notices"][pair["new"]]["region"]
    regions = {r["code"]: r for r in data["regions"]}
    city = region if regions[region]["level"] == "city" else regions[region]["parent"]
    url = f"compare/{city}/"
    root = page(html_of(site, url))
    heading = root.xpath(f'//h3[@id="years-{pair["old"]}-{pair["new"]}"]')
    assert len(heading) == 1, f"{url}: no years section for {pair['old']} → {pair['new']}"
    assert heading[0].text_content().split("：")[0].split("、") == pair["regions"]
    table = heading[0].xpath('following-sibling::div[@class="changes-table"][1]//table')[0]
    check_rows(site, url, table, pair)


@pytest.mark.parametrize("nid", TABLE["without_previous_year"])
def test_a_notice_without_a_previous_year_has_no_box(site, nid):
    root = page(html_of(site, f"notices/{nid}/"))
    assert not root.xpath('//*[@class="year-changes"]') and not root.xpath('//*[@id="changes"]')
    assert "与上一年度相比" not in root.text_content()
