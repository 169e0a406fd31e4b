"""``python -m assessment``: the entry point of the command line, which lives in ``cli``."""

import sys

from cli.main import main

sys.exit(main())
