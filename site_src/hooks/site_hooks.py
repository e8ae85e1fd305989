"""MkDocs hooks for the policy site (loaded through `hooks:` in mkdocs.yml).

- on_config: resolve the search plugin's jieba user dictionary relative to mkdocs.yml (MkDocs
  would read it relative to the working directory); take the navigation build.py wrote beside
  the generated pages (docs_dir/.nav.yml), so `mkdocs build` by hand gives the same navigation.
- on_post_build (runs after the search plugin has written its index):
  * search index: no single-character Han token stays on its own (see `_merge_single_han`);
  * the theme's bundle names two unpkg.com scripts it would only fetch on browsers without
    ResizeObserver or on pages with mermaid diagrams (neither happens here); they are replaced by
    an empty data: script and the source maps (which quote them) are dropped, so the built site
    names no outside host at all; anything else that still does fails the build.
"""

import json
import logging
import os
import re
from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

NAV_FILE = ".nav.yml"

# Hosts a page could load from: fonts and CDNs. Checked in every built HTML/CSS/JS file.
EXTERNAL = re.compile(r"fonts\.googleapis|fonts\.gstatic|cdn\.jsdelivr|unpkg\.com|cdnjs\.|googletagmanager")
UNPKG_SCRIPT = re.compile(r'"https://unpkg\.com/[^"]*"')
EMPTY_SCRIPT = '"data:text/javascript,"'

HAN = re.compile(r"^[\u3400-\u9fff]$")
ZWSP = "\u200b"


@event_priority(100)  # before the search plugin loads the jieba dictionary
def on_config(config):
    try:
        import jieba

        jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict…" chatter on every build
    except ImportError:
        pass
    search = config.plugins.get("material/search")
    if search is not None and search.config.jieba_dict_user:
        base = Path(config.config_file_path).parent
        search.config.jieba_dict_user = str(base / search.config.jieba_dict_user)
    nav_path = Path(config.docs_dir) / NAV_FILE
    if config.nav is None and nav_path.is_file():
        config.nav = yaml.safe_load(nav_path.read_text(encoding="utf-8"))
    return config


def _merge_single_han(text):
    """Join each single-character Han token to its neighbour in the jieba-segmented text.

    The search plugin separates jieba's words with U+200B. In the browser, Material splits a
    Chinese query into words that exist in the index, and as soon as a query's first character is
    a word on its own (等 in 等待期, 低 in 低保) the query shrinks to that one character. With no
    one-character words in the index a query is matched as typed, as a prefix (低保 → 低保对象).
    A single character joins the word before it in the same run of Han text (支付宝|等 → 支付宝等,
    so words keep their starts), or the word after it when it opens the run. U+200B is invisible,
    so what the reader sees is unchanged."""
    if ZWSP not in text:
        return text
    parts = text.split(ZWSP)
    out = []
    pending = ""  # a run-opening single character waiting for the next word
    for part in parts:
        if pending:
            if part and _is_han_word(part):
                part = pending + part
            else:
                out.append(pending)
            pending = ""
        if HAN.match(part):
            if out and _is_han_word(out[-1]):
                out[-1] += part
                continue
            pending = part
            continue
        out.append(part)
    if pending:
        out.append(pending)
    return ZWSP.join(out)


def _is_han_word(token):
    return bool(token) and all("\u3400" <= ch <= "\u9fff" for ch in token)


@event_priority(-100)
def on_post_build(config):
    site = Path(config.site_dir)

    index_path = site / "search" / "search_index.json"
    if index_path.is_file():
        index = json.loads(index_path.read_text(encoding="utf-8"))
        for doc in index["docs"]:
            for key in ("title", "text"):
                if isinstance(doc.get(key), str):
                    doc[key] = _merge_single_han(doc[key])
        index_path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")

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
