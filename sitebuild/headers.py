"""The site's response headers, written by the build as ``site/_headers``.

A header Content-Security-Policy can say what the pages' meta policy cannot (``frame-ancestors``),
and it is the only policy a Web Worker gets (the calculator's Pyodide worker, the search's
Pagefind worker, sw.js): a worker takes the policy of its own script's response, not the page's.
So it must be as strict as the meta one — the theme's inline scripts allowed by their sha256, no
``'unsafe-inline'`` — and it must follow the pages when they change. The build therefore makes it
from the built pages: the meta policy's sources (site_src/hooks/csp.py, one definition) with every
inline script hash any page has (the theme's few scripts: a handful of distinct hashes site-wide).

``site/_headers`` is in the format Netlify and Cloudflare Pages read as it is; tools/serve.py sends
its ``/*`` block on every response, and HOSTING.md shows how nginx, Apache and Caddy take the same
lines from it, so no copy of the policy is written by hand anywhere.
"""

from __future__ import annotations

from pathlib import Path

from . import built_pages

FILE = "_headers"

SECURITY = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}

# Content-versioned URLs (as tools/serve.py and HOSTING.md): cached for a year.
IMMUTABLE_PATHS = ("/assets/pyodide/*", "/assets/calculator/py-*", "/assets/calculator/stdlib-*",
                   "/pagefind/index/*", "/pagefind/fragment/*", "/pagefind/filter/*", "/pagefind/*.pf_meta")


def site_policy(site_dir: Path, pages: built_pages.BuiltPages | None = None) -> str:
    """The header policy: the meta policy with every page's inline-script hashes, and no framing.
    `pages`: the build's one pass over the built pages (sitebuild/built_pages.py), or None to read them."""
    pages = pages or built_pages.scan(site_dir)
    return built_pages.csp_hook().policy_with(sorted(pages.script_hashes)) + "; frame-ancestors 'none'"


def security_headers(site_dir: Path, pages: built_pages.BuiltPages | None = None) -> dict[str, str]:
    return {"Content-Security-Policy": site_policy(site_dir, pages), **SECURITY}


def render(headers: dict[str, str]) -> str:
    lines = ["# Written by build.py (sitebuild/headers.py): the headers every response gets, and the",
             "# cache rules for content-versioned paths. Netlify / Cloudflare Pages read this file as it",
             "# is; tools/serve.py sends the /* block; HOSTING.md: the same lines for nginx, Apache, Caddy.",
             "/*"]
    lines += [f"  {name}: {value}" for name, value in headers.items()]
    for path in IMMUTABLE_PATHS:
        lines += [path, "  Cache-Control: public, max-age=31536000, immutable"]
    lines += ["/sw.js", "  Cache-Control: no-cache"]
    return "\n".join(lines) + "\n"


def write(site_dir: Path, pages: built_pages.BuiltPages | None = None) -> dict[str, str]:
    headers = security_headers(site_dir, pages)
    (Path(site_dir) / FILE).write_text(render(headers), encoding="utf-8")
    return headers

