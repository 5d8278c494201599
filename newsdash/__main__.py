"""`python -m newsdash ARGS` runs the `newsdash` command."""

import sys

from newsdash.commands import main

sys.exit(main())
