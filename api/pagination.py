from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination

NOT_OURS = "Not a cursor this API gave: follow the next or previous address."

# The largest id a database column holds (a 64-bit signed integer on PostgreSQL and SQLite).
LARGEST_ID = 2**63 - 1


class NewestFirst(CursorPagination):
    """Pages that cost the same at any depth: each asks for the rows after the previous page's
    last id (an index seek), never for an offset."""

    ordering = "-id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def decode_cursor(self, request):
        """A cursor that is not one of ours is a bad request (400), not a missing page and never
        a server error: its position must be a value the ordering column can hold."""
        try:
            cursor = super().decode_cursor(request)
        except NotFound:
            raise ValidationError({"cursor": [NOT_OURS]}) from None
        position = cursor.position if cursor else None
        if position is not None and not self.holds_position(position):
            raise ValidationError({"cursor": [NOT_OURS]})
        return cursor

    def holds_position(self, position):
        return position.isascii() and position.isdigit() and int(position) <= LARGEST_ID


class ByName(NewestFirst):
    ordering = "slug"

    def holds_position(self, position):
        # Slugs are short printable ASCII words; PostgreSQL cannot even compare a NUL character.
        return len(position) <= 255 and position.isascii() and position.isprintable()
