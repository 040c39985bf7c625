import math
import sys

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.db import DatabaseError, OperationalError
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import defaults

from claims.jobs import progress_of
from claims.models import Job


class ReadRequiresLoginMiddleware(LoginRequiredMiddleware):
    """Django's LoginRequiredMiddleware, at work only while READ_REQUIRES_LOGIN is on.

    A view marked with Django's `login_not_required` stays open: the health check (a load
    balancer never logs in), the language switch (so the login page can be read in either
    language), the admin's login page, and the API, which answers for itself (401 with the way
    to send a token), since a client sending a token is not logged in until the API's own
    authentication has read it. Static files come before this. The setting is read on each
    request rather than by leaving the middleware out, so that it can be switched without
    rebuilding the middleware chain (the tests switch it).
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.READ_REQUIRES_LOGIN:
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class DatabaseBusyMiddleware:
    """A write that cannot get SQLite's lock, held by the worker for the whole of a large import,
    is answered 503 with what is running and when to try again, instead of a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_database_busy(exception):
            return database_busy(request)
        return None


def server_error(request):
    """The 500 handler, for a busy database met outside a view (a session saved on the way out)."""
    if is_database_busy(sys.exception()):
        return database_busy(request)
    return defaults.server_error(request)


def is_database_busy(error):
    return isinstance(error, OperationalError) and "is locked" in str(error)


def database_busy(request):
    job = running_import()
    progress = progress_of(job) if job else None
    minutes = minutes_until_done(job, progress) if job else 1
    explanation = [
        _("A large import is being written to the database; what you sent was not saved.")
    ]
    if job:
        details = {"name": job.name, "since": timesince(job.started_at)}
        if progress is not None and job.total:
            details["done"] = number_format(progress, force_grouping=True)
            details["total"] = number_format(job.total, force_grouping=True)
            explanation.append(
                _(
                    "The worker started on “%(name)s” %(since)s ago and has got through "
                    "%(done)s of %(total)s claims."
                )
                % details
            )
        else:
            explanation.append(_("The worker started on “%(name)s” %(since)s ago.") % details)
    explanation.append(
        ngettext("Try again in a minute.", "Try again in about %(minutes)d minutes.", minutes)
        % {"minutes": minutes}
    )
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": " ".join(explanation)}, status=503)
    else:
        response = render(request, "503.html", {"explanation": explanation}, status=503)
    response["Retry-After"] = str(minutes * 60)
    return response


def running_import():
    """The check or import the worker is writing, if one can be read (SQLite lets readers in)."""
    try:
        return (
            Job.objects.filter(state=Job.State.RUNNING, kind__in=[Job.Kind.CHECK, Job.Kind.IMPORT])
            .exclude(started_at=None)
            .order_by("-started_at")
            .first()
        )
    except DatabaseError:
        return None


def minutes_until_done(job, progress):
    """At the pace it has kept so far; a minute when that cannot be told (or it is nearly done)."""
    elapsed = (timezone.now() - job.started_at).total_seconds()
    if not progress or not job.total or elapsed <= 0:
        return 1
    seconds_left = max(job.total - progress, 0) * elapsed / progress
    return min(max(math.ceil(seconds_left / 60), 1), 60)
