from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination


class NewestFirst(CursorPagination):
    """Pages that cost the same at any depth: each asks for the rows after the previous page's
    last id (an index seek), never for an offset."""

    ordering = "-id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def decode_cursor(self, request):
        """A cursor that is not one of ours is a bad request (400), not a missing page."""
        try:
            return super().decode_cursor(request)
        except NotFound:
            raise ValidationError(
                {"cursor": ["Not a cursor this API gave: follow the next or previous address."]}
            ) from None


class ByName(NewestFirst):
    ordering = "slug"
