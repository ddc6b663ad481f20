"""Counting rows in a subquery, as a column of another query."""

from django.db.models import IntegerField, Subquery


class Aantal(Subquery):
    """``COUNT(*)`` of a correlated subquery (``Aantal(qs.order_by().values("pk"))``); the subquery may carry a
    ``LIMIT`` to cap the count. The same on SQLite and PostgreSQL."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _aantal)"
    output_field = IntegerField()
