"""What the standalone program runs: the shadowaudit command (guided when double-clicked)."""

from shadowaudit.cli import main

if __name__ == "__main__":
    main()
