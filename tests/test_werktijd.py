"""Werkdagen and werkuren (klantreis.lib.werktijd): weekends and Dutch public holidays do not count."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from klantreis.lib.werktijd import (
    binnen_een_werkdag,
    eerste_werkdag_vanaf,
    is_werkdag,
    na_werkuren,
    uiterlijk_tekst,
    werkdagen_geleden,
)

AMS = ZoneInfo("Europe/Amsterdam")


def om(j, m, d, u, mi=0):
    return datetime(j, m, d, u, mi, tzinfo=AMS)


@pytest.mark.parametrize("binnen,deadline", [
    (om(2026, 3, 10, 10), om(2026, 3, 11, 10)),  # Tuesday morning: the same time the next day, as before
    (om(2026, 3, 6, 19), om(2026, 3, 9, 17)),  # Friday evening: the whole of Monday (8.5 werkuren)
    (om(2026, 3, 6, 16), om(2026, 3, 9, 16)),  # Friday 16:00: one hour on Friday, 7.5 on Monday
    (om(2026, 3, 7, 11), om(2026, 3, 9, 17)),  # Saturday
    (om(2025, 12, 24, 15), om(2025, 12, 29, 15)),  # Christmas and a weekend in between
    (om(2026, 4, 24, 12), om(2026, 4, 28, 12)),  # Friday before Koningsdag (Monday 27 April 2026)
    (om(2025, 12, 31, 18), om(2026, 1, 2, 17)),  # New Year's Eve after hours: 1 January does not count
])
def test_the_promise_is_one_werkdag_of_werkuren(binnen, deadline):
    assert binnen_een_werkdag(binnen) == deadline


def test_office_hours_come_from_the_settings(settings):
    settings.WERKTIJD_BEGIN, settings.WERKTIJD_EINDE = time(9, 0), time(12, 0)
    assert binnen_een_werkdag(om(2026, 3, 6, 19)) == om(2026, 3, 9, 12)
    assert na_werkuren(om(2026, 3, 9, 11), timedelta(hours=2)) == om(2026, 3, 10, 10)


def test_holidays_and_weekends_are_no_werkdagen():
    assert not is_werkdag(date(2026, 1, 1))
    assert not is_werkdag(date(2026, 4, 27))  # Koningsdag
    assert not is_werkdag(date(2025, 12, 25)) and not is_werkdag(date(2025, 12, 26))
    assert not is_werkdag(date(2026, 3, 7))
    assert is_werkdag(date(2026, 3, 9))
    assert eerste_werkdag_vanaf(date(2025, 12, 25)) == date(2025, 12, 29)
    assert eerste_werkdag_vanaf(date(2026, 3, 9)) == date(2026, 3, 9)


def test_werkdagen_geleden_skips_holidays():
    # From Tuesday 23 December 2025 to Tuesday 30 December: Wed 24, Mon 29, Tue 30 (Christmas and weekend skipped)
    assert werkdagen_geleden(om(2025, 12, 23, 10), om(2025, 12, 30, 10)) == 3


def test_the_promise_in_words():
    assert uiterlijk_tekst(om(2026, 3, 9, 12), nu=om(2026, 3, 6, 19)) == "uiterlijk maandag 12:00"
    assert uiterlijk_tekst(om(2026, 3, 30, 9), nu=om(2026, 3, 6, 19)) == "uiterlijk maandag 30 maart 09:00"
