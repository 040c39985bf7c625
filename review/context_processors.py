from django.utils.functional import SimpleLazyObject

from claims import review


def review_notices(request):
    """How many claims wait for the signed-in staff member (sent back to them, or theirs to
    review), for the site's "Review" link; counted only on a page that shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_staff:
        return {}
    return {"review_notices": SimpleLazyObject(lambda: review.waiting_for(user))}
