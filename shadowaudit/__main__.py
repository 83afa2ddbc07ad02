"""Let `python -m shadowaudit` run the command-line program."""

from shadowaudit.cli import main

main()
