"""`python -m schemata.compat.catalogue`: print docs/rules.md, the catalogue as a page."""

from schemata.compat.catalogue import TABLES
from schemata.compat.catalogue.docs import render

print(render(TABLES), end="")
