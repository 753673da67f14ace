"""The ways in: the command line and the Python API (the web app comes later)."""
