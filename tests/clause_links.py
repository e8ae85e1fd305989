"""Reading built pages for their figures and the clauses they cite (tests/test_flyer.py,
tests/test_year_changes.py): a link is followed to the page it names in the built site, and the
anchor must exist there as a clause heading, whose printed label is returned."""

from __future__ import annotations

import posixpath
import re
import urllib.parse
from functools import lru_cache
from pathlib import Path

import lxml.html

WS = re.compile(r"\s+")


def squash(text: str) -> str:
    return WS.sub("", text or "")


@lru_cache(maxsize=64)
def page(path: Path):
    return lxml.html.fromstring(Path(path).read_bytes())


def html_of(site: Path, url_path: str) -> Path:
    """site/<url_path>index.html for a directory URL such as notices/140521-2025/."""
    return site / url_path / "index.html"


def cited(site: Path, from_url: str, link) -> tuple[str, str]:
    """(page URL path the link leads to, label of the clause at its anchor). Fails when the
    page or the anchor does not exist."""
    href = link.get("href")
    parts = urllib.parse.urlsplit(href)
    assert not parts.scheme and not parts.netloc, f"{from_url}: {href} leaves the site"
    target = posixpath.normpath(posixpath.join(from_url, parts.path)).lstrip("/") + "/" if parts.path else from_url
    target = target.replace("//", "/")
    path = html_of(site, target)
    assert path.is_file(), f"{from_url}: {href} leads to {target}, which is not in the site"
    assert parts.fragment, f"{from_url}: {href} names no clause"
    found = page(path).xpath(f'//*[@id="{parts.fragment}"]')
    assert found, f"{from_url}: {href}: no #{parts.fragment} on {target}"
    labels = found[0].xpath('.//a[contains(@class, "clause-label")]')
    assert labels, f"{from_url}: {href}: #{parts.fragment} on {target} is not a clause"
    return target, labels[0].text_content().strip()


def clause_links(site: Path, from_url: str, element) -> list[tuple[str, str]]:
    return [cited(site, from_url, a) for a in element.iter("a")]
