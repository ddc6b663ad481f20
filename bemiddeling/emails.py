"""E-mails about voordrachten and gesprekken. They name no kandidaat: the werkgever reads the cv in
the portal, where consent is checked and the view is logged."""

import uuid
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from accounts.emails import queue_email
from klantreis.lib import datums
from klantreis.lib.lui import LuiModule
from werkgevers.emails import werkgever_aanhef, werkgever_adressen, werkgever_contactadres
from werkgevers.models import Vacature

# Imported at the first invitation, not at every process start (some 50 ms).
icalendar = LuiModule("icalendar")


def voordrachten_van_vandaag(werkgever, voordrachten):
    """One mail per werkgever with the day's new voordrachten, per vacature; no kandidaat is named."""
    per_vacature = {}
    for voordracht in voordrachten:
        per_vacature.setdefault(voordracht.vacature_id, [voordracht.vacature, 0])[1] += 1
    aantal = len(voordrachten)
    onderwerp = ("Een nieuwe kandidaat voor u" if aantal == 1 else f"{aantal} nieuwe kandidaten voor u")
    vacatures = [{"titel": v.titel, "aantal": n, "link": reverse("vacature_detail", args=[v.pk])}
                 for v, n in per_vacature.values()]
    for adres, aanhef in werkgever_aanhef(werkgever):
        queue_email(
            to=[adres], subject=onderwerp, template="emails/bemiddeling/voordracht_nieuw",
            context={"werkgever": werkgever, "aantal": aantal, "am": voordrachten[0].voorgedragen_door,
                     "vacatures": vacatures, "link": reverse("werkgever_home"), "aanhef": aanhef},
        )


def voordracht_herinnering(voordracht):
    vacature = voordracht.vacature
    queue_email(
        to=[*werkgever_adressen(vacature.werkgever), voordracht.voorgedragen_door.email],
        subject=f"Wilt u nog reageren op de kandidaat voor {vacature.titel}?",
        template="emails/bemiddeling/voordracht_herinnering",
        context={"vacature": vacature, "am": voordracht.voorgedragen_door,
                 "voorgedragen_op": timezone.localtime(voordracht.voorgedragen_op),
                 "link": reverse("voordracht_detail", args=[voordracht.pk])},
    )


def _deelnemers(gesprek):
    """Who takes part, by name. Staff and the werkgever by e-mail address; the kandidaat by name only (a
    werkgever never sees a kandidaat's address), as a URN that is unique to this gesprek."""
    voordracht = gesprek.voordracht
    werkgever = voordracht.vacature.werkgever
    kandidaat = voordracht.kandidaat
    deelnemers = []

    def adres(uri, naam, rol="REQ-PARTICIPANT"):
        deelnemer = icalendar.vCalAddress(uri)
        deelnemer.params["cn"] = icalendar.vText(naam)
        deelnemer.params["role"] = icalendar.vText(rol)
        deelnemers.append(deelnemer)

    adres(f"mailto:{voordracht.voorgedragen_door.email}", voordracht.voorgedragen_door.get_full_name())
    if contact := werkgever_contactadres(werkgever):
        adres(f"mailto:{contact}", werkgever.contactpersoon_naam or werkgever.naam)
    adres(f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, gesprek.ics_uid)}", f"{kandidaat.voornaam} {kandidaat.achternaam}")
    if gesprek.begeleider_gaat_mee and kandidaat.klantmanager_id:
        adres(f"mailto:{kandidaat.klantmanager.email}", kandidaat.klantmanager.get_full_name(), "OPT-PARTICIPANT")
    return deelnemers


def _begeleider(gesprek):
    klantmanager = gesprek.voordracht.kandidaat.klantmanager
    deelnemer = icalendar.vCalAddress(f"mailto:{klantmanager.email}")
    deelnemer.params["cn"] = icalendar.vText(klantmanager.get_full_name())
    deelnemer.params["role"] = icalendar.vText("OPT-PARTICIPANT")
    return [deelnemer]


