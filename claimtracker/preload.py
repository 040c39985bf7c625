"""What the web server's processes load before their first request (claimtracker/wsgi.py).

Django builds its URL patterns, its template engine with every tag library, each template and
each language's translations on the first request that needs them, and keeps them for the life
of the process. So each server process made its first reader wait for them: at a million
claims, the first page a fresh gunicorn worker drew (an event of 45 claims) took 79-80 ms
against 55 ms with them loaded here, at start-up, which takes 0.1-0.2 s longer
(`python bench/first_requests.py`). Loaded here, they are also among the objects set aside
from the garbage collector (claimtracker/collector.py), which then no longer walks them.

Nothing here reads the database, so a server starts while the database is down.
"""

from pathlib import Path

from django.conf import settings
from django.template import engines
from django.template.autoreload import get_template_directories
from django.urls import get_resolver, reverse
from django.utils import translation


def load_what_requests_share():
    """Build the URL patterns and the project's templates, and read every language's
    translations, as the first requests would have."""
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            # Reversing builds the patterns' lookup for the active language.
            reverse("claims:home")
    get_resolver().url_patterns  # noqa: B018 (imports every URL module and view)
    names = project_template_names()
    for engine in engines.all():
        for name in names:
            engine.get_template(name)


def project_template_names():
    """The names of the templates in the project's own template directories (those of its
    apps and the site's), not those of installed packages."""
    names = set()
    for directory in get_template_directories():
        if not Path(directory).is_relative_to(settings.BASE_DIR):
            continue
        if "site-packages" in Path(directory).parts:  # a virtual environment inside the project
            continue
        for path in Path(directory).rglob("*.html"):
            names.add(path.relative_to(directory).as_posix())
    return sorted(names)
