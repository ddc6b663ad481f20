"""One way to write a date in everything a person reads from us: "3 december 2026", and with a time
"donderdag 3 december 2026 om 14:30". Mail subjects, mail texts and pages use these."""

import datetime
import functools

from django.conf import settings
from django.template.defaultfilters import date as django_datumfilter
from django.utils import timezone, translation
from django.utils.dateformat import format as django_format
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _

DATUM = "j F Y"
DATUM_TIJD = r"l j F Y \o\m H:i"


def datum(waarde):
    return _schrijf(waarde, DATUM)


def datum_tijd(waarde):
    if timezone.is_aware(waarde):
        waarde = timezone.localtime(waarde)
        if dubbel_uur(waarde.replace(tzinfo=None)):
            return f"{_schrijf(waarde, DATUM_TIJD)} ({klok(waarde)})"
    return _schrijf(waarde, DATUM_TIJD)


def dubbel_uur(naief, tz=None) -> bool:
    """Whether the clock time ``naief`` (no zone) is there twice in ``tz`` (default: the current zone): in the night
    the clocks go back, 02:30 is first summer time and an hour later winter time."""
    tz = tz or timezone.get_current_timezone()
    return naief.replace(fold=0, tzinfo=tz).utcoffset() > naief.replace(fold=1, tzinfo=tz).utcoffset()


ZOMERTIJD, WINTERTIJD = "zomertijd", "wintertijd"


def bestaat_niet(naief, tz=None) -> bool:
    """Whether the clock time ``naief`` (no zone) is skipped in ``tz`` (default: the current zone): in the night the
    clocks go forward, 02:30 never happens (a zone-aware 02:30 is silently read as 03:30)."""
    tz = tz or timezone.get_current_timezone()
    return naief.replace(fold=0, tzinfo=tz).utcoffset() < naief.replace(fold=1, tzinfo=tz).utcoffset()


def gat(naief, tz=None):
    """For a clock time that does not exist (``bestaat_niet``): the clock times the clocks jump from and to,
    (02:00, 03:00) in the night the clocks go forward; else None."""
    tz = tz or timezone.get_current_timezone()
    if not bestaat_niet(naief, tz):
        return None
    minuut = datetime.timedelta(minutes=1)
    van = naief.replace(second=0, microsecond=0, fold=0)
    while bestaat_niet(van - minuut, tz):
        van -= minuut
    sprong = naief.replace(fold=1, tzinfo=tz).utcoffset() - naief.replace(fold=0, tzinfo=tz).utcoffset()
    return van, van + sprong


def nacht_voor(dag) -> str:
    """The evening before ``dag`` as a sentence about a night names it: "zaterdag 28" (with its month when that
    differs: "dinsdag 31 maart"), for "in de nacht van zaterdag 28 op zondag 29 maart"."""
    gisteren = dag - datetime.timedelta(days=1)
    return _schrijf(gisteren, "l j" if gisteren.month == dag.month else "l j F")


def dag_van_de_nacht(dag) -> str:
    """``dag`` after ``nacht_voor``: "zondag 29 maart"."""
    return _schrijf(dag, "l j F")


def welke_keer(lokaal) -> str:
    """For a local time of the hour that is there twice, which of the two it is (``fold``): ``ZOMERTIJD`` (the first)
    or ``WINTERTIJD`` (the second); else empty. What a form's "Welke keer?" starts from."""
    if not dubbel_uur(lokaal.replace(tzinfo=None)):
        return ""
    return WINTERTIJD if lokaal.fold else ZOMERTIJD


def moment(dag, tijd, keer=""):
    """The aware moment of a date and a clock time as typed; a time of the hour that is there twice as ``keer`` says
    (``WINTERTIJD``: the second, else the first)."""
    naief = datetime.datetime.combine(dag, tijd)
    if keer == WINTERTIJD and dubbel_uur(naief):
        naief = naief.replace(fold=1)
    return timezone.make_aware(naief)


def in_utc(waarde):
    """A moment as it is stored, in UTC. Reckoning with a local one goes by the clock (24 hours before, the end
    after a duration), which is an hour off across the night the clocks change; and a local time of the hour that
    is there twice compares unequal to any other zone's (PEP 495)."""
    return waarde.astimezone(datetime.UTC) if waarde is not None else None


