"""iCalendar (RFC 5545) for the agenda: one VEVENT per afspraak, used both in the mailed invitations (METHOD
REQUEST / CANCEL, with attendees) and in the subscribed feed (no METHOD, no attendees, minimal text). Same
shape as ``bemiddeling.emails.gesprek_ics``: a fixed UID, SEQUENCE counting the changes, a VTIMEZONE."""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from klantreis.lib import datums
from klantreis.lib.lui import LuiModule

# Imported at the first invitation or feed, not at every process start (some 50 ms).
icalendar = LuiModule("icalendar")
PRODID = "-//Werkgeversservicepunt//Klantreis-portaal//NL"


def kalender(*, method=None, naam=None):
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    if method:
        cal.add("method", method)
    if naam:
        cal.add("x-wr-calname", naam)
    return cal


def afspraak_event(afspraak, *, samenvatting, deelnemers=(), nu=None, geannuleerd=None, vrij=False):
    """``samenvatting`` is chosen by the caller: in a feed it names no kandidaat (see ``selectors``).
    ``geannuleerd=True``: cancelled for the one who receives it, while it goes on for the others. ``vrij``: shown,
    but the time stays free (TRANSP), for one who need not come."""
    if geannuleerd is None:
        geannuleerd = afspraak.geannuleerd
    event = icalendar.Event()
    event.add("uid", afspraak.ics_uid)
    event.add("sequence", afspraak.volgnummer)
    event.add("dtstamp", nu or timezone.now())
    event.add("dtstart", datums.voor_ics(afspraak.start))
    event.add("dtend", datums.voor_ics(afspraak.eind))
    event.add("summary", samenvatting)
    event.add("status", "CANCELLED" if geannuleerd else "CONFIRMED")
    if vrij:
        event.add("transp", "TRANSPARENT")
    plaats = afspraak.plaats or afspraak.videolink
    if plaats:
        event["location"] = icalendar.vText(plaats)
    event.add("url", settings.SITE_URL + reverse("afspraak_detail", args=[afspraak.pk]))
    for email, naam in deelnemers:
        adres = icalendar.vCalAddress(f"mailto:{email}")
        adres.params["cn"] = icalendar.vText(naam)
        adres.params["role"] = icalendar.vText("REQ-PARTICIPANT")
        event.add("attendee", adres, encode=0)
    return event


def dag_event(*, uid, dag, samenvatting, url, nu=None):
    """A whole-day item (the plan's evaluation date, a nazorg moment): no time, no place."""
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", nu or timezone.now())
    event.add("dtstart", dag)
    event.add("dtend", dag + timedelta(days=1))
    event.add("summary", samenvatting)
    event.add("transp", "TRANSPARENT")
    event.add("url", settings.SITE_URL + url)
    return event


def uitnodiging_ics(afspraak, *, deelnemers, geannuleerd=None):
    geannuleerd = afspraak.geannuleerd if geannuleerd is None else geannuleerd
    cal = kalender(method="CANCEL" if geannuleerd else "REQUEST")
    event = afspraak_event(afspraak, samenvatting=afspraak.titel, deelnemers=deelnemers, geannuleerd=geannuleerd)
    organisator = afspraak.georganiseerd_door
    organizer = icalendar.vCalAddress(f"mailto:{organisator.email}")
    organizer.params["cn"] = icalendar.vText(organisator.get_full_name())
    event["organizer"] = organizer
    cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical().decode()
