from django.conf import settings
from rest_framework.permissions import SAFE_METHODS, BasePermission


class ReadLikeThePagesWriteAsStaff(BasePermission):
    """Reading is open, as the pages are, unless READ_REQUIRES_LOGIN asks for a login (or a
    token); writing needs a staff account, and then the same role as the admin's import
    (checked write by write when the import runs)."""

    message = "Log in, or send your API token: Authorization: Token <key>."

    def has_permission(self, request, view):
        user = request.user
        if request.method in SAFE_METHODS:
            return not settings.READ_REQUIRES_LOGIN or bool(user and user.is_authenticated)
        return bool(user and user.is_authenticated and user.is_active and user.is_staff)
