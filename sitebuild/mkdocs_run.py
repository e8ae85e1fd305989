"""MkDocs (Material), strict, run so that thousands of pages build in minutes and a change to one
notice re-renders only the pages it shows on.

It does what MkDocs' own `build()` does, in the same order (mkdocs 1.6.1 is pinned): config and
pre_build events, files, navigation, env, static files, theme templates, pages, anchor checks,
post_build. Two differences, for scale:

* A page is rendered only when its inputs changed. The key of a page is a hash of its Markdown,
  its path and a fingerprint of everything else that shapes its HTML (mkdocs.yml, the theme
  overrides, every hook mkdocs.yml names, the versions of MkDocs and Material, the navigation, config.extra,
  site_url). A page whose key is in the cache (build/.page-cache/) is copied from it.
* The pages left to render are shared between forked worker processes (the set-up above is
  done once, before the fork).

Links: MkDocs checks a page's links while rendering it. For a page taken from the cache, the links
and anchors recorded when it was rendered are checked against this build's pages and anchors, so
a link to a page or an anchor that went away still stops the build (strict).
"""

import hashlib
import json
import logging
import multiprocessing
import os
import posixpath
import re
import shutil
import time
from pathlib import Path

from .errors import BuildError

ROOT = Path(__file__).resolve().parent.parent
MKDOCS_YML = ROOT / "mkdocs.yml"
# BUILD_CACHE_DIR moves the build's caches (bench/scale.py measures a build from cold caches)
CACHE_DIR = Path(os.environ.get("BUILD_CACHE_DIR") or ROOT / "build") / ".page-cache"
CACHE_KEEP_DAYS = 14
HREF = re.compile(r'href="([^"#?:]*)(?:#[^"]*)?"')
# Below this many pages to render, forking costs more than it saves.
PARALLEL_FROM = 40

_STATE = {}  # what forked workers inherit: config, files, nav, env, the pages to render


class _Collect(logging.Handler):
    """Warnings MkDocs logs while rendering (strict mode turns each into a failure)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def _fingerprint(config, docs_dir):
    import material
    import mkdocs

    digest = hashlib.sha256()
    digest.update(f"mkdocs {mkdocs.__version__} material {material.__version__}\0".encode())
    digest.update(MKDOCS_YML.read_bytes())
    hooks = [Path(m.__file__) for m in config.hooks.values()]  # the hook modules mkdocs.yml names
    overrides = [p for p in sorted((ROOT / "site_src" / "overrides").rglob("*")) if p.is_file()]
    for path in overrides + hooks:
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path).encode() + b"\0" + path.read_bytes())
    nav_file = Path(docs_dir) / ".nav.yml"
    if nav_file.is_file():
        digest.update(nav_file.read_bytes())
    digest.update(json.dumps({"extra": dict(config.extra), "site_url": config.site_url,
                              "markdown_extensions": config.markdown_extensions},
                             sort_keys=True, default=str).encode())
    return digest.hexdigest()


def _key(fingerprint, file):
    digest = hashlib.sha256(fingerprint.encode())
    digest.update(file.src_uri.encode() + b"\0")
    digest.update(Path(file.abs_src_path).read_bytes())
    return digest.hexdigest()


def _entry(cache_dir, key):
    return Path(cache_dir) / key[:2] / key


def _links(page):
    """Site paths the page's own content links to (not the theme's chrome, which is the same on
    every page), resolved against the page's URL."""
    base = posixpath.dirname("/" + page.url.rstrip("/") + "/x")
    out = set()
    for target in HREF.findall(page.content or ""):
        if not target or target.startswith(("/", "mailto")):
            continue
        out.add(posixpath.normpath(posixpath.join(base, target)).lstrip("/"))
    return sorted(out)


def _record(page):
    """What checking a page's links needs later, when it comes from the cache."""
    anchors = {}
    for to_file, links in (page.links_to_anchors or {}).items():
        anchors[to_file.src_uri] = dict(links)
    return {"anchors": sorted(page.present_anchor_ids or ()), "links_to_anchors": anchors, "links": _links(page)}


def _render(indices):
    """In a worker (or in-process): render the pages at `indices`; return their records and
    the warnings logged."""
    from mkdocs.commands.build import _build_page, _populate_page

    config, files, nav, env, todo = (_STATE[k] for k in ("config", "files", "nav", "env", "todo"))
    docs = files.documentation_pages()
    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    out = []
    try:
        for i in indices:
            file = todo[i]
            _populate_page(file.page, config, files)
            _build_page(file.page, config, docs, nav, env)
            out.append((i, _record(file.page)))
    except Exception as exc:  # reported by the parent as one line
        return {"error": f"{type(exc).__name__}: {exc}", "records": out, "warnings": collect.messages}
    finally:
        logger.removeHandler(collect)
    return {"records": out, "warnings": collect.messages}


def _render_all(todo, jobs):
    """Render `todo`; returns (records, warnings logged in worker processes — those logged in
    this process have been counted already)."""
    if not todo:
        return [], []
    _STATE["todo"] = todo
    indices = list(range(len(todo)))
    if jobs <= 1 or len(todo) < PARALLEL_FROM:
        result = _render(indices)
        if "error" in result:
            raise BuildError(f"mkdocs: {result['error']}")
        return result["records"], []
    else:
        chunks = [indices[k::jobs * 4] for k in range(jobs * 4)]  # interleaved: big and small pages mix
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            results = pool.map(_render, [c for c in chunks if c])
    records, warnings = [], []
    for result in results:
        warnings.extend(result["warnings"])
        if "error" in result:
            raise BuildError(f"mkdocs: {result['error']}")
        records.extend(result["records"])
    return records, warnings


