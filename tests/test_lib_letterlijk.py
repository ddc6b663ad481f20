"""klantreis.lib.letterlijk: a constant of the code in the SQL text, so that a generic plan can use a partial index
on it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Rol, User
from klantreis.lib.letterlijk import Letterlijk

pytestmark = pytest.mark.django_db


def test_the_text_stands_quoted_in_the_sql_and_finds_what_the_parameter_finds():
    for i, achternaam in enumerate(["'t Hart", "t Hart", ""]):
        User.objects.create(email=f"letterlijk{i}@test.nl", achternaam=achternaam, rol=Rol.WERKGEVER)
    with CaptureQueriesContext(connection) as queries:
        gevonden = list(User.objects.filter(achternaam=Letterlijk("'t Hart")).values_list("email", flat=True))
    assert gevonden == ["letterlijk0@test.nl"]
    assert "= '''t Hart'" in queries.captured_queries[0]["sql"]
    leeg = User.objects.filter(email__startswith="letterlijk", achternaam=Letterlijk(""))
    sql, params = leeg.query.sql_with_params()
    assert "= ''" in sql and "" not in params
    assert list(leeg.values_list("email", flat=True)) == ["letterlijk2@test.nl"]


@pytest.mark.parametrize("waarde", [None, 3, "a\x00b"])
def test_only_text_without_a_nul_character(waarde):
    with pytest.raises(TypeError):
        Letterlijk(waarde)
