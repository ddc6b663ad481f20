"""klantreis.lib.vaste_vorm: a shape compiled once gives, for other values, the rows the ORM itself would give."""

from datetime import timedelta

import pytest
from django.db.models import Count, Exists, OuterRef, Q
from django.test.utils import CaptureQueriesContext
from django.db import connection
from django.utils import timezone

from klantreis.lib import vaste_vorm
from outbox.models import Mail

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
