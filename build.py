#!/usr/bin/env python3
"""govkg command line: `python build.py --help`."""

import sys

from govkg.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
