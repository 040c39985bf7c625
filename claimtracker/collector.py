"""How the web server's processes set Python's garbage collector (claimtracker/wsgi.py).

A page builds tens of thousands of short-lived objects (querysets, model instances, template
nodes). With Python's defaults the collector ran every 700 new objects and walked the objects
that live for the whole process again and again. Those are set aside once loaded (`gc.freeze`),
and collections of young objects wait for more of them.

How many more is a trade: each collection walks every young object, and its pause lands whole
in one reader's request. At a million claims, waiting for 50,000 paused single requests for
15-51 ms (a search, an event page, the claim browser) while collecting no less in all than
waiting for 10,000, whose pauses stayed within 4-9 ms (16-24 ms on the 50 × 30 event's page);
the default 700 collected up to twice as much a page. Measured with
`python bench/collector.py` (its table is in BENCHMARKS.md).
"""

import gc

NEW_OBJECTS_BEFORE_COLLECTING = 10_000


def set_aside_startup_objects(new_objects=NEW_OBJECTS_BEFORE_COLLECTING):
    """Move every object alive now out of the collector's sight, and collect young objects
    after `new_objects` more. Cycles are still collected, later."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(new_objects, 20, 20)
