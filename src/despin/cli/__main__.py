"""``python -m despin.cli``: the despin command, as the ``despin`` script runs it."""

import sys

from . import main

sys.exit(main())
