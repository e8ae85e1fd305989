"""The flyer's QR code, and the site address it encodes.

The code is made at build time (segno, pure Python) as inline SVG: nothing is fetched, and the
page's CSP (site_src/hooks/csp.py) allows it as it allows any markup. It is made only from the
address the site is published at (build.py --site-url, or site_url in mkdocs.yml / SITE_URL): a
code that leads to a wrong address is worse on a village board than no code at all.
"""

import urllib.parse
from pathlib import Path

import segno

from .errors import BuildError

ROOT = Path(__file__).resolve().parent.parent
MKDOCS_YML = ROOT / "mkdocs.yml"


def site_url(override=None):
    """The site's public address ending in "/", or None when none is set. `override` is
    build.py's --site-url; otherwise mkdocs.yml's site_url (which reads SITE_URL)."""
    if override is None:
        from mkdocs.utils.yaml import yaml_load  # the loader that understands mkdocs.yml's !ENV

        with open(MKDOCS_YML, encoding="utf-8") as fh:
            override = yaml_load(fh).get("site_url")
    url = (override or "").strip()
    if not url:
        return None
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise BuildError(f"site_url: “{url}”不是网站地址（应为 https://主机/路径/，不带 ? 和 #）")
    return url if url.endswith("/") else url + "/"


# Said to the builder (on stderr), never printed on a flyer: a village board is not where a site
# address gets set.
NO_ADDRESS_WARNING = ("提示: 未设置网站地址（build.py --site-url 或 mkdocs.yml 的 site_url / SITE_URL），"
                      "张贴版不印二维码。")


def warning(base_url):
    """The builder's warning for a build without the site's address, or None."""
    return None if base_url else NO_ADDRESS_WARNING


def page_address(base, page_dir):
    """The absolute address of a page (`notices/140521-2025/`) under the site's address."""
    return urllib.parse.urljoin(base, page_dir)


def svg(address, label):
    """An inline <svg> (no size of its own: CSS sizes it) that encodes `address`."""
    code = segno.make(address, error="m", boost_error=False)
    return code.svg_inline(scale=1, border=4, omitsize=True, svgclass="flyer-qr-code", lineclass=None,
                           title=label)
