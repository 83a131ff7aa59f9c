"""``python -m spinscope``: the same as the ``spinscope`` command."""

from spinscope.cli.main import main

if __name__ == "__main__":
    main()
