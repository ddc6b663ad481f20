"""Mail about afspraken: an invitation, a change, a cancellation and the reminder 24 hours before, each with
an .ics (same UID, SEQUENCE counting up) so the afspraak moves in the participant's own calendar too."""

from django.urls import reverse
from django.utils import timezone

from accounts.emails import queue_email
from agenda.ics import uitnodiging_ics


def adres_en_naam(deelnemer):
    if deelnemer.gebruiker_id:
        return deelnemer.gebruiker.email, deelnemer.gebruiker.get_full_name()
    kandidaat = deelnemer.kandidaat
    email = kandidaat.account.email if kandidaat.account_id else kandidaat.email
    return email, f"{kandidaat.voornaam} {kandidaat.achternaam}"


def _aan_iedereen(afspraak, deelnemers, *, onderwerp, soort, behalve=None, extra=None, geannuleerd=None):
    # Attendees in the .ics are staff and werkgevers only: a kandidaat's address is not handed to a werkgever.
    staf = [adres_en_naam(d) for d in deelnemers if d.gebruiker_id]
    bijlage = [("afspraak.ics", uitnodiging_ics(afspraak, deelnemers=staf, geannuleerd=geannuleerd), "text/calendar")]
    context = {"afspraak": afspraak, "start": timezone.localtime(afspraak.start),
               "eind": timezone.localtime(afspraak.eind), "soort": soort,
               "link": reverse("afspraak_detail", args=[afspraak.pk])}
    for deelnemer in deelnemers:
        if behalve is not None and deelnemer.gebruiker_id == behalve.pk:
            continue
        email, naam = adres_en_naam(deelnemer)
        if not email:
            continue
        # je: the werkzoekende's own B1 lines; u: a werkgever. Staff get the plain lines, in "je".
        je = deelnemer.kandidaat_id is not None
        u = not je and not deelnemer.gebruiker.leest_je
        queue_email(to=[email], subject=onderwerp, template="emails/agenda/afspraak",
                    context={**context, **(extra or {}), "naam": naam, "je": je, "u": u}, attachments=bijlage)


def uitnodiging(afspraak, deelnemers, *, door):
    _aan_iedereen(afspraak, deelnemers, onderwerp=f"Afspraak: {afspraak.titel}", soort="nieuw", behalve=door)


def gewijzigd(afspraak, deelnemers):
    _aan_iedereen(afspraak, deelnemers, onderwerp=f"Gewijzigd: {afspraak.titel}", soort="gewijzigd")


def geannuleerd(afspraak, deelnemers):
    _aan_iedereen(afspraak, deelnemers, onderwerp=f"Gaat niet door: {afspraak.titel}", soort="geannuleerd")


def niet_meer_voor_jou(afspraak, deelnemer):
    """The afspraak goes on without this participant (a werkgever handed over to another accountmanager): a CANCEL
    for his own calendar, where an invitation he accepted would otherwise stay."""
    _aan_iedereen(afspraak, [deelnemer], onderwerp=f"Gaat niet door voor jou: {afspraak.titel}",
                  soort="overgedragen", geannuleerd=True)


def afgemeld_dossier_gesloten(afspraak, deelnemer):
    """Her dossier closed: she is signed off an afspraak that goes on for others, with a CANCEL for her own
    calendar."""
    _aan_iedereen(afspraak, [deelnemer], onderwerp=f"Je bent afgemeld: {afspraak.titel}", soort="dossier_gesloten",
                  geannuleerd=True)


def herinnering(afspraak, deelnemer, *, voorbereiding=None):
    """The reminder the day before. For the werkzoekende of a sollicitatiegesprek it carries the preparation:
    the points not yet ticked off and the link to the page, so one mail reminds of both."""
    extra = None
    if voorbereiding is not None:
        extra = {"voorbereiding_link": reverse("mijn_voorbereiding", args=[afspraak.gesprek_id]),
                 "open_punten": [p.tekst for p in voorbereiding.punten.all() if p.afgevinkt_op is None],
                 "begeleider_gaat_mee": afspraak.gesprek.begeleider_gaat_mee}
    _aan_iedereen(afspraak, [deelnemer], onderwerp=f"Morgen: {afspraak.titel}", soort="herinnering", extra=extra)


def plek_vrij(afspraak, deelnemer):
    _aan_iedereen(afspraak, [deelnemer], onderwerp=f"Er is een plek voor je: {afspraak.titel}", soort="plek")


def gesprek_ter_informatie(afspraak, klantmanager, *, soort):
    """The klantmanager who does not go along to a sollicitatiegesprek sees it in the agenda and hears of a
    change or a cancellation, with the gesprek's own .ics (same UID and SEQUENCE as bemiddeling's mails). The
    first invitation stays bemiddeling's, which invites the klantmanager only as begeleider. A change carries no
    .ics: its REQUEST would put the gesprek in her own calendar as one to attend (after the CANCEL she got when the
    werkzoekende chose to go alone); a cancellation carries the CANCEL."""
    titel = afspraak.titel[0].lower() + afspraak.titel[1:]
    onderwerp = {"gewijzigd": f"Gewijzigd: {titel} (ter informatie)",
                 "geannuleerd": f"Gaat niet door: {titel} (ter informatie)"}[soort]
    queue_email(to=[klantmanager.email], subject=onderwerp, template="emails/agenda/afspraak",
                context={"afspraak": afspraak, "start": timezone.localtime(afspraak.start),
                         "eind": timezone.localtime(afspraak.eind), "soort": soort, "je": False, "u": False,
                         "naam": klantmanager.get_full_name(), "ter_informatie": True,
                         "link": reverse("afspraak_detail", args=[afspraak.pk])},
                attachments=[("afspraak.ics", uitnodiging_ics(afspraak, deelnemers=[]), "text/calendar")]
                if afspraak.geannuleerd else ())
