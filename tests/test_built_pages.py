"""sitebuild/built_pages.py: one read of every built page gives the service worker's pages version
and the header policy's inline-script hashes (the build used to read them all twice)."""

import base64
import hashlib

from sitebuild import built_pages, headers


def _site(root, pages):
    for rel, text in pages.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _csp_source(body):
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"


def test_one_pass_gives_every_pages_hash_and_every_inline_script(tmp_path):
    site = _site(tmp_path, {"index.html": "<script>a=1</script><p>home</p>",
                            "zh/notice/index.html": "<script>b=2</script><script src=x.js></script>",
                            "assets/not-a-page.js": "<script>c=3</script>"})
    pages = built_pages.scan(site)
    assert sorted(pages.digests) == ["index.html", "zh/notice/index.html"]
    assert pages.digests["index.html"] == hashlib.sha256(b"<script>a=1</script><p>home</p>").digest()
    # only inline scripts, only from pages
    assert pages.script_hashes == {_csp_source("a=1"), _csp_source("b=2")}
    policy = headers.site_policy(site, pages)
    assert _csp_source("a=1") in policy and _csp_source("b=2") in policy and "frame-ancestors 'none'" in policy
    # the same policy whether the build hands the pass over or the headers read the pages themselves
    assert headers.site_policy(site) == policy


def test_the_pages_version_follows_any_page_and_its_path(tmp_path):
    site = _site(tmp_path / "a", {"index.html": "<p>1</p>", "x/index.html": "<p>2</p>"})
    first = built_pages.scan(site).version()
    assert built_pages.scan(site).version() == first  # the same pages, the same version
    (site / "x" / "index.html").write_text("<p>2.</p>", encoding="utf-8")
    assert built_pages.scan(site).version() != first
    moved = _site(tmp_path / "b", {"index.html": "<p>1</p>", "y/index.html": "<p>2</p>"})
    assert built_pages.scan(moved).version() != first