def gesprek_ics(gesprek, *, alleen_begeleider_af=False):
    """An iCalendar (RFC 5545) invitation; the UID stays, SEQUENCE counts the changes. ``alleen_begeleider_af``:
    the CANCEL for the begeleider who no longer goes along (RFC 5546: naming the one attendee it is for), while the
    gesprek goes on for the others."""
    voordracht = gesprek.voordracht
    geannuleerd = gesprek.geannuleerd_op is not None or alleen_begeleider_af
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Werkgeversservicepunt//Klantreis-portaal//NL")
    cal.add("version", "2.0")
    cal.add("method", "CANCEL" if geannuleerd else "REQUEST")
    event = icalendar.Event()
    event.add("uid", gesprek.ics_uid)
    event.add("sequence", gesprek.volgnummer)
    if geannuleerd:
        event.add("status", "CANCELLED")
    event.add("dtstamp", timezone.now())
    # The end reckoned in UTC: on the local clock 01:30 plus 90 minutes is 03:00, while the night the clocks go
    # back it is the second 02:30. A time the clocks show twice is written in UTC (``voor_ics``).
    event.add("dtstart", datums.voor_ics(gesprek.begint_op))
    event.add("dtend", datums.voor_ics(datums.in_utc(gesprek.begint_op) + timedelta(minutes=gesprek.duur_minuten)))
    event.add("summary", f"Sollicitatiegesprek {voordracht.vacature.titel} bij {voordracht.vacature.werkgever.naam}")
    event["location"] = icalendar.vText(gesprek.locatie)
    organizer = icalendar.vCalAddress(f"mailto:{voordracht.voorgedragen_door.email}")
    organizer.params["cn"] = icalendar.vText(voordracht.voorgedragen_door.get_full_name())
    event["organizer"] = organizer
    for deelnemer in _begeleider(gesprek) if alleen_begeleider_af else _deelnemers(gesprek):
        event.add("attendee", deelnemer, encode=0)
    cal.add_component(event)
    cal.add_missing_timezones()  # a VTIMEZONE for Europe/Amsterdam, as RFC 5545 requires with TZID
    return cal.to_ical().decode()


def gesprek_uitnodiging(gesprek, *, begeleider_ging_al_mee=False):
    """Everyone invited to the gesprek, or told it moved (``volgnummer`` above 0). The begeleider who went along
    already hears of the move like the others; one who goes along from now on is invited (``gesprek_begeleider``)."""
    voordracht = gesprek.voordracht
    context = {"gesprek": gesprek, "vacature": voordracht.vacature, "begint_op": timezone.localtime(gesprek.begint_op),
               "am": voordracht.voorgedragen_door, "gewijzigd": gesprek.volgnummer > 0}
    bijlage = [("uitnodiging.ics", gesprek_ics(gesprek), "text/calendar")]
    onderwerp = f"Sollicitatiegesprek {voordracht.vacature.titel}"
    if gesprek.volgnummer:
        onderwerp = f"Gewijzigd: {onderwerp}"
    # The werkgever reads "u", the accountmanager "je" (as staff do): the same mail in two forms.
    for adressen, je in ((werkgever_adressen(voordracht.vacature.werkgever), False),
                         ([voordracht.voorgedragen_door.email], True)):
        queue_email(to=adressen, subject=onderwerp, template="emails/bemiddeling/gesprek_werkgever",
                    context={**context, "link": reverse("voordracht_detail", args=[voordracht.pk]), "je": je},
                    attachments=bijlage)
    kandidaat = voordracht.kandidaat
    adres = kandidaat.account.email if kandidaat.account_id else kandidaat.email
    # The kandidaat's own contact is their klantmanager, not the werkgever's accountmanager. Going alone was the
    # werkgever's tick; with an account and a begeleider the kandidaat can ask for one on Mijn sollicitaties.
    vragen = reverse("mijn_voordrachten") if kandidaat.account_id and kandidaat.klantmanager_id else ""
    queue_email(to=[adres], subject=onderwerp, template="emails/bemiddeling/gesprek_kandidaat",
                context={**context, "kandidaat": kandidaat, "begeleider_vragen_link": vragen,
                         "contact": kandidaat.klantmanager or voordracht.voorgedragen_door},
                attachments=bijlage)
    if gesprek.begeleider_gaat_mee:
        gesprek_begeleider(gesprek, gewijzigd=bool(gesprek.volgnummer) and begeleider_ging_al_mee)


