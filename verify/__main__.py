"""`python -m verify`: the `verify` command (`verify.cli`)."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
