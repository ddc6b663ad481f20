"""The inzage (AVG art. 15) of a werkgever's contactpersoon: everything the portal holds about this person, as one
JSON-ready dict, for the download on "Mijn gegevens" (``views.werkgever_mijn_gegevens``). About the person, not the
company: the company's vacatures and plaatsingen are business data, which the company sees on its own pages.

Each part is one query, whatever the number of rows (messages, meldingen, log lines)."""

from django.db.models import Prefetch
from django.utils import timezone

from accounts.models import Sessie
from accounts.selectors import verwerkingen_over
from agenda.models import Deelnemer
from berichten.models import Bericht, Bijlage
from meldingen.models import Melding
from outbox.selectors import mails_aan
from privacy.export import VERSIE, _iso, _label, _naam
from werkgevers.models import Werkgever

# The keys of the JSON file, with what they hold (also shown on the page and at the top of the file).
SLEUTELS_WERKGEVER = {
    "over_dit_bestand": "Wanneer dit bestand is gemaakt en wat erin staat.",
    "account": "Uw naam, e-mailadres, telefoonnummer, uw bedrijf, sinds wanneer u een account hebt, wie u uitnodigde "
               "en wanneer u voor het laatst inlogde.",
    "contactpersoon_van_het_bedrijf": "Als u de contactpersoon van uw bedrijf bent: de naam, het telefoonnummer en "
                                      "het e-mailadres die we daarvoor bewaren.",
    "berichten": "Berichten die u in het portaal stuurde: het onderwerp, wanneer, de tekst en de namen van bijlagen.",
    "afspraken": "Afspraken in de agenda waar u bij bent: wat, wanneer, waar en of het doorgaat. Kon u niet, dan ook "
                 "waarom en wanneer u wel kon.",
    "meldingen": "Meldingen die u in het portaal kreeg: wat er stond, wanneer, en of u ze las.",
    "mails_aan_u": "Mails die het portaal u stuurde: wanneer en met welk onderwerp.",
    "ingelogd": "Waar u nu bent ingelogd: tot wanneer elke sessie geldig is.",
    "wie_bekeek_uw_gegevens": "Wie uw gegevens bekeek of veranderde (ook uw eigen downloads), wanneer en waarom.",
}


def werkgever_gegevens_van(gebruiker) -> dict:
    """Everything about ``gebruiker`` (a werkgever's account) for the download."""
    # A session row holds the person in its own column (``accounts.Sessie``); only those still valid.
    sessies = Sessie.objects.filter(gebruiker=gebruiker, expire_date__gt=timezone.now()).order_by("expire_date")
    berichten = (Bericht.objects.filter(afzender=gebruiker).select_related("wisseling")
                 .prefetch_related(Prefetch("bijlagen", Bijlage.objects.order_by("pk"))).order_by("verstuurd_op", "pk"))
    deelnames = Deelnemer.objects.filter(gebruiker=gebruiker).select_related("afspraak").order_by("afspraak__start")
    contactpersoon = (Werkgever.objects.filter(organisatie_id=gebruiker.organisatie_id,
                                               contactpersoon_email__iexact=gebruiker.email).order_by("naam")
                      if gebruiker.organisatie_id else Werkgever.objects.none())
    verwerkingen = verwerkingen_over(gebruiker).order_by("tijdstip", "pk")
    return {
        "over_dit_bestand": {"gemaakt_op": _iso(timezone.now()), "versie": VERSIE, "inhoud": SLEUTELS_WERKGEVER},
        "account": {
            "naam": gebruiker.get_full_name(), "email": gebruiker.email, "telefoon": gebruiker.telefoon,
            "rol": str(gebruiker.get_rol_display()),
            "bedrijf": gebruiker.organisatie.naam if gebruiker.organisatie_id else "",
            "account_sinds": _iso(gebruiker.date_joined), "laatst_ingelogd": _iso(gebruiker.last_login),
            "uitgenodigd_door": _naam(gebruiker.uitgenodigd_door), "uitgenodigd_op": _iso(gebruiker.uitgenodigd_op),
        },
        "contactpersoon_van_het_bedrijf": [{
            "bedrijf": w.naam, "naam": w.contactpersoon_naam, "telefoon": w.contactpersoon_telefoon,
            "email": w.contactpersoon_email,
        } for w in contactpersoon],
        "berichten": [{
            "onderwerp": b.wisseling.onderwerp, "verstuurd_op": _iso(b.verstuurd_op), "tekst": b.tekst,
            "bijlagen": [bijlage.bestandsnaam for bijlage in b.bijlagen.all()],
        } for b in berichten],
        "afspraken": [{
            "wat": d.afspraak.titel, "soort": _label(d.afspraak, "soort"), "begint_op": _iso(d.afspraak.start),
            "eindigt_op": _iso(d.afspraak.eind), "plaats": d.afspraak.plaats, "status": _label(d.afspraak, "status"),
            "u_doet_mee": _label(d, "status"), "waarom_u_niet_kunt": d.kan_niet_reden,
            "wanneer_u_wel_kunt": d.kan_niet_wanneer_wel, "niet_kunnen_doorgegeven_op": _iso(d.kan_niet_op),
        } for d in deelnames],
        "meldingen": [{
            "wat": m.tekst, "soort": _label(m, "soort"), "gekregen_op": _iso(m.aangemaakt_op),
            "gelezen_op": _iso(m.gelezen_op),
        } for m in Melding.objects.filter(ontvanger=gebruiker).order_by("aangemaakt_op", "pk")],
        "mails_aan_u": [{
            "aan": m.aan, "onderwerp": m.onderwerp, "gemaakt_op": _iso(m.aangemaakt_op),
            "verstuurd_op": _iso(m.verstuurd_op), "status": str(m.get_status_display()),
        } for m in mails_aan([gebruiker.email]).order_by("aangemaakt_op", "pk")],
        "ingelogd": [{"geldig_tot": _iso(s.expire_date)} for s in sessies],
        "wie_bekeek_uw_gegevens": [{
            "tijdstip": _iso(v.tijdstip), "wie": v.gebruiker_omschrijving, "rol": v.rol,
            "organisatie": v.organisatie, "wat": v.wat or str(v.get_actie_display()), "waarom": v.doel,
        } for v in verwerkingen],
    }
