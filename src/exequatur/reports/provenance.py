"""What a signed statement says about where it came from: the exequatur version and the matter file's sha256, so
that anyone can recompute the same figures from the same file."""

from __future__ import annotations

import hashlib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path


def exequatur_version() -> str:
    try:
        return version("exequatur")
    except PackageNotFoundError:  # running from a source tree that was never installed
        from exequatur import __version__

        return __version__


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
