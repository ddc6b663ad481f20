"""``{% voordrachtrijen %}`` writes the rows of a vacature's voordrachten in Python: character for character what the
template ``werkgevers/_voordracht_rijen.html`` gives, for every status, with consent standing or withdrawn, with no,
one or several instruments, with names that need escaping and a time that is another day in Amsterdam than in UTC,
in both languages. And the vacature's page reads the rows it shows in a fixed number of queries, without loading
what the rows do not show."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.models.sql.compiler import SQLCompiler
from django.template import engines
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import override

from bemiddeling.models import Voordracht
from bemiddeling.selectors import instrumenten_erbij
from bemiddeling.tests.factories import VoordrachtFactory
from tests.pariteit import tag_en_sjabloon
from werkgevers.models import Instrument
from werkgevers.tests.factories import VacatureFactory
from werkzoekenden.models import Kandidaat, Toestemming

TAG = engines["django"].from_string("{% load voordrachtrijen %}{% voordrachtrijen voordrachten %}")


def _voordrachten():
    namen = [("Willem", "Bosman"), ("Anne-<Marie>", "van 't \"Veld\" & zn"), ("Zoë", "Çelik"), ("Pim", "de Vries")]
    instrumenten = [[], [Instrument(naam="Loonkostensubsidie")],
                    [Instrument(naam="Proefplaatsing"), Instrument(naam="No-riskpolis <UWV> & co")], []]
    rijen = []
    ingetrokken = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    for i, status in enumerate(Voordracht.Status):
        voornaam, achternaam = namen[i % len(namen)]
        gestopt = i % 3 == 1 or status == Voordracht.Status.ZONDER_TOESTEMMING
        vd = Voordracht(pk=200 + i, status=status,
                        # 4: the consent ended when the dossier closed ("dossier gesloten", not "ingetrokken")
                        kandidaat=Kandidaat(pk=100 + i, voornaam=voornaam, achternaam=achternaam),
                        toestemming=Toestemming(ingetrokken_op=ingetrokken if gestopt else None,
                                                bij_afsluiten=i == 4),
                        # 23:30 UTC on New Year's Eve is 1 January in Amsterdam
                        voorgedragen_op=datetime(2026, 12, 31, 23, 30, tzinfo=UTC) if i == 0
                        else datetime(2026, 1 + i, 3 + i, 10, 15, tzinfo=UTC))
        vd.instrumenten_lijst = instrumenten[i % len(instrumenten)]
        # Stopped because the klantmanager closed the dossier (its step names her): the list's annotation
        vd.dossier_gesloten = status == Voordracht.Status.ZONDER_TOESTEMMING
        rijen.append(vd)
    return rijen


@pytest.mark.parametrize("taal", ["nl", "en"])
@pytest.mark.parametrize("aantal", [0, 1, len(Voordracht.Status)])
def test_the_rows_are_the_templates_own(taal, aantal):
    verwacht, rijen = tag_en_sjabloon("werkgevers/_voordracht_rijen.html", "voordrachtrijen",
                                      {"voordrachten": _voordrachten()[:aantal]}, pad="/vacatures/1/", taal=taal)
    assert rijen == verwacht
    assert rijen.count('<tr class="utrecht-table__row" role="row">') == aantal


def test_every_kind_of_row_is_compared():
    """The rows above take every branch, so the comparison covers them all."""
    with override("nl"):
        html = TAG.render({"voordrachten": _voordrachten()})
    for stuk in ('<a class="utrecht-link" href="/voordrachten/200/">Willem Bosman</a></th>',
                 ("Anne-&lt;Marie&gt; van &#x27;t &quot;Veld&quot; &amp; zn</a> "
                  '<span class="wsp-status wsp-status--nee">toestemming ingetrokken</span>'),
                 ">1 jan 2027</td>", "Loonkostensubsidie</td>",
                 "Proefplaatsing, No-riskpolis &lt;UWV&gt; &amp; co</td>",
                 '<span class="wsp-status wsp-status--nee">dossier gesloten</span>', "Gestopt: dossier gesloten</span>",
                 'data-kolom="Instrumenten">-</td>', '<span class="wsp-status wsp-status--wacht">Voorgedragen',
                 '<span class="wsp-status wsp-status--goed">Aangenomen', '<span class="wsp-status ">Elders geplaatst'):
        assert stuk in html, stuk


@pytest.mark.django_db
@pytest.mark.parametrize("rol", ["werkgever_user", "accountmanager"])
def test_the_vacature_page_reads_a_page_of_voordrachten_in_fixed_queries(client, wereld, rol):
    vacature = VacatureFactory(werkgever=wereld.werkgever)
    instrument = Instrument.objects.first()

    def aantal_queries():
        with CaptureQueriesContext(connection) as queries:
            html = client.get(reverse("vacature_detail", args=[vacature.pk])).content.decode()
        return len(queries), html

    client.force_login(getattr(wereld, rol))
    VoordrachtFactory(vacature=vacature).instrumenten.add(instrument)
    aantal_queries()  # the first view of a session writes what later views do not
    weinig, html = aantal_queries()
    assert html.count('<tr class="utrecht-table__row" role="row">') == 2  # the header and one voordracht
    assert f"{instrument.naam}</td>" in html
    for _ in range(30):
        VoordrachtFactory(vacature=vacature).instrumenten.add(instrument)
    veel, html = aantal_queries()
    assert html.count('<tr class="utrecht-table__row" role="row">') == 26  # the header and a page of 25
    assert veel == weinig + 1  # a full first page is counted (klantreis.lib.paginering.pagineer)
    for _ in range(30):
        VoordrachtFactory(vacature=vacature).instrumenten.add(instrument)
    assert aantal_queries()[0] == veel


@pytest.mark.django_db
def test_the_instruments_of_a_page_are_the_managers_own_in_one_compiled_query(monkeypatch):
    """``instrumenten_erbij`` gives each voordracht what ``vd.instrumenten.all()`` gives (names in the order of the
    instrumentengids, none for a voordracht without), for the voordrachten it is given only, in one query and without
    compiling SQL again."""
    vacature = VacatureFactory()
    gids = list(Instrument.objects.order_by("?")[:3])
    voordrachten = [VoordrachtFactory(vacature=vacature) for _ in range(5)]
    for vd, aantal in zip(voordrachten, (0, 1, 3, 2, 3), strict=True):
        vd.instrumenten.add(*gids[:aantal])
    VoordrachtFactory(vacature=vacature).instrumenten.add(*gids)  # another voordracht: not asked for
    gelezen = list(Voordracht.objects.filter(pk__in=[vd.pk for vd in voordrachten]).order_by("pk"))
    instrumenten_erbij(gelezen)  # compiles its SQL once
    for vd in gelezen:
        del vd.instrumenten_lijst
    gecompileerd = []
    origineel = SQLCompiler.as_sql
    monkeypatch.setattr(SQLCompiler, "as_sql", lambda *a, **k: gecompileerd.append(1) or origineel(*a, **k))
    with CaptureQueriesContext(connection) as queries:
        instrumenten_erbij(gelezen)
    assert len(queries) == 1 and not gecompileerd
    monkeypatch.undo()
    assert [[i.naam for i in vd.instrumenten_lijst] for vd in gelezen] == [
        [i.naam for i in vd.instrumenten.all()] for vd in gelezen]
    assert [len(vd.instrumenten_lijst) for vd in gelezen] == [0, 1, 3, 2, 3]
