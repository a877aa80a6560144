"""Build the Pilot Atlas: ``python build_maps.py [--sources DIR] [--out DIR]``.

The same program as the ``pilot-atlas`` console script; see ``--help``.
"""

import sys

from atlas.cli import main

if __name__ == "__main__":
    sys.exit(main())
