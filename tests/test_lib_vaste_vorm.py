"""klantreis.lib.vaste_vorm: a shape compiled once gives, for other values, the rows the ORM itself would give."""

import re
from datetime import timedelta

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Exists, Model, OuterRef, Q
from django.db.models.signals import post_init
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from beroepen.tests.factories import BeroepFactory
from klantreis.lib import vaste_vorm
from outbox.models import Mail
from werkzoekenden.models import Kandidaat
from werkzoekenden.tests.factories import KandidaatFactory

pytestmark = pytest.mark.django_db


def _mail(nr, *, aangemaakt_op, status=Mail.Status.WACHT, onderwerp="Onderwerp"):
    return Mail.objects.create(message_id=f"{nr:032d}", aan=f"{nr}@voorbeeld.nl", onderwerp=onderwerp, template="t",
                               context={}, tekst="", aangemaakt_op=aangemaakt_op, volgende_poging_op=aangemaakt_op)


def _bouw(vanaf, onderwerp, pogingen):
    later = Mail.objects.filter(aangemaakt_op__gt=OuterRef("aangemaakt_op"))
    return (Mail.objects.filter(aangemaakt_op__gte=vanaf, pogingen__lte=pogingen)
            .annotate(n_later=Count("pk", filter=Q(onderwerp=onderwerp)), heeft_later=Exists(later))
            .order_by("aangemaakt_op").values("aan", "aangemaakt_op", "n_later", "heeft_later"))


def test_other_values_give_what_the_orm_gives():
    nu = timezone.now().replace(microsecond=0)
    for nr in range(5):
        _mail(nr, aangemaakt_op=nu - timedelta(hours=nr), onderwerp="A" if nr % 2 else "B")
    for vanaf, onderwerp in ((nu - timedelta(hours=10), "A"), (nu - timedelta(hours=2), "B"), (nu, "A"),
                             (nu + timedelta(hours=1), "B")):
        rijen = vaste_vorm.lees("test.mails", _bouw, vanaf=vanaf, onderwerp=onderwerp, pogingen=3)
        assert rijen == list(_bouw(vanaf, onderwerp, 3))
    # Converters ran: an aware datetime and a bool, on every backend.
    rij = vaste_vorm.lees("test.mails", _bouw, vanaf=nu - timedelta(hours=1), onderwerp="A", pogingen=0)[0]
    assert rij["aangemaakt_op"] == nu - timedelta(hours=1) and rij["heeft_later"] is True


def test_compiled_once_then_one_query_per_read():
    nu = timezone.now()
    vaste_vorm.lees("test.eenmaal", _bouw, vanaf=nu, onderwerp="A", pogingen=1)
    with CaptureQueriesContext(connection) as queries:
        vaste_vorm.lees("test.eenmaal", _bouw, vanaf=nu, onderwerp="B", pogingen=2)
    assert len(queries) == 1


def test_converters_are_worked_out_once_per_shape_and_connection(monkeypatch):
    """The fields and the backend are asked for their converters on the first read of a shape on a connection,
    not on every read; the rows are converted all the same."""
    nu = timezone.now().replace(microsecond=0)
    _mail(1, aangemaakt_op=nu)
    gevraagd = []
    origineel = type(connection.ops).get_db_converters

    def tellen(ops, expressie):
        gevraagd.append(expressie)
        return origineel(ops, expressie)

    monkeypatch.setattr(type(connection.ops), "get_db_converters", tellen)
    eerste = vaste_vorm.lees("test.omzetten", _bouw, vanaf=nu, onderwerp="A", pogingen=1)
    na_eerste = len(gevraagd)
    tweede = vaste_vorm.lees("test.omzetten", _bouw, vanaf=nu, onderwerp="B", pogingen=2)
    assert na_eerste == 4 and len(gevraagd) == na_eerste  # four columns, asked once
    assert eerste[0]["aangemaakt_op"] == tweede[0]["aangemaakt_op"] == nu
    assert tweede[0]["heeft_later"] is False and tweede == list(_bouw(nu, "B", 2))


