"""``python -m factdesk``: the ``factdesk`` command."""

import sys

from factdesk.tui.cli import main

sys.exit(main())
