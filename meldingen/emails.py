"""Mail about meldingen says only that there is something in the portal, with a link: never who, never what
(a mailbox is read by others, forwarded, kept for years)."""

import hashlib

from django.urls import reverse

from accounts.models import Rol
from outbox.services import mails_klaarzetten, mails_maken


def _sleutel(tekst):
    return hashlib.sha1(tekst.encode()).hexdigest()


def melding_mails(meldingen_met_ontvanger):
    """One mail per (melding, ontvanger) pair, written in the caller's transaction, once per melding."""
    mails = []
    for melding, ontvanger in meldingen_met_ontvanger:
        u = ontvanger.rol == Rol.WERKGEVER
        bericht = melding.soort == "bericht"
        if bericht:
            onderwerp = "U hebt een nieuw bericht in het portaal" if u else "Je hebt een nieuw bericht in het portaal"
        else:
            onderwerp = "U hebt een nieuwe melding in het portaal" if u else "Je hebt een nieuwe melding in het portaal"
        mails += mails_maken(aan=[ontvanger.email], onderwerp=onderwerp, template="emails/meldingen/melding",
                             context={"u": u, "bericht": bericht, "link": melding.url or reverse("meldingen"),
                                      "voorkeur": reverse("melding_voorkeur")},
                             sleutel=f"melding:{_sleutel(melding.sleutel)}")
    if mails:
        mails_klaarzetten(mails)


def samenvatting_mail(ontvanger, *, aantal, datum):
    u = ontvanger.rol == Rol.WERKGEVER
    onderwerp = "Uw meldingen van vandaag" if u else "Je meldingen van vandaag"
    mails_klaarzetten(mails_maken(
        aan=[ontvanger.email], onderwerp=onderwerp, template="emails/meldingen/samenvatting",
        context={"u": u, "aantal": aantal, "link": reverse("meldingen"), "voorkeur": reverse("melding_voorkeur")},
        sleutel=f"samenvatting:{ontvanger.pk}:{datum.isoformat()}"))
