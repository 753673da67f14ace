"""Files in and out: matter files with line numbers, their schema, and rate tables."""
