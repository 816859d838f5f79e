"""`python -m wugraph` runs the command line."""

from .cli import main

main()
