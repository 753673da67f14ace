"""How a portfolio run asks the system for memory: small pages, and Arrow's jemalloc pool giving back what it frees.

numpy asks the kernel for transparent huge pages on every array above 4 MB (madvise), and pyarrow's default pool
(mimalloc) does likewise. Where the kernel then makes each 2 MB page at the fault, as on the 2-core virtual machine
the benchmarks run on (THP "madvise", its defrag "madvise"), a fresh 80 MB column cost 0.29-0.32 s to fill instead
of 0.03 s, and pyarrow's read of a 10-million-judgment Parquet file 3.1 s instead of 1.2 s (docs/portfolio.md). A
run over millions of rows allocates gigabytes once, so it takes small pages. Both settings are the libraries' own
environment variables (numpy's NUMPY_MADVISE_HUGEPAGE, Arrow's ARROW_DEFAULT_MEMORY_POOL), set only where the user
has not set them, so that Dask's worker processes inherit them too.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager


def plain_pages() -> None:
    """Small pages for numpy and the jemalloc pool for Arrow, in this process (where the user did not choose)
    and in the processes it starts."""
    if not sys.platform.startswith("linux"):  # numpy madvises huge pages on Linux alone; there Arrow has jemalloc
        return
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
