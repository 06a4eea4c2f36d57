"""`python -m scscheck` runs the command line."""

from scscheck.cli import main

main()
