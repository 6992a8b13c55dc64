"""The core views in the role matrix (see openita_testing/role_matrix.py): the help pages, for everyone."""

from openita_testing.role_matrix import OK, Case, everyone

CASES = [Case("core:help", lambda world: {"area": "oit"}, get=everyone(OK))]
