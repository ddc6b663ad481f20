"""One way to write a date in everything a person reads from us: "3 december 2026", and with a time
"donderdag 3 december 2026 om 14:30". Mail subjects, mail texts and pages use these."""

import datetime
import functools

from django.conf import settings
from django.template.defaultfilters import date as django_datumfilter
from django.utils import timezone, translation
from django.utils.dateformat import format as django_format
from django.utils.timezone import template_localtime

DATUM = "j F Y"
DATUM_TIJD = r"l j F Y \o\m H:i"


def datum(waarde):
    return _schrijf(waarde, DATUM)


def datum_tijd(waarde):
    if timezone.is_aware(waarde):
        waarde = timezone.localtime(waarde)
    return _schrijf(waarde, DATUM_TIJD)


def _schrijf(waarde, formaat):
    if waarde in (None, ""):
        return ""
    return django_format(waarde, formaat)


def in_mail(functie, waarde):
    """For a subject written in Python: mail is Dutch, whatever language the person who caused it chose."""
    with translation.override(settings.LANGUAGE_CODE):
        return functie(waarde)


# The formats the rows written in Python use that read only the day, month and year of a value (no time, no zone).
ALLEEN_DAG = frozenset({"j M Y", "j M", "j F", "j F Y"})


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
