from django.apps import AppConfig


class PublishingConfig(AppConfig):
    """What readers take away from the claim data: feeds, embeds, exports, structured data."""

    name = "publishing"
