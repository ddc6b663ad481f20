from django.db import connection, transaction


def claim(queryset, **waarden) -> bool:
    """Compare-and-set: write ``waarden`` only if the row still matches ``queryset``.

    One UPDATE ... WHERE, atomic on every database: of two sweeps (two workers, or a retry after a
    crash) exactly one gets True, so a reminder is sent exactly once.

    Filter only on columns of the row itself. A condition on a related table makes Django write
    ``WHERE id IN (SELECT ... JOIN ...)``, and PostgreSQL does not re-evaluate that subquery when the
    second UPDATE wakes up after the first committed: both would win.
    """
    return queryset.update(**waarden) == 1


def claim_rijen(queryset, *, aantal, volgorde, **waarden) -> list:
    """Claim up to ``aantal`` rows of ``queryset`` by setting ``waarden``; return the claimed primary keys.

    On PostgreSQL ``FOR UPDATE SKIP LOCKED``: parallel claimers each get other rows and nobody waits.
    Elsewhere (SQLite) a compare-and-set per row. Inside a transaction the claim commits (or rolls back)
    with it: a crash before commit leaves the rows for the next claimer."""
    if connection.features.has_select_for_update_skip_locked:
        with transaction.atomic():
            ids = list(queryset.select_for_update(skip_locked=True).order_by(*volgorde)
                       .values_list("pk", flat=True)[:aantal])
            if ids:
                queryset.model._default_manager.filter(pk__in=ids).update(**waarden)
        return ids
    ids = list(queryset.order_by(*volgorde).values_list("pk", flat=True)[:aantal])
    return [pk for pk in ids if queryset.filter(pk=pk).update(**waarden) == 1]
