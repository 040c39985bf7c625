import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimtracker.settings")
application = get_wsgi_application()

# A page builds tens of thousands of short-lived objects (querysets, model instances, template
# nodes), which made Python's collector run every 700 and walk the objects that live for the
# whole process again and again: the claim browser spent about a seventh of its time in it at
# a million claims. Those are set aside once loaded, and collections wait for 50,000 new
# objects; cycles are still collected, later.
gc.collect()
gc.freeze()
gc.set_threshold(50_000, 20, 20)
