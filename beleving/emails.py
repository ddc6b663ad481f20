"""The mail with the one-time link. It says which step it is about and nothing more: no names, no details of
the dossier (a mailbox is read by others, forwarded, kept for years)."""

from django.urls import reverse
from django.utils import timezone

from outbox.services import mail_klaarzetten


def vraag_mail(vraag, *, adres, token):
    """The token is only in this mail (the question keeps its hash); the outbox forgets the context once sent."""
    u = vraag.voor_werkgever
    mail_klaarzetten(
        aan=[adres], onderwerp="Hoe ging dit? Eén vraag van het Werkgeversservicepunt" if u else "Hoe ging dit? Eén vraag",
        template="emails/beleving/vraag",
        context={"u": u, "vraag": vraag.vraag, "link": reverse("beleving_link", args=[token]),
                 "geldig_tot": timezone.localtime(vraag.verloopt_op)},
        sleutel=f"beleving:{vraag.pk}")
