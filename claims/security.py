"""Who is asking: the visitor's address, as far as our own proxies vouch for it."""

import ipaddress

from django.conf import settings


def client_address(request):
    """The visitor's IP address, for the login lockout.

    Without a proxy (TRUSTED_PROXY_HOPS = 0) it is the connection's address. Behind our own
    proxies each appends the address it saw to X-Forwarded-For, so the address the first of
    them saw stands that many places from the right. Whatever a client writes into the header
    itself stands further left and is never read: nobody can pass for someone else.
    """
    hops = settings.TRUSTED_PROXY_HOPS
    remote = request.META.get("REMOTE_ADDR")
    if not hops:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < hops:
        return remote  # not through our proxies
    candidate = forwarded[-hops]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