def test_a_value_that_changes_the_sql_is_refused():
    def bouw(aan):  # a value in a LIMIT is written into the SQL itself, not passed as a parameter
        return Mail.objects.filter(pogingen__lte=2).values("aan")[:aan]

    with pytest.raises(ValueError):
        vaste_vorm.lees("test.limiet", bouw, aan=3)


def _lijst_bouw(ids, vanaf):
    return Mail.objects.filter(pk__in=ids, aangemaakt_op__gt=vanaf).order_by("pk").values_list("pk", "pogingen")


def test_rows_for_lists_of_any_length_are_those_of_the_orm():
    """``rijen``: lists padded to a few fixed lengths (one shape each) and a moment, on either backend; the rows are
    the driver's own tuples."""
    nu = timezone.now().replace(microsecond=0)
    mails = [_mail(nr, aangemaakt_op=nu - timedelta(minutes=nr)) for nr in range(40)]
    ids = [m.pk for m in mails]
    for deel, vanaf in ((ids[:1], nu - timedelta(hours=1)), (ids[:17], nu - timedelta(minutes=10)),
                        (ids[5:38], nu - timedelta(minutes=30)), (ids[3:4] * 3, nu + timedelta(minutes=1))):
        assert vaste_vorm.rijen("test.lijst", _lijst_bouw, ids=deel, vanaf=vanaf) == list(_lijst_bouw(deel, vanaf))
    with CaptureQueriesContext(connection) as queries:
        assert vaste_vorm.rijen("test.lijst", _lijst_bouw, ids=[], vanaf=nu) == []
    assert len(queries) == 0


def test_a_short_list_goes_as_it_is_and_a_long_one_is_padded_to_less_than_twice_its_length():
    """The planner reads the padded list, repeats included: a generic plan for five ids padded to sixteen expected
    sixteen rows and joined the dossier's vacatures to every werkgever with a hash join (a seq scan over all
    werkgevers, 1.17 against 0.39 ms of PostgreSQL CPU at national volume); a klantmanager's own id padded to four
    made the inbox expect four caseloads and walk every thread newest first. Lengths: 1-8 as they are, then 16, 32,
    ... so a long list at most twice."""
    nu = timezone.now().replace(microsecond=0)
    ids = [_mail(nr, aangemaakt_op=nu - timedelta(minutes=nr)).pk for nr in range(20)]
    for n, lengte in ((1, 1), (3, 3), (4, 4), (5, 5), (8, 8), (9, 16), (16, 16), (17, 32)):
        with CaptureQueriesContext(connection) as queries:
            vaste_vorm.rijen("test.opvullen", _lijst_bouw, ids=ids[:n], vanaf=nu - timedelta(hours=1))
        (sql,) = [q["sql"] for q in queries.captured_queries]
        lijst = re.search(r"IN \(([^)]*)\)", sql).group(1).split(", ")
        assert len(lijst) == lengte and set(lijst) == {str(pk) for pk in ids[:n]}, (n, lijst)


def _kandidaten(ids):
    from django.db.models import F

    from werkzoekenden.models import Kandidaat

    return (Kandidaat.objects.select_related("klantmanager__organisatie", "gemeente").filter(pk__in=ids)
            .annotate(dubbel=F("pk") * 2).order_by("pk"))


def _velden(obj):
    return {k: v for k, v in vars(obj).items() if k != "_state"}


