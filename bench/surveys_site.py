"""Settings of the survey benchmark server: openita's own, with bench/surveys_urls.py as the URLconf.

Used by bench/surveys_bench.py; never by openita. One change besides the URLconf: database connections last
the whole run (openita reconnects after 60 s), so that the CPU the benchmark counts for PostgreSQL includes
every backend that served it (a backend that exits takes its CPU time with it). Both endpoints share it.
"""

from openita.settings import *  # noqa: F403

ROOT_URLCONF = "bench.surveys_urls"
DATABASES["default"]["CONN_MAX_AGE"] = None  # noqa: F405
