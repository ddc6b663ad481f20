"""Every logged page view writes a line of the verwerkingenlog and its betrokkenen, and so every index of both tables:
none of them may be one that another index already covers (its columns the first columns of another), nor
PostgreSQL's ``varchar_pattern_ops`` twin of a text column, which serves only ``LIKE 'x%'`` (migration 0017)."""

import pytest
from django.db import connection

from accounts.models import Verwerking, VerwerkingBetrokkene


@pytest.mark.django_db
@pytest.mark.parametrize("model", [Verwerking, VerwerkingBetrokkene], ids=lambda m: m.__name__)
def test_no_index_of_the_log_is_covered_by_another_or_serves_only_prefix_searches(model):
    with connection.cursor() as cursor:
        beperkingen = connection.introspection.get_constraints(cursor, model._meta.db_table)
    indexen = {naam: info for naam, info in beperkingen.items()
               if info["index"] and not info["primary_key"] and info.get("type") != "gin"}
    for naam, info in indexen.items():
        for ander, ander_info in indexen.items():
            if ander != naam and len(ander_info["columns"]) > len(info["columns"]):
                assert ander_info["columns"][:len(info["columns"])] != info["columns"], (naam, "covered by", ander)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_get_indexdef(%s::regclass)", [naam])
                assert "pattern_ops" not in cursor.fetchone()[0], naam
    assert len(indexen) >= 2  # the lookups themselves are still there