def test_objects_are_those_the_orm_builds_with_their_select_related(wereld):
    """``objecten``: the same instances as iterating the queryset, related objects (one missing: a NULL foreign key)
    and annotations included, without a query when they are read."""
    from werkzoekenden.tests.factories import KandidaatFactory

    zonder = KandidaatFactory(klantmanager=None)
    ids = [wereld.kandidaat.pk, zonder.pk, wereld.kandidaat.pk + 10_000]
    verwacht = list(_kandidaten(ids))
    vaste_vorm.objecten("test.kandidaten", _kandidaten, ids=ids)  # compiled
    with CaptureQueriesContext(connection) as queries:
        gevonden = vaste_vorm.objecten("test.kandidaten", _kandidaten, ids=ids)
        assert [k.klantmanager.organisatie.naam if k.klantmanager else None for k in gevonden] == [
            k.klantmanager.organisatie.naam if k.klantmanager else None for k in verwacht]
        assert [k.gemeente for k in gevonden] == [k.gemeente for k in verwacht]
    assert len(queries) == 1
    assert [_velden(k) for k in gevonden] == [_velden(k) for k in verwacht]
    assert [_velden(k.klantmanager) for k in gevonden if k.klantmanager] == [
        _velden(k.klantmanager) for k in verwacht if k.klantmanager]
    assert gevonden[0].dubbel == 2 * gevonden[0].pk and not gevonden[0]._state.adding
    assert gevonden[0]._state.db == "default"


def test_objects_are_made_without_djangos_per_field_init_and_equal_the_orms(wereld, monkeypatch):
    """``Model.__init__`` sets every field with ``setattr`` and sends pre_init and post_init: a third of the CPU of
    building a kandidaat of 41 fields (6.8 -> 1.7 µs), and ~32 instances a request in the load run. ``objecten`` puts
    the values in the instance's dict itself, for the instance and its select_related ones alike, and they are what
    the ORM makes."""
    zonder = KandidaatFactory(klantmanager=None)
    ids = [wereld.kandidaat.pk, zonder.pk]
    verwacht = list(_kandidaten(ids))
    gebouwd = []
    django_init = Model.__init__

    def init(self, *args, **kwargs):
        gebouwd.append(type(self).__name__)
        django_init(self, *args, **kwargs)

    monkeypatch.setattr(Model, "__init__", init)
    gevonden = vaste_vorm.objecten("test.kandidaten", _kandidaten, ids=ids)
    assert gebouwd == []
    assert [_velden(k) for k in gevonden] == [_velden(k) for k in verwacht]
    for k, v in zip(gevonden, verwacht, strict=True):
        assert (k._state.adding, k._state.db) == (False, "default")
        assert type(k.klantmanager) is type(v.klantmanager) and type(k.gemeente) is type(v.gemeente)
        if v.klantmanager:
            assert _velden(k.klantmanager) == _velden(v.klantmanager)
            assert _velden(k.klantmanager.organisatie) == _velden(v.klantmanager.organisatie)
            assert (k.klantmanager._state.adding, k.klantmanager._state.db) == (False, "default")
        assert _velden(k.gemeente) == _velden(v.gemeente)
    # The instances behave as the ORM's: saved, they update their row, not insert a new one.
    gevonden[0].voornaam = "Willem-Jan"
    gevonden[0].save(update_fields=["voornaam"])
    assert Kandidaat.objects.get(pk=gevonden[0].pk).voornaam == "Willem-Jan"


def test_with_a_pre_or_post_init_receiver_django_makes_every_instance(wereld):
    """A receiver of pre_init or post_init (none in the portal today) sees every instance, related ones included."""
    gezien = []

    def ontvanger(sender, instance, **kwargs):
        gezien.append(sender.__name__)

    post_init.connect(ontvanger)
    try:
        gevonden = vaste_vorm.objecten("test.kandidaten", _kandidaten, ids=[wereld.kandidaat.pk])
    finally:
        post_init.disconnect(ontvanger)
    assert gevonden and sorted(gezien) == ["Gemeente", "Kandidaat", "Organisatie", "User"]