def gesprek_begeleider(gesprek, *, gewijzigd=False):
    """The klantmanager who goes along: asked to (the kandidaat chose it, now or when it was planned), or, when it
    moved while she went along already (``gewijzigd``), told of the new time under the subject everyone else gets."""
    voordracht = gesprek.voordracht
    kandidaat = voordracht.kandidaat
    if not kandidaat.klantmanager_id:
        return
    onderwerp = (f"Gewijzigd: Sollicitatiegesprek {voordracht.vacature.titel}" if gewijzigd
                 else f"Meegaan naar sollicitatiegesprek {voordracht.vacature.titel}")
    queue_email(to=[kandidaat.klantmanager.email], subject=onderwerp,
                template="emails/bemiddeling/gesprek_begeleider",
                context={"gesprek": gesprek, "vacature": voordracht.vacature, "kandidaat": kandidaat,
                         "begint_op": timezone.localtime(gesprek.begint_op), "am": voordracht.voorgedragen_door,
                         "gewijzigd": gewijzigd},
                attachments=[("uitnodiging.ics", gesprek_ics(gesprek), "text/calendar")])


def gesprek_begeleider_niet_mee(gesprek, *, verplaatst=False):
    """The begeleider who was asked to go along need not come any more (the kandidaat goes alone): a CANCEL for the
    gesprek's UID with its new SEQUENCE (``begeleider_kiezen`` raised it), so her own calendar drops the invitation
    she had, while the gesprek goes on for the others. ``verplaatst``: the accountmanager moved it at the same time,
    and this mail says so (the agenda sends her no second one about the move)."""
    voordracht = gesprek.voordracht
    kandidaat = voordracht.kandidaat
    if not kandidaat.klantmanager_id:
        return
    queue_email(to=[kandidaat.klantmanager.email],
                subject=f"Je hoeft niet mee: sollicitatiegesprek {voordracht.vacature.titel}",
                template="emails/bemiddeling/gesprek_begeleider",
                context={"gesprek": gesprek, "vacature": voordracht.vacature, "kandidaat": kandidaat,
                         "begint_op": timezone.localtime(gesprek.begint_op), "am": voordracht.voorgedragen_door,
                         "niet_mee": True, "gewijzigd": verplaatst},
                attachments=[("annulering.ics", gesprek_ics(gesprek, alleen_begeleider_af=True), "text/calendar")])


def voordracht_vervallen(voordracht, *, elders_geplaatst=False, ingetrokken=False):
    """Neutral: the werkgever is not told why consent ended (that is the kandidaat's business), nor where the
    kandidaat was hired when placed elsewhere; only that the kandidaat found work (and that the voordracht can
    still be read, as the consent stands)."""
    vacature = voordracht.vacature
    queue_email(to=werkgever_adressen(vacature.werkgever), subject=f"Voordracht voor {vacature.titel} vervallen",
                template="emails/bemiddeling/voordracht_vervallen",
                context={"vacature": vacature, "am": voordracht.opvolgende_accountmanager,
                         "elders_geplaatst": elders_geplaatst, "ingetrokken": ingetrokken,
                         "voorgedragen_op": timezone.localtime(voordracht.voorgedragen_op)})


