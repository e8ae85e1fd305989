"""Content-named URLs: a file of assets/ is named by a hash of its bytes, so a phone never mixes a
cached old file with a new one, and the whole set can be cached for ever."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from .errors import AssetError


def tag(data: bytes) -> str:
    """The short content hash that names a versioned URL (a directory or a ?v= query)."""
    return hashlib.sha256(data).hexdigest()[:12]


def versioned(assets_dir: Path, rel: str) -> str:
    """`rel?v=<hash>`: a file of assets/ named by its content, so it can be cached for ever."""
    path = Path(assets_dir) / rel
    if not path.is_file():
        raise AssetError(f"{path} not found")
    return f"{rel}?v={tag(path.read_bytes())}"


def link_modules(text: str, names: dict) -> str:
    """Point each `from "<name>"` import at its versioned URL; each must be there exactly once."""
    for name, url in names.items():
        text, n = re.subn(r'from "' + re.escape(name) + '"', f'from "{url}"', text)
        if n != 1:
            raise AssetError(f'expected exactly one import from "{name}", found {n}')
    return text
