"""``pagineer``: Django's ``get_page`` in what it shows, with one round trip less on a first page that is not full."""

import pytest
from django.contrib.auth.models import Permission
from django.core.paginator import Paginator
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from klantreis.lib.paginering import pagineer

pytestmark = pytest.mark.django_db


def _rechten():
    return Permission.objects.filter(codename__startswith="view_").order_by("pk")


def _verzoek(pagina=None):
    return RequestFactory().get("/", {} if pagina is None else {"pagina": pagina})


def _zoals_django(pagina, per_pagina):
    """What Django's Paginator.get_page gives: the oracle."""
    page = Paginator(_rechten(), per_pagina).get_page(pagina)
    return page.number, [r.pk for r in page.object_list], page.paginator.count, page.paginator.num_pages


def _zo(page):
    return page.number, [r.pk for r in page.object_list], page.paginator.count, page.paginator.num_pages


def test_a_first_page_that_is_not_full_is_read_in_one_query():
    aantal = _rechten().count()
    assert aantal > 20
    for pagina in (None, "1", "", "abc", "1.5"):
        with CaptureQueriesContext(connection) as queries:
            page = pagineer(_verzoek(pagina), _rechten(), per_pagina=aantal + 5)
            gezien = _zo(page)
        assert len(queries) == 1, [q["sql"] for q in queries]
        assert gezien == _zoals_django(pagina, aantal + 5)
        assert gezien[2] == aantal and not page.has_next() and not page.has_previous()


def test_an_empty_list_is_one_query_and_one_empty_page():
    with CaptureQueriesContext(connection) as queries:
        page = pagineer(_verzoek(), Permission.objects.none().order_by("pk"))
        assert (page.number, list(page.object_list), page.paginator.count, page.paginator.num_pages) == (1, [], 0, 1)
    assert len(queries) <= 1


def test_a_full_first_page_is_counted_and_read_once():
    aantal = _rechten().count()
    with CaptureQueriesContext(connection) as queries:
        gezien = _zo(pagineer(_verzoek(), _rechten(), per_pagina=10))
    assert len(queries) == 2  # the page and its COUNT
    assert gezien == _zoals_django(None, 10) and gezien[2] == aantal and gezien[3] == -(-aantal // 10)


@pytest.mark.parametrize("pagina", ["2", "0", "-3", "99"])
def test_other_pages_are_what_get_page_gives(pagina):
    """2 is the second page; a number below 1 or past the end gives the last page, as in Django."""
    assert _zo(pagineer(_verzoek(pagina), _rechten(), per_pagina=10)) == _zoals_django(pagina, 10)


def test_an_exactly_full_first_page_knows_there_is_no_second():
    aantal = _rechten().count()
    page = pagineer(_verzoek(), _rechten(), per_pagina=aantal)
    assert _zo(page) == _zoals_django(None, aantal) and not page.has_next()
