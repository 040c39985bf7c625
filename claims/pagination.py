"""Pagination whose cost does not grow with the size of the result.

A list offers its first PAGE_LIMIT pages; past that, the reader narrows the filters or reverses
the order. So no page skips more than MAX_ROWS rows, and the count stops at MAX_ROWS + 1 rather
than scanning every match: "5,000+ claims".
"""

from functools import cached_property

from django.core.paginator import Paginator

PER_PAGE = 25
PAGE_LIMIT = 200
MAX_ROWS = PER_PAGE * PAGE_LIMIT


class BoundedPaginator(Paginator):
    @cached_property
    def bounded_count(self):
        """Counts at most MAX_ROWS + 1 matches: one query, however many there are. In no
        order and without the joined columns, so the database stops at any MAX_ROWS + 1."""
        return self.object_list.order_by().values("pk")[: MAX_ROWS + 1].count()

    @cached_property
    def count(self):
        return min(self.bounded_count, MAX_ROWS)

    @property
    def truncated(self):
        """More matches than the pages offer."""
        return self.bounded_count > MAX_ROWS


def paginate(request, queryset):
    """The requested page ("?page=3", "?page=last"), or the nearest one that exists."""
    paginator = BoundedPaginator(queryset, PER_PAGE)
    number = request.GET.get("page")
    return paginator.get_page(paginator.num_pages if number == "last" else number)