def gesprek_geannuleerd(gesprek, *, aangenomen=None, vacature_status=None, door_werkgever=False, ingetrokken=False):
    """The gesprek does not take place: a CANCEL for every agenda it was in. Without ``aangenomen`` neutral, no
    reason (consent withdrawn is the kandidaat's business). Cancelled because the kandidaat was hired on the
    voordracht ``aangenomen``: a short reason, right after the "Gefeliciteerd" it would otherwise seem to contradict.
    Another werkgever only reads that the kandidaat went to work elsewhere (not where); the werkgever who hired
    reads that he did; the kandidaat and staff read where. Cancelled because the vacature was marked vervuld or
    closed (``vacature_status``; by the werkgever himself: ``door_werkgever``), or because the accountmanager
    withdrew the voordracht (``ingetrokken``): everyone reads that (the why of a withdrawal is for the kandidaat
    and the klantmanager, in their melding)."""
    voordracht = gesprek.voordracht
    bijlage = [("annulering.ics", gesprek_ics(gesprek), "text/calendar")]
    context = {"gesprek": gesprek, "vacature": voordracht.vacature, "begint_op": timezone.localtime(gesprek.begint_op),
               "am": voordracht.voorgedragen_door}
    onderwerp = f"Gaat niet door: sollicitatiegesprek {voordracht.vacature.titel}"
    kandidaat = voordracht.kandidaat
    redenen = {"werkgever": "", "staf": "", "kandidaat": ""}
    if aangenomen is not None:
        functie, elders = aangenomen.vacature.titel, aangenomen.vacature.werkgever
        redenen = {
            "werkgever": (f"u heeft {kandidaat.voornaam} aangenomen als {functie}"
                          if elders.pk == voordracht.vacature.werkgever_id
                          else "de kandidaat is elders aan het werk gegaan"),
            "staf": f"{kandidaat.voornaam} {kandidaat.achternaam} is aangenomen als {functie} bij {elders.naam}",
            "kandidaat": f"je bent aangenomen als {functie} bij {elders.naam}",
        }
    elif ingetrokken:
        redenen = {"werkgever": "de voordracht is ingetrokken", "staf": "de voordracht is ingetrokken",
                   "kandidaat": "je voordracht is ingetrokken"}
    elif vacature_status is not None:
        # "u heeft" only to a werkgever who closed it himself (``door_werkgever``); else what happened, not who.
        vervuld = vacature_status == Vacature.Status.VERVULD
        wat = "de vacature is vervuld" if vervuld else "de vacature is gesloten"
        redenen = {"werkgever": wat, "staf": wat, "kandidaat": wat}
        if door_werkgever:
            redenen["werkgever"] = ("u heeft de vacature als vervuld gemarkeerd" if vervuld
                                    else "u heeft de vacature gesloten")
            if not vervuld:
                redenen["staf"] = redenen["kandidaat"] = "de werkgever heeft de vacature gesloten"
    # The werkgever reads "u"; staff read "je", and the accountmanager is not told to ask herself.
    ontvangers = [(werkgever_adressen(voordracht.vacature.werkgever), {"je": False, "reden": redenen["werkgever"]}),
                  ([voordracht.voorgedragen_door.email], {"je": True, "am": None, "reden": redenen["staf"]})]
    if gesprek.begeleider_gaat_mee and kandidaat.klantmanager_id:
        ontvangers.append(([kandidaat.klantmanager.email], {"je": True, "reden": redenen["staf"]}))
    for adressen, extra in ontvangers:
        queue_email(to=adressen, subject=onderwerp, template="emails/bemiddeling/gesprek_geannuleerd",
                    context={**context, **extra}, attachments=bijlage)
    # The kandidaat reads "je", and their own contact is their klantmanager, not the werkgever's accountmanager.
    queue_email(to=[kandidaat.account.email if kandidaat.account_id else kandidaat.email], subject=onderwerp,
                template="emails/bemiddeling/gesprek_geannuleerd_kandidaat",
                context={**context, "kandidaat": kandidaat, "reden": redenen["kandidaat"],
                         "contact": kandidaat.klantmanager or voordracht.voorgedragen_door},
                attachments=bijlage)