def _store(cache_dir, key, html_path, record):
    entry = _entry(cache_dir, key)
    entry.parent.mkdir(parents=True, exist_ok=True)
    tmp = entry.with_name(f".{entry.name}.{os.getpid()}")
    shutil.copyfile(html_path, tmp.with_suffix(".html"))
    tmp.with_suffix(".json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp.with_suffix(".html"), entry.with_suffix(".html"))
    os.replace(tmp.with_suffix(".json"), entry.with_suffix(".json"))


def _restore(cache_dir, key, dest):
    """Put a cached page at `dest`; its record, or None when the cache does not have it."""
    entry = _entry(cache_dir, key)
    try:
        record = json.loads(entry.with_suffix(".json").read_text(encoding="utf-8"))
        Path(dest).parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(entry.with_suffix(".html"), dest)  # the site never writes a page in place
        except OSError:
            shutil.copyfile(entry.with_suffix(".html"), dest)
    except (OSError, ValueError):
        return None
    now = time.time()
    os.utime(entry.with_suffix(".json"), (now, now))  # recently used: kept by _prune
    return record


def _prune(cache_dir, used):
    cutoff = time.time() - CACHE_KEEP_DAYS * 86400
    for path in Path(cache_dir).glob("*/*.json"):
        if path.stem not in used and path.stat().st_mtime < cutoff:
            for stale in (path, path.with_suffix(".html")):
                stale.unlink(missing_ok=True)


def build(docs_dir, site_dir, site_url=None, extra=None, jobs=None, cache_dir=CACHE_DIR):
    """Build `docs_dir` into `site_dir`. Returns {"pages", "rendered", "cached", "seconds"}."""
    from mkdocs import utils
    from mkdocs.commands.build import _build_extra_template, _build_theme_template
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError
    from mkdocs.structure.files import get_files, set_exclusions
    from mkdocs.structure.nav import get_navigation
    from mkdocs.structure.pages import Page

    started = time.monotonic()
    jobs = jobs or os.cpu_count() or 1
    logger = logging.getLogger("mkdocs")
    shown = logging.StreamHandler()
    shown.setFormatter(logging.Formatter("mkdocs %(levelname)s: %(message)s"))
    shown.setLevel(logging.WARNING)
    counted = _Collect()
    logger.addHandler(shown)
    logger.addHandler(counted)
    logger.setLevel(logging.INFO)
    overrides = {"docs_dir": str(docs_dir), "site_dir": str(site_dir), "strict": True}
    if site_url is not None:
        overrides["site_url"] = site_url
    try:
        config = load_config(str(MKDOCS_YML), **overrides)
        config.extra.update(extra or {})
        config.plugins.on_startup(command="build", dirty=False)
        try:
            config = config.plugins.on_config(config)
            config.plugins.on_pre_build(config=config)
            utils.clean_directory(config.site_dir)
            files = get_files(config)
            env = config.theme.get_env()
            files.add_files_from_theme(env, config)
            files = config.plugins.on_files(files, config=config)
            set_exclusions(files, config)
            nav = get_navigation(files, config)
            nav = config.plugins.on_nav(nav, config=config, files=files)
            docs = files.documentation_pages()
            for file in docs:
                if file.page is None:
                    Page(None, file, config)
            env = config.plugins.on_env(env, config=config, files=files)
            files.copy_static_files()
            for template in config.theme.static_templates:
                _build_theme_template(template, env, files, config, nav)
            for template in config.extra_templates:
                _build_extra_template(template, files, config, nav)

            fingerprint = _fingerprint(config, docs_dir)
            keys = {file.src_uri: _key(fingerprint, file) for file in docs}
            todo, records = [], {}
            for file in docs:
                record = _restore(cache_dir, keys[file.src_uri], file.abs_dest_path)
                if record is None:
                    todo.append(file)
                else:
                    records[file.src_uri] = record
            _STATE.update(config=config, files=files, nav=nav, env=env)
            fresh, warnings = _render_all(todo, jobs)
            for message in warnings:
                logger.warning(message)
            for i, record in fresh:
                file = todo[i]
                records[file.src_uri] = record
                _store(cache_dir, keys[file.src_uri], file.abs_dest_path, record)
            _check_links(files, docs, records, config)
            config.plugins.on_post_build(config=config)
        except Exception as exc:
            config.plugins.on_build_error(error=exc)
            raise
        finally:
            config.plugins.on_shutdown()
            _STATE.clear()
        if counted.messages:
            raise BuildError(f"mkdocs: {len(counted.messages)} warning(s) in strict mode, the first: {counted.messages[0]}")
        _prune(cache_dir, set(keys.values()))
    except (Abort, ConfigurationError, PluginError) as exc:
        raise BuildError(f"mkdocs: {exc}") from None
    finally:
        logger.removeHandler(shown)
        logger.removeHandler(counted)
    return {"pages": len(docs), "rendered": len(todo), "cached": len(docs) - len(todo),
            "seconds": round(time.monotonic() - started, 1)}


def _check_links(files, docs, records, config):
    """Every page's links and anchors, fresh or from the cache, against this build's pages."""
    by_uri = {file.src_uri: file for file in docs}
    for file in docs:
        record = records[file.src_uri]
        file.page.present_anchor_ids = set(record["anchors"])
        file.page.links_to_anchors = {by_uri[uri]: links for uri, links in record["links_to_anchors"].items()
                                      if uri in by_uri}
    targets = {file.url.rstrip("/") for file in files} | {""}
    log = logging.getLogger("mkdocs.sitebuild")
    for file in docs:
        for link in records[file.src_uri]["links"]:
            if link.rstrip("/") not in targets and link.rstrip("/") != ".":
                log.warning(f"Doc file '{file.src_uri}' links to '{link}', which is not in this build")
        file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
