"""WSGI entry point of the survey benchmark server (gunicorn bench.surveys_wsgi:application)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.surveys_site")
application = get_wsgi_application()
