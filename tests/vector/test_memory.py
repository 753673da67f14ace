"""A portfolio run's memory settings, each in a fresh Python (numpy reads its setting when it is imported)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

_PROBE = """
from exequatur.vector.memory import giving_back, plain_pages
plain_pages()
import numpy, pyarrow
from numpy._core.multiarray import _get_madvise_hugepage
with giving_back():
    pass
print(_get_madvise_hugepage(), pyarrow.default_memory_pool().backend_name)
"""


def _probe(**env: str) -> str:
    given = {k: v for k, v in os.environ.items() if k not in ("NUMPY_MADVISE_HUGEPAGE", "ARROW_DEFAULT_MEMORY_POOL")}
    done = subprocess.run([sys.executable, "-c", _PROBE], env=given | env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_a_run_takes_small_pages_and_jemalloc() -> None:
    assert _probe() == "False jemalloc"


@pytest.mark.parametrize(("given", "expected"), [({"NUMPY_MADVISE_HUGEPAGE": "1"}, "True jemalloc")])
def test_what_the_user_set_is_kept(given: dict[str, str], expected: str) -> None:
    assert _probe(**given) == expected
    assert _probe(ARROW_DEFAULT_MEMORY_POOL="system") == "False system"


def test_numpy_imported_first_is_told_directly() -> None:
    probe = "import numpy\n" + _PROBE
    done = subprocess.run(
        [sys.executable, "-c", probe],
        env={k: v for k, v in os.environ.items() if k != "NUMPY_MADVISE_HUGEPAGE"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split()[0] == "False"


_REUSE = """
import os, resource
from exequatur.vector.memory import plain_pages
plain_pages()
import numpy
def faults():
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt
first = numpy.ones(20 << 20, numpy.uint8)  # 20 MB: 5,120 pages of 4 KB
del first
before = faults()
second = numpy.ones(20 << 20, numpy.uint8)
print(faults() - before, os.environ.get("MALLOC_TRIM_THRESHOLD_"))
"""


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or not (os.confstr("CS_GNU_LIBC_VERSION") or "").startswith("glibc"),
    reason="the settings are glibc's malloc's",
)
def test_a_freed_array_is_kept_for_the_next_and_a_users_setting_is_kept() -> None:
    # Without the settings glibc gives the freed 20 MB back and faults the next array in again, page by page
    # (about 5,120 faults); with them the next array takes the same pages.
    given = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_")}
    done = subprocess.run([sys.executable, "-c", _REUSE], env=given, capture_output=True, text=True, check=True)
    faults, trim = done.stdout.split()
    assert int(faults) < 500
    assert trim == str(1 << 30)
    mine = given | {"MALLOC_TOP_PAD_": "0"}
    done = subprocess.run([sys.executable, "-c", _REUSE], env=mine, capture_output=True, text=True, check=True)
    faults, trim = done.stdout.split()
    assert trim == "None"  # the user chose glibc's settings: none is changed
    assert int(faults) > 4000
    tuned = given | {"GLIBC_TUNABLES": "glibc.malloc.top_pad=0"}  # a review: the tunables are a choice too
    done = subprocess.run([sys.executable, "-c", _REUSE], env=tuned, capture_output=True, text=True, check=True)
    assert done.stdout.split()[1] == "None"
