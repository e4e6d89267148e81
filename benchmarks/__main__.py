"""`python -m benchmarks [--parts ...] [--repeats N] [--quick] [--out FILE]`."""

import sys

from benchmarks.run import main

sys.exit(main())