def test_a_field_with_a_descriptor_of_its_own_is_set_by_django(monkeypatch):
    """An ImageField's descriptor updates its width and height fields when set; any descriptor other than Django's
    plain ones (value into the instance's dict) makes ``objecten`` leave the instance to ``Model.__init__``."""

    class Eigen:
        def __get__(self, instance, owner=None):
            return self if instance is None else instance.__dict__["voornaam"]

        def __set__(self, instance, waarde):
            instance.__dict__["voornaam"] = waarde.upper()

    velden = [f.attname for f in Kandidaat._meta.concrete_fields]
    assert vaste_vorm._maker(Kandidaat, velden) is not None
    monkeypatch.setattr(Kandidaat, "voornaam", Eigen())
    monkeypatch.setattr(vaste_vorm, "_MAKERS", {})
    assert vaste_vorm._maker(Kandidaat, velden) is None


def test_object_of_404_finds_one_or_raises_without_a_query_for_what_no_key_holds(wereld):
    from django.http import Http404

    from werkzoekenden.models import Kandidaat

    def bouw(pk):
        return Kandidaat.objects.select_related("gemeente").filter(pk=pk).order_by()

    assert vaste_vorm.object_of_404("test.een", bouw, wereld.kandidaat.pk) == wereld.kandidaat
    assert vaste_vorm.object_of_404("test.een", bouw, str(wereld.kandidaat.pk)) == wereld.kandidaat
    with pytest.raises(Http404):
        vaste_vorm.object_of_404("test.een", bouw, wereld.kandidaat.pk + 10_000)
    with CaptureQueriesContext(connection) as queries:
        for pk in (2**63, 10**30, 0, -1, "abc", None):
            with pytest.raises(Http404):
                vaste_vorm.object_of_404("test.een", bouw, pk)
    assert len(queries) == 0


def test_objects_refuse_a_queryset_that_prefetches_or_gives_no_instances():
    def prefetch(aan):
        return Mail.objects.filter(aan=aan).prefetch_related("gebeurtenissen")

    def waarden(aan):
        return Mail.objects.filter(aan=aan).values("pk")

    with pytest.raises(TypeError):
        vaste_vorm.objecten("test.prefetch", prefetch, aan="a@voorbeeld.nl")
    with pytest.raises(TypeError):
        vaste_vorm.objecten("test.waarden", waarden, aan="a@voorbeeld.nl")


def _evaluaties(van, tot):
    return (Kandidaat.objects.filter(volgende_evaluatie__gte=van, volgende_evaluatie__lte=tot).order_by("pk")
            .values("pk", "volgende_evaluatie"))


def test_dates_give_what_the_orm_gives_on_either_backend():
    """A date is passed as Django passes it (a date on PostgreSQL, text on SQLite) and comes back as a date."""
    vandaag = timezone.localdate()
    for dagen in (-3, 0, 2, 10):
        k = KandidaatFactory()
        Kandidaat.objects.filter(pk=k.pk).update(volgende_evaluatie=vandaag + timedelta(days=dagen))
    gezien = set()
    for van, tot in ((vandaag - timedelta(days=5), vandaag), (vandaag, vandaag + timedelta(days=30)),
                     (vandaag + timedelta(days=1), vandaag + timedelta(days=2)),
                     (vandaag + timedelta(days=11), vandaag + timedelta(days=12))):
        rijen = vaste_vorm.lees("test.dagen", _evaluaties, van=van, tot=tot)
        assert rijen == list(_evaluaties(van, tot))
        gezien.add(len(rijen))
    assert gezien == {2, 3, 1, 0}
    assert all(type(r["volgende_evaluatie"]) is type(vandaag) for r in vaste_vorm.lees(
        "test.dagen", _evaluaties, van=vandaag, tot=vandaag + timedelta(days=30)))


def _kandidaten_van(klantmanager_id):
    return (Kandidaat.objects.select_related("gemeente").filter(klantmanager_id=klantmanager_id)
            .order_by("achternaam", "-pk"))


def _kolommen(obj):
    return {k: v for k, v in vars(obj).items() if not k.startswith("_")}


