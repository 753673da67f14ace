"""Where a report, chart or export may be written: the path a user named, checked before anything is computed.

A path must end in the format's extension, must not be a symbolic link (a link in a shared folder could point
anywhere), and must not replace an existing file unless the user says so (`--force`). The write itself goes
through io.atomic, so a reader never sees half a file.
"""

from __future__ import annotations

from pathlib import Path

from exequatur.model.errors import ExequaturError


class OutputPathError(ExequaturError):
    """An output path that exequatur refuses to write, with the reason."""


def checked_output(path: Path, suffix: str, *, force: bool, option: str) -> Path:
    """`path` if a `suffix` file may be written there; OutputPathError naming the option otherwise."""
    if path.suffix.lower() != suffix:
        raise OutputPathError(f"{option} {path}: the file name must end in {suffix}")
    if path.is_symlink():
        raise OutputPathError(f"{option} {path}: is a symbolic link; exequatur does not write through links")
    if path.is_dir():
        raise OutputPathError(f"{option} {path}: is a directory")
    if not path.parent.is_dir():
        raise OutputPathError(f"{option} {path}: the folder {path.parent} does not exist")
    if path.exists() and not force:
        raise OutputPathError(f"{option} {path}: the file exists; add --force to replace it")
    return path
