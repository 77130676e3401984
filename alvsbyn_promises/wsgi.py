"""WSGI entry point, used by gunicorn: ``gunicorn alvsbyn_promises.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alvsbyn_promises.settings")

application = get_wsgi_application()
