from django.db import models
from django.utils.translation import gettext_lazy as _


class SavedEntry(models.Model):
    """One save at the desk, by the one-time token its form carried: the same form sent again
    (the back button, a double click) finds it and enters nothing twice. Written in the
    transaction of the save, so a save that fails leaves no token behind."""

    token = models.UUIDField(unique=True, verbose_name=_("token"))
    # Empty only while the save that stores a pasted article with its claims is running.
    article = models.ForeignKey(
        "claims.Article",
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
        verbose_name=_("article"),
    )
    claims = models.ManyToManyField("claims.Claim", related_name="+", verbose_name=_("claims"))
    saved_at = models.DateTimeField(auto_now_add=True, verbose_name=_("saved at"))

    class Meta:
        verbose_name = _("save at the desk")
        verbose_name_plural = _("saves at the desk")

    def __str__(self):
        return f"{self.article} · {self.saved_at:%Y-%m-%d %H:%M}"
