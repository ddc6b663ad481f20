"""One way to write a date in everything a person reads from us: "3 december 2026", and with a time
"donderdag 3 december 2026 om 14:30". Mail subjects, mail texts and pages use these."""

from django.conf import settings
from django.utils import timezone, translation
from django.utils.dateformat import format as django_format

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
