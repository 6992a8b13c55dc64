"""Settings of the survey benchmark server: openita's own, with bench/surveys_urls.py as the URLconf.

Used by bench/surveys_bench.py; never by openita.
"""

from openita.settings import *  # noqa: F403

ROOT_URLCONF = "bench.surveys_urls"
