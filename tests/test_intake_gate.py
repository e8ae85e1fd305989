"""What keeps an unreviewed figure from reaching a resident unmarked: the validator checks each
`proposed:` mark, the calculator warns in every answer, and the build refuses drafts unless told."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import build
from calculator.drafts import DRAFT_BANNER, proposed_keys
from calculator.errors import PolicyDataError
from validation.sources import load_policy_dir

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def draft_dir(tmp_path):
    """policy_data/ with 沁水 2025 re-drafted by intake (its figures marked proposed)."""
    target = tmp_path / "policy_data"
    shutil.copytree(ROOT / "policy_data", target)
    result = subprocess.run([sys.executable, "-m", "intake", "draft", str(target / "sources" / "140521-qinshui-2025.txt"),
                             "--region", "140521", "--year", "2025", "--policy-dir", str(target), "--replace"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return target


def _edit(path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data["figures"])
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_a_draft_loads_and_lists_its_proposed_figures(draft_dir):
    notice = load_policy_dir(draft_dir)["notices"]["140521-2025"]
    keys = proposed_keys(notice)
    assert "standard" in keys and "groups.dibao" in keys and "situations.newborn" in keys


def test_a_proposed_sentence_that_is_not_in_its_clause_is_refused(draft_dir):
    _edit(draft_dir / "140521-2025.yaml",
          lambda f: f["groups"]["dibao"].update(proposed="低保对象按个人缴费标准 90%的比例给予资助"))
    with pytest.raises(PolicyDataError) as err:
        load_policy_dir(draft_dir)
    assert err.value.field == "figures.groups.dibao.proposed" and "2.3.3" in err.value.problem


def test_a_proposed_mark_on_something_that_is_not_a_figure_is_refused(draft_dir):
    _edit(draft_dir / "140521-2025.yaml",
          lambda f: f["situations"]["newborn"]["limit"].update(proposed="六个月"))
    with pytest.raises(PolicyDataError) as err:
        load_policy_dir(draft_dir)
    assert err.value.field == "figures.situations.newborn.limit.proposed"


def test_a_proposed_figure_is_still_validated_in_full(draft_dir):
    _edit(draft_dir / "140521-2025.yaml", lambda f: f["groups"]["dibao"].update(subsidy=500))
    with pytest.raises(PolicyDataError) as err:
        load_policy_dir(draft_dir)
    assert err.value.field == "figures.groups.dibao.subsidy"


def calc(*args):
    return subprocess.run([sys.executable, "-m", "calculator", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def test_every_answer_about_a_draft_says_so_first(draft_dir):
    answer = calc("quote", "--region", "140521", "--year", "2025", "--on", "2024-10-10", "--category", "dibao",
                  "--policy-dir", draft_dir, "--json")
    assert answer.returncode == 0, answer.stderr
    assert f'"{DRAFT_BANNER}。' in answer.stdout
    published = calc("quote", "--region", "140521", "--year", "2025", "--on", "2024-10-10", "--json")
    assert DRAFT_BANNER not in published.stdout


def test_groups_and_regions_read_another_policy_dir(draft_dir, tmp_path):
    (draft_dir / "411325-2025.yaml").unlink()
    regions = calc("regions", "--policy-dir", draft_dir)
    assert regions.returncode == 0 and "411325" not in regions.stdout and "140521" in regions.stdout
    groups = calc("groups", "--region", "140521", "--year", "2025", "--policy-dir", draft_dir)
    assert groups.returncode == 0 and "dibao" in groups.stdout
    missing = calc("regions", "--policy-dir", tmp_path / "nowhere")
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1 and "nowhere" in missing.stderr


def test_the_build_names_each_draft_and_its_figures_and_stops(draft_dir, tmp_path, capsys):
    code = build.main(["--policy-dir", str(draft_dir), "--site-dir", str(tmp_path / "site"),
                       "--docs-dir", str(tmp_path / "docs")])
    err = capsys.readouterr().err
    assert code == 1
    assert "140521-2025.yaml" in err and "groups.dibao" in err and "--drafts" in err
    assert not (tmp_path / "site").exists()


def test_with_drafts_the_notice_page_carries_the_banner(draft_dir, tmp_path):
    data = load_policy_dir(draft_dir)
    assert build.review_gate(data, draft_dir, drafts=True) == {"140521-2025": proposed_keys(data["notices"]["140521-2025"])}
    from sitebuild.markdown import Renderer
    from sitebuild.views import Site

    site, out = Site(data), Renderer(tmp_path)
    for nid in ("140521-2025", "411325-2025"):
        out.render(f"notices/{nid}.md", "notice.md.j2", notice=site.notice_view(nid, f"data/n/{nid}.json"))
    assert DRAFT_BANNER in (tmp_path / "notices" / "140521-2025.md").read_text(encoding="utf-8")
    assert DRAFT_BANNER not in (tmp_path / "notices" / "411325-2025.md").read_text(encoding="utf-8")
