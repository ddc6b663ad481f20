from django.conf import settings
from django.urls import reverse
from django.utils import translation

from accounts.emails import queue_email


def nieuwe_contactpersoon(kandidaat, *, vorige, nieuw, caseload=False):
    """``caseload``: the beheerder moved the whole caseload of ``vorige`` (who may have left): the mail neither says
    she gave the dossier nor carries her name as its signature."""
    adres = kandidaat.account.email if kandidaat.account_id else kandidaat.email
    queue_email(to=[adres], subject="Je nieuwe contactpersoon", template="emails/werkzoekenden/nieuwe_contactpersoon",
                context={"k": kandidaat, "vorige": vorige, "nieuw": nieuw, "caseload": caseload})


def overdracht_ontvangen(kandidaat, *, van, naar, notitie, uitkering_gewijzigd):
    """The receiving klantmanager hears it at once, with the note (staff mail: it may name the dossier). The mail is
    Dutch and rendered later: the uitkering is named in Dutch, not in the language of who handed over."""
    with translation.override(settings.LANGUAGE_CODE):
        uitkering = str(kandidaat.get_uitkering_display())
    queue_email(to=[naar.email], subject=f"Dossier overgedragen: {kandidaat.voornaam} {kandidaat.achternaam}",
                template="emails/werkzoekenden/overdracht_ontvangen",
                context={"k": kandidaat, "van": van, "naar": naar, "notitie": notitie,
                         "uitkering_gewijzigd": uitkering_gewijzigd, "uitkering": uitkering,
                         "link": reverse("dossier", args=[kandidaat.pk])})


def _adres_van(kandidaat):
    return kandidaat.account.email if kandidaat.account_id else kandidaat.email


def rechtenverzoek_ontvangen(verzoek):
    """Confirmation without personal details: a mailbox is not the place for what the request is about."""
    adres = _adres_van(verzoek.kandidaat)
    if adres:
        queue_email(to=[adres], subject="We hebben je verzoek ontvangen",
                    template="emails/werkzoekenden/rechtenverzoek_ontvangen",
                    context={"uiterlijk": verzoek.uiterlijk,
                             "link": settings.SITE_URL + reverse("mijn_gegevens")})


def rechtenverzoek_beantwoord(verzoek):
    """Only that there is an answer; the answer itself is in the portal, behind the login."""
    adres = _adres_van(verzoek.kandidaat)
    if adres:
        queue_email(to=[adres], subject="Er is een antwoord op je verzoek",
                    template="emails/werkzoekenden/rechtenverzoek_beantwoord",
                    context={"link": settings.SITE_URL + reverse("mijn_gegevens")})
def toestemming_gevraagd(verzoek):
    """The werkzoekende hears there is a question; which werkgever and what is shared they read after logging
    in (a mail is easily forwarded or read over a shoulder)."""
    kandidaat = verzoek.kandidaat
    adres = kandidaat.account.email if kandidaat.account_id else kandidaat.email
    if adres:
        queue_email(to=[adres], subject="Er staat een vraag voor je klaar",
                    template="emails/werkzoekenden/toestemming_gevraagd",
                    context={"k": kandidaat, "link": reverse("werkzoekende_home"), "met_account": kandidaat.account_id})


def toestemming_beantwoord(verzoek):
    """The accountmanager hears the answer; the mail names no kandidaat (the portal does, after a yes)."""
    queue_email(to=[verzoek.gevraagd_door.email],
                subject=f"Antwoord op je vraag om toestemming ({verzoek.werkgever.naam})",
                template="emails/werkzoekenden/toestemming_beantwoord",
                context={"verzoek": verzoek, "ja": verzoek.status == "verleend",
                         "link": reverse("vacature_matches", args=[verzoek.vacature_id])})


def dossier_gesloten(kandidaat):
    """The dossier closed: what happens to her data and until when, and how to get a copy first. No reason and no
    name of a werkgever: only that it closed (a mailbox is not the place for more)."""
    adres = _adres_van(kandidaat)
    if not adres:
        return
    cv_tot, dossier_tot = kandidaat.bewaard_tot
    queue_email(to=[adres], subject="Je dossier bij ons is gesloten",
                template="emails/werkzoekenden/dossier_gesloten",
                context={"cv_tot": cv_tot, "dossier_tot": dossier_tot, "met_account": bool(kandidaat.account_id),
                         "link": settings.SITE_URL + reverse("mijn_gegevens")})


def caseload_ontvangen(*, naar, van, aantal, notitie):
    """A caseload handover: one mail per receiver for all her dossiers, not one per dossier (staff mail; it names
    no werkzoekende, the caseload does)."""
    queue_email(to=[naar.email], subject=f"Caseload van {van.get_full_name()}: {aantal} "
                f"{'dossier' if aantal == 1 else 'dossiers'} voor jou",
                template="emails/werkzoekenden/caseload_ontvangen",
                context={"naar": naar, "van": van, "aantal": aantal, "notitie": notitie,
                         "link": reverse("klantmanager_home")})
