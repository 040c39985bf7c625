from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def name_of(user):
    """A staff member as colleagues know them: their full name, else their username."""
    if user is None:
        return _("unknown")
    return user.get_full_name() or user.get_username()
