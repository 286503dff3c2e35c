#!/usr/bin/env python3
"""govkg command line in a checkout: `python build.py --help` (installed: `govkg --help`)."""

import sys

from govkg.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], prog="build.py"))
