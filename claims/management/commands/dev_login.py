import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

PASSWORD_FILE = settings.BASE_DIR / ".dev-admin-password"


class Command(BaseCommand):
    help = (
        "Development only: make sure an 'admin' superuser exists and print its login. The "
        "password is generated once and kept in .dev-admin-password (ignored by git)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, *args, url, **options):
        if not settings.DEBUG:
            raise CommandError("dev_login only runs with DEBUG on; use createsuperuser instead.")
        if PASSWORD_FILE.exists():
            password = PASSWORD_FILE.read_text().strip()
        else:
            password = secrets.token_urlsafe(12)
            PASSWORD_FILE.write_text(password + "\n")
        user, _ = get_user_model().objects.get_or_create(username="admin")
        user.is_staff = user.is_superuser = True
        if not user.check_password(password):
            user.set_password(password)
        user.save()
        self.stdout.write(
            f"\nThe claim tracker: {url}\nAdmin: {url}admin/  user: admin  password: {password}\n"
        )
