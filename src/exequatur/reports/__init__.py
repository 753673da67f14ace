"""Statements formatted for people and machines; reports compute nothing of their own."""