def test_a_list_pages_as_the_queryset_does_with_its_prefetch_for_the_page_only(wereld):
    """``Lijst`` in Django's Paginator: the same count and the same instances on every page as the queryset with
    ``prefetch_related``, a page out of range as the paginator gives it, and the prefetch read for one page's rows."""
    vaardigheden = list(BeroepFactory(met_vaardigheden=["VCA", "solderen"]).vaardigheden.all())
    for nr in range(11):
        k = KandidaatFactory(klantmanager=wereld.klantmanager, achternaam=f"Achternaam {nr % 4}")
        k.vaardigheden.set(vaardigheden[:nr % 3])
    orm = Paginator(_kandidaten_van(wereld.klantmanager.pk).prefetch_related("vaardigheden"), 4)
    lijst = Paginator(vaste_vorm.Lijst("test.lijst_kandidaten", _kandidaten_van, prefetch=("vaardigheden",),
                                       klantmanager_id=wereld.klantmanager.pk), 4)
    assert lijst.count == orm.count >= 12 and lijst.num_pages == orm.num_pages
    for nummer in (1, 2, orm.num_pages, "99", "geen"):
        verwacht, pagina = orm.get_page(nummer), lijst.get_page(nummer)
        assert pagina.number == verwacht.number
        with CaptureQueriesContext(connection) as queries:
            gevonden = [(_kolommen(k), k.gemeente, sorted(v.pk for v in k.vaardigheden.all())) for k in pagina]
        assert not queries.captured_queries  # gemeente and vaardigheden came with the page
        assert gevonden == [(_kolommen(k), k.gemeente, sorted(v.pk for v in k.vaardigheden.all())) for k in verwacht]
    leeg = Paginator(vaste_vorm.Lijst("test.lijst_kandidaten", _kandidaten_van, prefetch=("vaardigheden",),
                                      klantmanager_id=wereld.klantmanager.pk + 10_000), 4)
    assert leeg.count == 0 and list(leeg.get_page(1)) == []


def test_a_list_is_compiled_once_then_reads_count_and_page_in_two_queries(wereld, monkeypatch):
    lijst = vaste_vorm.Lijst("test.lijst_eenmaal", _kandidaten_van, klantmanager_id=wereld.klantmanager.pk)
    assert lijst.count() == 1 and len(lijst[0:25]) == 1
    gecompileerd = []
    origineel = SQLCompiler.as_sql
    monkeypatch.setattr(SQLCompiler, "as_sql", lambda *a, **k: gecompileerd.append(1) or origineel(*a, **k))
    ander = vaste_vorm.Lijst("test.lijst_eenmaal", _kandidaten_van, klantmanager_id=wereld.klantmanager.pk + 1)
    with CaptureQueriesContext(connection) as queries:
        assert ander.count() == 0 and ander[0:25] == [] and ander[5:5] == []
    assert len(queries) == 2 and not gecompileerd
    for fout in (slice(0, None), slice(None, 5, 2), slice(-1, 3), 3):
        with pytest.raises(TypeError):
            ander[fout]


def test_a_function_in_prefetch_gets_the_instances_of_the_page_only(wereld):
    """An entry of ``prefetch`` that is a function reads for the page's instances itself, beside Django's lookups."""
    for nr in range(6):
        KandidaatFactory(klantmanager=wereld.klantmanager, achternaam=f"Achternaam {nr}")
    gekregen = []

    def erbij(kandidaten):
        gekregen.append([k.pk for k in kandidaten])
        for k in kandidaten:
            k.gezien = True

    lijst = vaste_vorm.Lijst("test.lijst_functie", _kandidaten_van, prefetch=(erbij, "vaardigheden"),
                             klantmanager_id=wereld.klantmanager.pk)
    pagina = Paginator(lijst, 4).get_page(2)
    assert gekregen == [[k.pk for k in pagina]] and len(gekregen[0]) == 3
    with CaptureQueriesContext(connection) as queries:
        assert all(k.gezien and list(k.vaardigheden.all()) == [] for k in pagina)
    assert not queries.captured_queries
