"""Pagination whose cost does not grow with the size of the result, nor with the page's depth.

A list offers its first PAGE_LIMIT pages; past that, the reader narrows the filters or reverses
the order. The count stops at MAX_ROWS + 1 rather than scanning every match ("5,000+ claims"),
unless the caller knows it already (the claim browser reads it from the kept counts).

Lists in id order (the claim browser's default, newest first, and "date entered") are paged by
key: the "Next" link carries the last id shown (`after`) and "Previous" the first (`before`), so
page 150 reads its 25 rows from the index where the last page stopped, as page 1 does, with no
OFFSET. The page number stays in the address, for the reader and for "Page 150 of 200".

A page asked for by its number alone (a typed or shared address, "?page=last") is found by
skipping that many ids, never rows: the ids are chosen in a subquery that reads only an index
(for a source's public claims, a partial index on source and id, claim_public_by_source), then
the page's 25 rows are read with their joins. Other orders (date said) are paged that way too.

A list whose ids are read already, in order (a search's newest matches: claims.search), is
paged from them: each page is its 25 rows read by id, whatever the page or the word (by the
caller's own reader, when it has one: `claims.models.claims_by_id`).
"""

from functools import cached_property

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator

from .lookups import rows_by_id

PER_PAGE = 25
PAGE_LIMIT = 200
MAX_ROWS = PER_PAGE * PAGE_LIMIT
# What a list's address says about its page: a view's page cache reads these.
PAGE_PARAMETERS = ["page", "after", "before"]
KEY_ORDERS = {("-id",): "-", ("id",): "+", ("-search_rowid",): "-"}


class BoundedPaginator(Paginator):
    """`read`, when given, is a function of ids giving their rows in that order: a page is
    then its ids chosen from the list, and its rows read by them (compiled once, where the
    list's own query with its joins is written by the ORM for each page)."""

    def __init__(self, object_list, per_page, known_count=None, limit=None, read=None):
        super().__init__(object_list, per_page)
        self.known_count = known_count
        self.limit = limit or MAX_ROWS
        self.read = read

    @cached_property
    def bounded_count(self):
        """Counts at most `limit` + 1 matches: one query, however many there are, without
        the joined columns. A list in id order is counted in that order, so that the database
        can walk its primary key and stop at the first `limit` + 1 (a word held by 800,000
        claims), or gather the few matches of a rare word from its own index, whichever it
        judges cheaper; any other list in no order, so that it stops at any `limit` + 1."""
        if self.known_count is not None:
            return min(self.known_count, self.limit + 1)
        matches = self.object_list.values("pk")
        if not key_order(self.object_list):
            matches = matches.order_by()
        return matches[: self.limit + 1].count()

    @cached_property
    def count(self):
        return min(self.bounded_count, self.limit)

    @property
    def truncated(self):
        """More matches than the pages offer."""
        return self.bounded_count > self.limit

    def page(self, number):
        """The page by its number: its ids chosen by skipping ids alone, then its rows."""
        number = self.validate_number(number)
        start = (number - 1) * self.per_page
        return KeyedPage(self.rows_of_slice(self.object_list, start), number, self)

    def rows_of_slice(self, rows, start):
        """A page's rows: `rows[start : start + per_page]`."""
        stop = start + self.per_page
        if self.read is not None:
            return self.read(list(rows.values_list("pk", flat=True)[start:stop]))
        if start:
            return list(rows.filter(pk__in=rows.values("pk")[start:stop]))
        return list(rows[:stop])


