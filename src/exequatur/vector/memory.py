"""How a portfolio run asks the system for memory: small pages, and Arrow's jemalloc pool giving back what it frees.

numpy asks the kernel for transparent huge pages on every array above 4 MB (madvise), and pyarrow's default pool
(mimalloc) does likewise. Where the kernel then makes each 2 MB page at the fault, as on the 2-core virtual machine
the benchmarks run on (THP "madvise", its defrag "madvise"), a fresh 80 MB column cost 0.29-0.32 s to fill instead
of 0.03 s, and pyarrow's read of a 10-million-judgment Parquet file 3.1 s instead of 1.2 s (docs/portfolio.md). A
run over millions of rows allocates gigabytes once, so it takes small pages. Both settings are the libraries' own
environment variables (numpy's NUMPY_MADVISE_HUGEPAGE, Arrow's ARROW_DEFAULT_MEMORY_POOL), set only where the user
has not set them, so that Dask's worker processes inherit them too.

glibc's malloc, which numpy's arrays come from, gives a freed block back to the system once more than 128 KB lies
free at the top of its heap, and maps anything larger than its threshold (which grows to 32 MB) on its own: the
next array of a part, or of the next part, is then faulted in again page by page. It is told instead to keep up to
1 GB free for reuse and to map only blocks above 32 MB itself (glibc's mallopt, and its MALLOC_*_ variables for the
processes started). Measured on ten parts of a million judgments (3 Dec 2026, three runs each): page faults
490,000 to 205,000 in turn and 1,190,000 to 250,000 on one Dask worker, the system's time 1.5 s to 1.0 s and 3.0 s
to 1.2 s, peak memory unchanged (550 MB).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

#: glibc's mallopt parameters (malloc.h) and the environment variables that set them in a process as it starts.
_M_TRIM_THRESHOLD, _M_TOP_PAD, _M_MMAP_THRESHOLD = -1, -2, -3
_KEPT = {
    "MALLOC_TRIM_THRESHOLD_": (_M_TRIM_THRESHOLD, 1 << 30),  # up to 1 GB free at the heap's top is kept
    "MALLOC_TOP_PAD_": (_M_TOP_PAD, 64 << 20),  # the heap grows 64 MB at a time
    "MALLOC_MMAP_THRESHOLD_": (_M_MMAP_THRESHOLD, 32 << 20),  # glibc's own ceiling; above, mapped alone
}


def plain_pages() -> None:
    """Small pages for numpy and the jemalloc pool for Arrow, in this process (where the user did not choose)
    and in the processes it starts."""
    if not sys.platform.startswith("linux"):  # numpy madvises huge pages on Linux alone; there Arrow has jemalloc
        return
    _kept_for_reuse()
    numpy_given = "NUMPY_MADVISE_HUGEPAGE" in os.environ
    arrow_given = "ARROW_DEFAULT_MEMORY_POOL" in os.environ
    os.environ.setdefault("NUMPY_MADVISE_HUGEPAGE", "0")
    os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "jemalloc")
    if not numpy_given and "numpy" in sys.modules:  # read at numpy's import: already past, so told directly
        try:
            from numpy._core.multiarray import _set_madvise_hugepage  # type: ignore[attr-defined]
        except ImportError:  # a numpy without the switch: it keeps its own choice
            pass
        else:
            _set_madvise_hugepage(False)
    if arrow_given or "pyarrow" not in sys.modules:  # not yet imported: it reads the variable when it is
        return
    import pyarrow as pa

    with contextlib.suppress(NotImplementedError):  # a pyarrow without jemalloc keeps its default
        pa.set_memory_pool(pa.jemalloc_memory_pool())


def _kept_for_reuse() -> None:
    """glibc's malloc keeps what is freed for the next array (the module's docstring), in this process and in
    those it starts, unless the user set any of its MALLOC_*_ variables or a glibc.malloc tunable; another C
    library is left as it is."""
    try:
        libc_name = os.confstr("CS_GNU_LIBC_VERSION") or ""
    except (ValueError, OSError):  # a C library that does not answer is not glibc
        libc_name = ""
    chosen = any(name in os.environ for name in _KEPT) or "glibc.malloc." in os.environ.get("GLIBC_TUNABLES", "")
    if not libc_name.startswith("glibc") or chosen:
        return
    for name, (_, value) in _KEPT.items():
        os.environ[name] = str(value)
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return
    for parameter, value in _KEPT.values():
        libc.mallopt(parameter, value)  # 0 where glibc refuses a value: it keeps its own


@contextmanager
def giving_back() -> Iterator[None]:
    """While files are read: jemalloc gives the pages Arrow frees back at once, for numpy to take, instead of
    keeping them a second for Arrow alone; then it keeps them again, which the writing in batches reuses.
    Measured on 10 million judgments from Parquet: the read's peak 1,504 MB instead of 1,738 MB of the whole run,
    and its writing 5.2 s, where pages given back at once throughout made it 7.2 s."""
    import pyarrow as pa

    if pa.default_memory_pool().backend_name != "jemalloc":
        yield
        return
    pa.jemalloc_set_decay_ms(0)
    try:
        yield
    finally:
        pa.jemalloc_set_decay_ms(1000)
