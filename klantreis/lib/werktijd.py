"""Werkdagen and werkuren of the WSP: Monday to Friday, without Dutch public holidays, between
``settings.WERKTIJD_BEGIN`` and ``settings.WERKTIJD_EINDE`` (08:30-17:00 unless configured).

The public holidays come from the ``holidays`` package (Nieuwjaarsdag, Pasen, Koningsdag,
Bevrijdingsdag in lustrum years, Hemelvaart, Pinksteren, Kerst), without Goede Vrijdag. The package imports
every country it knows (0.16 s), so it is imported at the first question about a day, not when a process starts
(``klantreis.lib.lui``).

The 24-hour promise to a werkgever is "binnen één werkdag": the deadline lies one working day of werkuren
(8.5 with the default hours) after the verzoek, counting only werkuren. A verzoek on Tuesday 10:00 is
called by Wednesday 10:00, as before; one on Friday 19:00 (after hours) by Monday 17:00, the end of the
first whole werkdag; one on Wednesday 24 December 2025 at 15:00 by Monday 29 December 15:00.
"""

import functools
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from klantreis.lib import datums
from klantreis.lib.lui import LuiModule

holidays = LuiModule("holidays")
# Goede Vrijdag is in the package's list but no day off for gemeenten and UWV (nor in the Algemene termijnenwet).
_GEEN_VRIJE_DAG = {"Good Friday"}


@functools.cache
def _feestdagen():
    return holidays.country_holidays("NL", language="en_US")


def is_feestdag(dag: date) -> bool:
    return any(naam not in _GEEN_VRIJE_DAG for naam in _feestdagen().get_list(dag))


def is_werkdag(dag: date) -> bool:
    return dag.weekday() < 5 and not is_feestdag(dag)


def eerste_werkdag_vanaf(dag: date) -> date:
    """``dag`` itself when it is a werkdag, otherwise the next werkdag."""
    while not is_werkdag(dag):
        dag += timedelta(days=1)
    return dag


def volgende_werkdag(dag: date) -> date:
    return eerste_werkdag_vanaf(dag + timedelta(days=1))


def werkdagen_geleden(moment: datetime, nu: datetime) -> int:
    """Werkdagen after the (local) day of ``moment`` up to and including the day of ``nu``."""
    dag, einde, aantal = timezone.localtime(moment).date(), timezone.localtime(nu).date(), 0
    while dag < einde:
        dag += timedelta(days=1)
        if is_werkdag(dag):
            aantal += 1
    return aantal


def werkdag_duur() -> timedelta:
    """The werkuren in one werkdag (8.5 hours with 08:30-17:00)."""
    return _op(date(2000, 1, 3), settings.WERKTIJD_EINDE) - _op(date(2000, 1, 3), settings.WERKTIJD_BEGIN)


def _op(dag: date, tijd: time) -> datetime:
    return timezone.make_aware(datetime.combine(dag, tijd))


def na_werkuren(moment: datetime, duur: timedelta) -> datetime:
    """The moment ``duur`` of werkuren after ``moment``: time outside office hours, in weekends and on
    public holidays does not count. A moment outside office hours starts at the next opening."""
    lokaal = timezone.localtime(moment)
    dag, rest = lokaal.date(), duur
    begin = max(lokaal, _op(dag, settings.WERKTIJD_BEGIN))
    while True:
        einde = _op(dag, settings.WERKTIJD_EINDE)
        if is_werkdag(dag) and begin < einde:
            if rest <= einde - begin:
                return begin + rest
            rest -= einde - begin
        dag += timedelta(days=1)
        begin = _op(dag, settings.WERKTIJD_BEGIN)


def binnen_een_werkdag(moment: datetime) -> datetime:
    """The deadline of the promise "binnen één werkdag" for something that came in at ``moment``."""
    return na_werkuren(moment, werkdag_duur())


def uiterlijk_tekst(moment: datetime, *, nu: datetime | None = None) -> str:
    """The promise in words: "uiterlijk maandag 12:00"; more than six days ahead also the date."""
    lokaal = timezone.localtime(moment)
    vandaag = timezone.localtime(nu or timezone.now()).date()
    formaat = "l H:i" if (lokaal.date() - vandaag).days <= 6 else "l j F H:i"
    if lokaal.year != vandaag.year:
        formaat = datums.met_jaar("l j F H:i")
    return _("uiterlijk %(wanneer)s") % {"wanneer": formats.date_format(lokaal, formaat)}
