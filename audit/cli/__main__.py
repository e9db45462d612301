"""`python -m audit.cli ...`: the console script."""
from __future__ import annotations

import sys

from audit.cli.main import main

sys.exit(main())