def voor_ics(waarde):
    """A moment for an iCalendar DTSTART/DTEND: local with its zone (TZID), as a calendar shows it; a time of the
    hour that is there twice in UTC, because a local 02:30 with TZID is the first one (RFC 5545 3.3.5), and the
    second would move an hour."""
    lokaal = timezone.localtime(waarde)
    return waarde.astimezone(datetime.UTC) if dubbel_uur(lokaal.replace(tzinfo=None)) else lokaal


def klok(waarde) -> str:
    """For a time of the hour that is there twice: "zomertijd" (the first time) or "wintertijd" (the second), so
    whoever reads 02:30 knows which; else empty. ``{{ afspraak.start|klok }}`` (accounts.templatetags.wsp)."""
    if not isinstance(waarde, datetime.datetime) or timezone.is_naive(waarde):
        return ""
    lokaal = timezone.localtime(waarde)
    if not dubbel_uur(lokaal.replace(tzinfo=None)):
        return ""
    return str(_("wintertijd") if lokaal.fold else _("zomertijd"))


def _schrijf(waarde, formaat):
    if waarde in (None, ""):
        return ""
    return django_format(waarde, formaat)


_MAANDEN = "FMNbE"  # the format characters that write a month (django.utils.dateformat)


def met_jaar(formaat):
    """``formaat`` with the year after its month: "l j F H:i" -> "l j F Y H:i", "D j M, H:i" -> "D j M Y, H:i"."""
    if "Y" in formaat or "y" in formaat:
        return formaat
    i = 0
    while i < len(formaat):
        if formaat[i] == "\\":
            i += 2
            continue
        if formaat[i] in _MAANDEN:
            return f"{formaat[:i + 1]} Y{formaat[i + 1:]}"
        i += 1
    return formaat


def formaat_voor(waarde, formaat, use_tz=None):
    """The short ``formaat`` ("j F", "l j F H:i": no year) for ``waarde``, with the year added when ``waarde`` is
    not in this year: "vrijdag 10 december 10:30" this year, "vrijdag 10 december 2027 10:30" next year. The year
    of the local day, as a template shows it."""
    if not isinstance(waarde, datetime.date):
        return formaat
    lokaal = template_localtime(waarde, use_tz)
    return formaat if lokaal.year == timezone.localdate().year else met_jaar(formaat)


def kort(waarde, formaat="j F"):
    """``waarde`` in the short ``formaat`` (a meldingen text, a mail, a page), with the year when it is not this
    year (``formaat_voor``). ``{{ waarde|kort:"l j F H:i" }}`` in a template (accounts.templatetags.wsp)."""
    if waarde in (None, ""):
        return ""
    geschreven = django_datumfilter(template_localtime(waarde), formaat_voor(waarde, formaat))
    # A time at the end of the hour that is there twice says which: "zondag 25 oktober 02:30 (wintertijd)".
    tijd = formaat.endswith("H:i") and klok(waarde)
    return f"{geschreven} ({tijd})" if tijd else geschreven


def in_mail(functie, waarde):
    """For a subject written in Python: mail is Dutch, whatever language the person who caused it chose."""
    with translation.override(settings.LANGUAGE_CODE):
        return functie(waarde)


# The formats the rows written in Python use that read only the day, month and year of a value (no time, no zone).
ALLEEN_DAG = frozenset({"j M Y", "j M", "j b", "j b Y", "j F", "j F Y"})


@functools.lru_cache(maxsize=20_000)
def _dag_geschreven(dag, formaat, _taal):
    return django_datumfilter(dag, formaat)


def in_sjabloon(waarde, formaat, taal_nu, use_tz=None):
    """What ``{{ waarde|date:formaat }}`` writes in a template (the value in local time first, as the filter gets
    it), for a tag that writes its rows in Python. For a format of ``ALLEEN_DAG`` the text depends only on the day and
    the language (``taal_nu``: the active one), so it is written once per day, format and language: Django's filter
    parses the format and translates the month name on every call, 11-15 µs, and the voordrachten and the caseload
    write a date on each of their 25 rows. Anything else is Django's filter itself."""
    waarde = template_localtime(waarde, use_tz)
    if formaat in ALLEEN_DAG and isinstance(waarde, datetime.date):
        return _dag_geschreven(waarde.date() if isinstance(waarde, datetime.datetime) else waarde, formaat, taal_nu)
    return django_datumfilter(waarde, formaat)
