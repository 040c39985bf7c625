import os

from django.core.wsgi import get_wsgi_application

from claimtracker.collector import set_aside_startup_objects

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimtracker.settings")
application = get_wsgi_application()

from claimtracker.preload import load_what_requests_share  # noqa: E402 (needs the apps loaded)

load_what_requests_share()
set_aside_startup_objects()
