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
