"""`python -m wugraph.conformance SUITE`: the W3C SPARQL 1.1 query tests through HTTP."""

import sys

from .runner import main

sys.exit(main())
