from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse


class ReadRequiresLoginMiddleware:
    """With READ_REQUIRES_LOGIN on, every page but the admin's own asks visitors to log in.

    The language switch stays open, so the login page can be read in either language, and so
    does /healthz, which load balancers poll without logging in. The admin already guards
    itself and serves the login page; static files come before this.
    The API answers for itself (401 with the way to send a token), since a client sending a
    token is not logged in until the API's own authentication has read it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.READ_REQUIRES_LOGIN
            and not request.user.is_authenticated
            and not request.path.startswith("/" + settings.ADMIN_URL)
            and not request.path.startswith("/api/")
            and not request.path.startswith("/language/")  # so the login page can be read
            and request.path != reverse("claims:health")
        ):
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)
