"""The sources the extraction matches speakers to: every name each goes by."""

from claims.models import Source

from .extraction import KnownSource


def known_sources():
    """Every source, with its name, slug and aliases. One query."""
    return [
        KnownSource(source.slug, (source.name, *source.alias_list))
        for source in Source.objects.only("slug", "name", "aliases")
    ]
