"""The search index step of the build (sitebuild/search.py): what it marks on a page, and that a
Pagefind that fails, is missing or writes an index the site cannot use stops the build with one
line and leaves the old site as it was. (What the index holds: tests/test_site_build.py; the
search in a browser: tests/test_search_browser.py.)"""

from __future__ import annotations

import hashlib
import json
import shutil
import stat
from pathlib import Path

import pytest

from sitebuild import search

ARTICLE = '<article class="md-content__inner md-typeset">'


def fake_pagefind(tmp_path: Path, body: str) -> Path:
    """A stand-in for pagefind_extended: a shell script called with --site DIR --output-subdir NAME."""
    exe = tmp_path / "bin" / "pagefind_extended"
    exe.parent.mkdir(parents=True, exist_ok=True)
    exe.write_text("#!/bin/sh\nsite=\"$2\"; out=\"$2/$4\"\n" + body + "\n", encoding="utf-8")
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    return exe


def entry(version=None, languages=None) -> str:
    version = version or search.pinned_version()
    languages = languages or {"zh": {"hash": "zh_0123456789", "wasm": None, "page_count": 3}}
    return f"mkdir -p \"$out\"; echo '{json.dumps({'version': version, 'languages': languages})}' > \"$out/pagefind-entry.json\""


@pytest.mark.parametrize("body, expected", [
    ('echo "Running Pagefind"; echo "Error: could not read $site/x.html" >&2; exit 3',
     "pagefind_extended exited 3: Error: could not read"),
    ("exit 0", "wrote no readable pagefind/pagefind-entry.json"),
    (entry(version="0.1.0"), "is Pagefind 0.1.0, package-lock.json pins"),
    (entry(languages={"zh": {"hash": "zh_0", "page_count": 0}}), "no page was indexed"),
    (entry(languages={"zh": {"hash": "zh_0", "page_count": 3}, "en": {"hash": "en_0", "page_count": 1}}),
     "pages in 2 languages (en, zh)"),
], ids=["fails", "no-entry", "other-version", "no-pages", "two-languages"])
def test_an_index_the_site_cannot_use_is_refused_in_one_line(tmp_path, body, expected):
    site = tmp_path / "site"
    site.mkdir()
    with pytest.raises(search.SearchIndexError) as err:
        search.index_site(site, exe=fake_pagefind(tmp_path, body))
    assert expected in str(err.value) and "\n" not in str(err.value), str(err.value)


def test_a_missing_binary_says_how_to_install_it(tmp_path):
    with pytest.raises(search.SearchIndexError, match=r"pagefind_extended not found: run `make setup`"):
        search.index_site(tmp_path, exe=tmp_path / "node_modules" / "pagefind_extended")


def test_the_pinned_binary_is_installed():
    """npm ci (make setup) installs the extended binary for this machine, at the pinned version."""
    exe = search.binary()
    assert exe.is_file(), f"{exe}: run `make setup`"
    lock = json.loads((search.ROOT / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"][f"node_modules/@pagefind/{exe.parent.parent.name}"]["version"] == search.pinned_version()


def test_pages_are_marked_for_the_index_in_the_build_order():
    page = f"<header>…</header>{ARTICLE}<h1>沁水县</h1></article><footer>…</footer>"
    marked = search.mark_article(page, "regions/140521.md", {"boost": 0.5})
    assert '<article class="md-content__inner md-typeset" data-pagefind-body data-pagefind-sort="rank:10000" ' \
           'data-pagefind-weight="0.5">' in marked
    assert search.mark_article(page, "regions/140521.md", {"exclude": True}) == page
    keys = [search.sort_key(name) for name in ("regions/14.md", "notices/140521-2025.md", "notices/140500-2024.md",
                                               "compare.md", "index.md")]
    assert keys == sorted(keys) and len(set(keys)) == 4  # regions, newest notice, older notice, the rest
    from mkdocs.exceptions import PluginError

    with pytest.raises(PluginError, match="has 0 articles"):
        search.mark_article("<main></main>", "x.md", {})


def _fingerprint(directory: Path) -> dict[str, str]:
    return {p.relative_to(directory).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(directory.rglob("*")) if p.is_file()}


def test_a_failed_index_stops_the_build_and_keeps_the_old_site(built_site, one_province, tmp_path, monkeypatch, capsys):
    import build

    monkeypatch.setenv("DIVISIONS_DIR", str(one_province["divisions"]))  # fails after MkDocs: few pages to get there

    old = tmp_path / "out" / "site"
    shutil.copytree(built_site, old)
    (tmp_path / "out" / "docs").mkdir()
    before = _fingerprint(tmp_path / "out")
    fake = fake_pagefind(tmp_path, 'echo "Error: Failed to parse file" >&2; exit 1')
    monkeypatch.setattr(search, "binary", lambda root=None: fake)
    code = build.main(["--policy-dir", str(one_province["policy"]), "--site-dir", str(old),
                       "--docs-dir", str(tmp_path / "out" / "docs")])
    # the builder's 提示 lines (no site address for the flyers' QR codes) are advice, not the failure
    err = [line for line in capsys.readouterr().err.splitlines() if line.strip() and not line.startswith("提示:")]
    assert code == 1
    assert err == ["build failed: search: pagefind_extended exited 1: Error: Failed to parse file"], err
    assert _fingerprint(tmp_path / "out") == before
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["docs", "site"]
