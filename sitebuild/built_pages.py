"""One pass over the pages MkDocs built, for everything that needs them all.

The service worker's pages version (sitebuild/service_worker.py: a new build of any page tells a
phone to refresh the pages it kept) and the header policy's inline-script hashes
(sitebuild/headers.py) both depend on every built page; a site of the whole country has tens of
thousands, so each is read once, here, and both take what they need from the result.
"""

from __future__ import annotations

import hashlib
import importlib.util
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CSP_HOOK = ROOT / "site_src" / "hooks" / "csp.py"


def csp_hook():
    """site_src/hooks/csp.py (MkDocs loads it as a hook, so it is no package): the meta policy's
    one definition and how an inline script is hashed."""
    spec = importlib.util.spec_from_file_location("site_csp_hook", CSP_HOOK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class BuiltPages:
    site_dir: Path
    digests: dict[str, bytes] = field(default_factory=dict)  # page path (posix, from site_dir) -> sha256
    script_hashes: set[str] = field(default_factory=set)      # every inline script's CSP source

    def version(self) -> str:
        """A hash of every page's path and content (sorted by path)."""
        pages = hashlib.sha256()
        for rel in sorted(self.digests):
            pages.update(rel.encode() + b"\0" + self.digests[rel])
        return pages.hexdigest()[:12]


def scan(site_dir: Path) -> BuiltPages:
    """Read every built page once: its content hash and its inline scripts' CSP hashes."""
    site_dir = Path(site_dir)
    csp = csp_hook()
    pages = BuiltPages(site_dir)
    for html in site_dir.rglob("*.html"):
        data = html.read_bytes()
        pages.digests[html.relative_to(site_dir).as_posix()] = hashlib.sha256(data).digest()
        pages.script_hashes.update(csp.script_hashes(data.decode("utf-8")))
    return pages