class KnownIdsPaginator(BoundedPaginator):
    """Pages of a list whose ids, in its order, are read already: `ids`, at most `limit` of
    them. A page is its rows read by their ids: by `read` (a function of ids giving their
    rows in that order), or else from `rows` (a queryset holding them all), one query with
    their joins."""

    def __init__(self, rows, ids, per_page, known_count, limit, read=None):
        super().__init__(rows, per_page, known_count, limit, read)
        self.ids = ids[: self.limit]

    def page(self, number):
        number = self.validate_number(number)
        start = (number - 1) * self.per_page
        return KeyedPage(self.rows_of(self.ids[start : start + self.per_page]), number, self)

    def keyed_page(self, number, after, before, key):
        """As keyed_page(): the page past `after`, or the one ending before `before`."""
        if number is None or not 1 < number <= self.num_pages:
            return None
        newer = (lambda pk, key_id: pk < key_id) if key == "-" else (lambda pk, key_id: pk > key_id)
        if after is not None:
            ids = [pk for pk in self.ids if newer(pk, after)][: self.per_page]
        else:
            ids = [pk for pk in self.ids if newer(before, pk)][-self.per_page :]
        return KeyedPage(self.rows_of(ids), number, self) if ids else None

    def rows_of(self, ids):
        if self.read is not None:
            return self.read(ids)
        found = rows_by_id(self.object_list, ids)
        return [found[pk] for pk in ids if pk in found]


class KeyedPage(Page):
    """A page whose links to its neighbours carry the ids they start from, when its list is in
    id order (`key`: "-" newest first, "+" oldest first); None otherwise."""

    key = None

    @property
    def after(self):
        """For the "Next" link: the last id shown."""
        return self.object_list[-1].pk if self.key and self.object_list else None

    @property
    def before(self):
        """For the "Previous" link: the first id shown."""
        return self.object_list[0].pk if self.key and self.object_list else None


def key_order(queryset):
    """ "-" or "+" when the queryset is in id order only, else None."""
    ordering = tuple(queryset.query.extra_order_by or queryset.query.order_by)
    return KEY_ORDERS.get(ordering)


def number_of(text):
    try:
        return int(text)
    except (TypeError, ValueError):
        return None


def keyed_page(paginator, number, after, before, key):
    """The page `number` read from the index where its neighbour stopped: the 25 claims past
    `after`, or those just before `before`. None when the page is not there (out of range or
    empty): the caller then finds it by number."""
    if number is None or not 1 < number <= paginator.num_pages:
        return None
    rows = paginator.object_list
    newer, older = ("pk__lt", "pk__gt") if key == "-" else ("pk__gt", "pk__lt")
    if after is not None:
        found = paginator.rows_of_slice(rows.filter(**{newer: after}), 0)
    else:
        found = paginator.rows_of_slice(rows.filter(**{older: before}).reverse(), 0)[::-1]
    if not found:
        return None
    return KeyedPage(found, number, paginator)


def paginate(request, queryset, known_count=None, limit=None, ids=None, read=None):
    """The requested page ("?page=3", "?page=last", "?page=3&after=…"), or the nearest one that
    exists. `known_count`: the number of matches, when the caller has it without counting;
    `limit`: how many the pages offer, when fewer than MAX_ROWS; `ids`: the matches' ids in
    the queryset's order, when the caller has read them (the queryset then needs only to
    hold those rows: the pages read theirs by id); `read`: a function of ids giving their
    rows in that order, which then reads each page's rows by their ids."""
    key = key_order(queryset)
    if ids is None:
        paginator = BoundedPaginator(queryset, PER_PAGE, known_count, limit, read)
    else:
        paginator = KnownIdsPaginator(queryset, ids, PER_PAGE, known_count, limit, read)
    wanted = request.GET.get("page")
    after, before = number_of(request.GET.get("after")), number_of(request.GET.get("before"))
    page = None
    if key and ids is not None and (after is not None or before is not None):
        page = paginator.keyed_page(number_of(wanted), after, before, key)
    elif key and (after is not None or before is not None):
        page = keyed_page(paginator, number_of(wanted), after, before, key)
    if page is None:
        try:
            page = paginator.page(paginator.num_pages if wanted == "last" else wanted)
        except PageNotAnInteger:
            page = paginator.page(1)
        except EmptyPage:
            page = paginator.page(paginator.num_pages)
    page.key = key
    return page
