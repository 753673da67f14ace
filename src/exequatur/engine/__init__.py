"""Arithmetic on matters: accrual, payment application and the statement with its trace. Never reads the clock."""
