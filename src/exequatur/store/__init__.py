"""Matters stored as data in a database (SQLAlchemy 2, Alembic migrations): see docs/storage.md.

models.py      the tables, one per thing a matter file states, plus revisions, comments and the audit log
mapping.py     a checked matter file (io.schema) to rows, and rows to a matter file's data
repository.py  import (one transaction, audited), export, list, the audit log
rates.py       rate rows users add to the shipped tables (merged by io.rateupdate.merge, audited), as a RateBook
database.py    the database by URL (SQLite in the data directory by default), its migrations
migrations/    Alembic's environment and versions, run programmatically
"""
