"""MkDocs hooks for the policy site (loaded through `hooks:` in mkdocs.yml).

- on_config: take the navigation build.py wrote beside the generated pages (docs_dir/.nav.yml),
  so `mkdocs build` by hand gives the same navigation.
- on_post_build: the theme's bundle names two unpkg.com scripts it would only fetch on browsers
  without ResizeObserver or on pages with mermaid diagrams (neither happens here); they are
  replaced by an empty data: script and the source maps (which quote them) are dropped, so the
  built site names no outside host at all; anything else that still does fails the build.
  (Search is not Material's plugin: sitebuild/search.py.)
"""

import os
import re
from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError

NAV_FILE = ".nav.yml"

# Hosts a page could load from: fonts and CDNs. Checked in every built HTML/CSS/JS file.
EXTERNAL = re.compile(r"fonts\.googleapis|fonts\.gstatic|cdn\.jsdelivr|unpkg\.com|cdnjs\.|googletagmanager")
UNPKG_SCRIPT = re.compile(r'"https://unpkg\.com/[^"]*"')
EMPTY_SCRIPT = '"data:text/javascript,"'


def on_config(config):
    nav_path = Path(config.docs_dir) / NAV_FILE
    if config.nav is None and nav_path.is_file():
        config.nav = yaml.safe_load(nav_path.read_text(encoding="utf-8"))
    return config


def on_post_build(config):
    site = Path(config.site_dir)

    for path in sorted(site.rglob("*")):
        if path.suffix == ".map":
            path.unlink()
            continue
        if path.suffix not in (".html", ".css", ".js", ".json", ".xml"):
            continue
        text = path.read_text(encoding="utf-8")
        new = text
        if path.suffix == ".js":
            new = UNPKG_SCRIPT.sub(EMPTY_SCRIPT, new)
            new = re.sub(r"\n?//# sourceMappingURL=\S+\.map\s*$", "\n", new)
        if new != text:
            path.write_text(new, encoding="utf-8")
        found = EXTERNAL.search(new)
        if found:
            raise PluginError(f"{os.path.relpath(path, site)} still names an outside host ({found.group(0)})")
