"""The fuzz harness: mutate the shipped matter files and run loader, engine and reports on each mutant, in process.

A case passes when the loader refuses it with located errors (every MatterError names the file and a line in it)
or when it computes: the engine at a few as-of dates, every output format, and the statement's invariants. An
exception escaping any of them is a failure; its mutant and traceback are printed and saved under a temp dir.

    python -m tests.fuzz --cases 100000 --seed 2025 --jobs 2     # a campaign; prints its figures
    python -m tests.fuzz --seed 2025 --case 4711 --show           # one case again, with its file and traceback

`tests/fuzz/test_fuzz.py` runs a CI-sized campaign with a fixed seed. The figures of a large run are in
docs/fuzz.md.
"""
