from django.conf import settings
from django.contrib.auth.views import redirect_to_login


class ReadRequiresLoginMiddleware:
    """With READ_REQUIRES_LOGIN on, every page but the admin's own asks visitors to log in.

    A view marked with Django's `login_not_required` stays open: the health check (a load
    balancer never logs in) and the language switch (so the login page can be read in either
    language). The admin already guards itself and serves the login page; static files come
    before this. The API answers for itself (401 with the way to send a token), since a client
    sending a token is not logged in until the API's own authentication has read it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if (
            settings.READ_REQUIRES_LOGIN
            and getattr(view_func, "login_required", True)
            and not request.user.is_authenticated
            and not request.path.startswith("/" + settings.ADMIN_URL)
            and not request.path.startswith("/api/")
        ):
            return redirect_to_login(request.get_full_path())
        return None
