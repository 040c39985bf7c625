"""The app's own settings, as production runs them (DEBUG off), with a key for the suite.

Set in the environment, so the app servers some tests start in other processes share it.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-suite-only-key-not-secret")

from claimtracker.settings import *  # noqa: E402, F403

# Users are made in most tests; the full PBKDF2 work factor is for real passwords, not the suite's.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
