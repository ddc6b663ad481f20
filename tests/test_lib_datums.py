"""``klantreis.lib.datums.in_sjabloon``: what ``{{ waarde|date:formaat }}`` writes, for the rows written in Python,
with the text of a day-only format kept per day, format and language."""

import datetime
import pathlib
import re
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from klantreis.lib import datums

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")

WAARDEN = [
    None,
    "",
    datetime.date(2026, 3, 1),
    datetime.date(2026, 12, 31),
    datetime.datetime(2026, 5, 17, 10, 30),  # naive
    datetime.datetime(2026, 10, 25, 23, 30, tzinfo=datetime.UTC),  # the next day in Amsterdam
    datetime.datetime(2026, 1, 1, 0, 15, tzinfo=AMSTERDAM),
    datetime.datetime(2026, 6, 30, 22, 45, tzinfo=TOKYO),
]
FORMATEN = [*sorted(datums.ALLEEN_DAG), "j M Y H:i", "l j F Y", "c"]


def _uitkomst(schrijven, *args):
    """The text, or the error (Django's filter refuses a time in the format of a date)."""
    try:
        return schrijven(*args)
    except TypeError as fout:
        return f"TypeError: {fout}"


def _in_sjabloon(waarde, formaat):
    return Template("{{ w|date:f }}").render(Context({"w": waarde, "f": formaat}))


@pytest.mark.parametrize("taal", ["nl", "en"])
@pytest.mark.parametrize("zone", ["Europe/Amsterdam", "America/New_York"])
def test_the_same_text_as_the_date_filter_in_a_template(taal, zone):
    datums._dag_geschreven.cache_clear()
    with translation.override(taal), timezone.override(zone):
        for _ in range(2):  # the second time from what was kept
            for waarde in WAARDEN:
                for formaat in FORMATEN:
                    assert (_uitkomst(datums.in_sjabloon, waarde, formaat, taal)
                            == _uitkomst(_in_sjabloon, waarde, formaat)), (waarde, formaat)


def test_a_day_only_format_is_written_once_per_day_format_and_language(monkeypatch):
    geschreven = []
    echte = datums.django_datumfilter
    datums._dag_geschreven.cache_clear()
    monkeypatch.setattr(datums, "django_datumfilter", lambda w, f: geschreven.append((w, f)) or echte(w, f))
    ochtend = datetime.datetime(2026, 5, 17, 8, 0, tzinfo=AMSTERDAM)
    with timezone.override("Europe/Amsterdam"):
        for taal in ("nl", "en", "nl"):
            with translation.override(taal):
                for uur in range(12):
                    datums.in_sjabloon(ochtend + datetime.timedelta(hours=uur), "j M Y", taal)
        assert geschreven == [(datetime.date(2026, 5, 17), "j M Y")] * 2
        with translation.override("en"):
            assert datums.in_sjabloon(ochtend, "j F", "en") == "17 May"
            assert datums.in_sjabloon(ochtend, "j M Y H:i", "en") == "17 May 2026 08:00"
    assert len(geschreven) == 4  # a time in the format: Django's filter each time


def test_a_short_format_gets_the_year_only_when_the_date_is_not_in_this_year():
    dit_jaar = timezone.localdate().year
    with translation.override("nl"), timezone.override("Europe/Amsterdam"):
        assert datums.kort(datetime.date(dit_jaar, 12, 10)) == "10 december"
        assert datums.kort(datetime.date(dit_jaar + 1, 12, 10)) == f"10 december {dit_jaar + 1}"
        moment = datetime.datetime(dit_jaar + 1, 12, 31, 2, 0, tzinfo=datetime.UTC)  # 03:00 in Amsterdam
        assert datums.kort(moment, "l j F H:i").endswith(f"31 december {dit_jaar + 1} 03:00")
        assert datums.kort(moment, "D j M, H:i").lower().endswith(f"31 dec {dit_jaar + 1}, 03:00")
        assert datums.kort(None) == ""
        html = Template('{% load wsp %}{{ d|kort:"j F" }}').render(Context({"d": datetime.date(2999, 12, 31)}))
        assert html == "31 december 2999"


def test_no_page_writes_a_month_with_a_capital():
    """Django's "M" gives "Dec" in Dutch too; Dutch writes "9 dec" ("b"). Every date format in a template
    (``|date:``, ``|kort:``) and in the monitor's charts uses "b"."""
    root = pathlib.Path(__file__).resolve().parent.parent
    formaat = re.compile(r'(?:date|kort):"([^"]*)"')
    fout = [f"{p.relative_to(root)}: {f}" for p in (root / "templates").rglob("*.html")
            for f in formaat.findall(p.read_text()) if re.search(r"(?<!\\)\bM\b", f)]
    fout += [f"monitor/grafieken.py: {f}" for f in re.findall(r'datum_format\([^,]+, "([^"]*)"\)',
                                                               (root / "monitor/grafieken.py").read_text())
             if re.search(r"\bM\b", f)]
    assert fout == []


@pytest.mark.parametrize("klok, gat", [
    (datetime.time(2, 0), (datetime.time(2, 0), datetime.time(3, 0))),
    (datetime.time(2, 30), (datetime.time(2, 0), datetime.time(3, 0))),
    (datetime.time(2, 59), (datetime.time(2, 0), datetime.time(3, 0))),
    (datetime.time(1, 59), None),
    (datetime.time(3, 0), None),
])
def test_het_gat_in_de_nacht_dat_de_klok_vooruit_gaat(klok, gat):
    """28 March 2027: 02:00-03:00 does not exist; the form names the clock times around it."""
    naief = datetime.datetime.combine(datetime.date(2027, 3, 28), klok)
    gevonden = datums.gat(naief, AMSTERDAM)
    assert (gevonden and (gevonden[0].time(), gevonden[1].time())) == gat
    assert datums.gat(datetime.datetime.combine(datetime.date(2027, 10, 31), klok), AMSTERDAM) is None  # twice


def test_een_korte_datum_met_tijd_zegt_welke_0230_het_is():
    """A melding writes "l j F H:i": for the second 02:30 of the night the clocks go back it says which."""
    tweede = datetime.datetime(2027, 10, 31, 2, 30, fold=1, tzinfo=AMSTERDAM)
    with timezone.override(AMSTERDAM), translation.override("nl"):
        assert datums.kort(tweede, "l j F H:i").endswith(" 02:30 (wintertijd)")
        assert datums.kort(tweede.replace(fold=0), "l j F H:i").endswith(" 02:30 (zomertijd)")
        assert datums.kort(tweede + datetime.timedelta(hours=1), "l j F H:i").endswith(" 03:30")
        assert "tijd" not in datums.kort(tweede, "j F")
