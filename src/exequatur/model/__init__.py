"""Frozen domain records: what a matter is made of, independent of files, rules and arithmetic."""
