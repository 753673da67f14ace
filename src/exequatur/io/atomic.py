"""Writes that a crash, a full disk or a killed process can never leave half done.

The data goes to a temporary file in the target's own directory (so the rename stays on one file system), is
flushed and fsync'ed, then replaces the target in one `os.replace`: a reader sees the old file or the new one,
never a mix. The directory is fsync'ed too where the platform allows, so the rename itself survives a power cut.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def write_atomic(path: str | Path, data: str | bytes | Callable[[BinaryIO], None]) -> Path:
    """Replace `path` with `data` (text is written as UTF-8; a function is handed the open file to write into,
    for output too large to hold twice) atomically; return the path written."""
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        _replace(target, payload)
    except OSError as exc:
        # The error names the file asked for, not the temporary one beside it that the user never heard of.
        raise OSError(exc.errno, f"cannot write: {exc.strerror or exc}", str(target)) from exc
    _sync_directory(target.parent)
    return target


def _replace(target: Path, payload: bytes | Callable[[BinaryIO], None]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    # The temporary name starts with a dot and ends in .tmp: a reader that lists *.csv never picks it up.
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        # mkstemp makes the file owner-only; give it the mode an ordinary new file gets (0666 less the umask).
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        with os.fdopen(handle, "wb") as out:
            if callable(payload):
                payload(out)
            else:
                out.write(payload)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _sync_directory(directory: Path) -> None:
    if os.name != "posix":
        return  # Windows cannot open a directory for fsync; NTFS journals the rename itself
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems (network mounts) refuse fsync on a directory; the rename is already done
    finally:
        os.close(fd)
