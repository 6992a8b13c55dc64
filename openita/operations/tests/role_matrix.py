"""/healthz is public by design (load balancers call it without logging in) and says only "ok" or "failing"
per check; openita/operations/tests/test_health.py checks that it reveals nothing more."""

from openita_testing.role_matrix import Case

CASES: list[Case] = []
NOT_IN_MATRIX = {"operations:healthz", "operations:healthz_web"}
