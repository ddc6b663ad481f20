from django.urls import reverse

from accounts.emails import queue_email


def nieuwe_contactpersoon(kandidaat, *, vorige, nieuw):
    adres = kandidaat.account.email if kandidaat.account_id else kandidaat.email
    queue_email(to=[adres], subject="Je nieuwe contactpersoon", template="emails/werkzoekenden/nieuwe_contactpersoon",
                context={"k": kandidaat, "vorige": vorige, "nieuw": nieuw})


def overdracht_ontvangen(kandidaat, *, van, naar, notitie, uitkering_gewijzigd):
    """The receiving klantmanager hears it at once, with the note (staff mail: it may name the dossier)."""
    queue_email(to=[naar.email], subject=f"Dossier overgedragen: {kandidaat.voornaam} {kandidaat.achternaam}",
                template="emails/werkzoekenden/overdracht_ontvangen",
                context={"k": kandidaat, "van": van, "naar": naar, "notitie": notitie,
                         "uitkering_gewijzigd": uitkering_gewijzigd, "uitkering": kandidaat.get_uitkering_display(),
                         "link": reverse("dossier", args=[kandidaat.pk])})
