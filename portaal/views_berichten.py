"""The thread page seen from the notification centre: opening a thread also reads its meldingen, so the count in
the header never asks about a message already read. (``berichten`` sits below ``meldingen`` and cannot know
them; this floor combines both.)"""

from django.urls import reverse

from berichten import views as berichten_views
from meldingen.services import meldingen_gelezen_voor


def wisseling(request, pk):
    if request.method == "GET" and request.user.is_authenticated and not request.GET.get("voor") \
            and not request.GET.get("na"):
        # Only this person's own unread meldingen that point here: nothing to learn for someone without access,
        # who gets the 404 of the page itself.
        meldingen_gelezen_voor(door=request.user, url=reverse("wisseling", args=[pk]))
    return berichten_views.wisseling(request, pk)


wisseling.toegestane_rollen = berichten_views.wisseling.toegestane_rollen
