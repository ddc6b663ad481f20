def claim(queryset, **waarden) -> bool:
    """Compare-and-set: write ``waarden`` only if the row still matches ``queryset``.

    One UPDATE ... WHERE, atomic on every database: of two sweeps (two workers, or a retry after a
    crash) exactly one gets True, so a reminder is sent exactly once.

    Filter only on columns of the row itself. A condition on a related table makes Django write
    ``WHERE id IN (SELECT ... JOIN ...)``, and PostgreSQL does not re-evaluate that subquery when the
    second UPDATE wakes up after the first committed: both would win.
    """
    return queryset.update(**waarden) == 1
