"""A gunicorn configuration file (`-c bench/without_preload.py`) that serves the app as
claimtracker/wsgi.py does but loads nothing before each worker's first request: the
reference bench/first_requests.py measures the preload against. Read by gunicorn's master
process, whose workers are forked with the module changed here."""

import claimtracker.preload

claimtracker.preload.load_what_requests_share = lambda: None
