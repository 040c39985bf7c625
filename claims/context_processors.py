from .languages import content_language, direction


def languages(request):
    """The language the data is written in, for the `lang` of its text on every page."""
    return {"content_language": content_language(), "content_direction": direction("")}
