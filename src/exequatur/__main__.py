"""`python -m exequatur` runs the command line."""

from exequatur.interfaces.cli import main

main()
