"""Reads that a page runs on every request, with the SQL that Django compiled once per process.

Building and compiling a queryset with a few correlated subqueries costs Django 1-3 ms of CPU, many times what
PostgreSQL needs to run it; a page that reads the same shape on every request with other values pays that every
time. ``lees`` compiles the shape twice, with two sets of marker values: where the parameters differ, one of the
values goes; where they agree, the parameter is a constant. After that each call fills in its values and runs the
SQL, and the rows go through the same converters Django would apply (``values()`` semantics: one dict per row).

Values are ints, texts or aware datetimes (given to the database as Django would give them). A shape in which a
value changes the SQL itself (``None`` becoming ``IS NULL``, a list in ``__in``) is refused when it is compiled.
``matching.selectors.vaste_vorm`` does the same for the ranking, with lists and without converters."""

from datetime import UTC, datetime, timedelta

from django.db import connections

_VORMEN = {}
# Small positive ints: Django drops a comparison with a value outside a small integer column's range from the SQL.
_INT_BEGIN = (20001, 26001)
_DATUM_BEGIN = (datetime(1901, 2, 3, 4, 5, 6, tzinfo=UTC), datetime(1902, 3, 4, 5, 6, 7, tzinfo=UTC))


def _merken(waarden, keer):
    merken = {}
    for i, (naam, waarde) in enumerate(sorted(waarden.items())):
        if isinstance(waarde, bool) or not isinstance(waarde, (int, str, datetime)):
            raise TypeError(f"{naam}: alleen int, str of datetime, niet {type(waarde).__name__}")
        if isinstance(waarde, datetime):
            merken[naam] = _DATUM_BEGIN[keer] + timedelta(minutes=i)
        elif isinstance(waarde, int):
            merken[naam] = _INT_BEGIN[keer] + i
        else:
            merken[naam] = f"~{naam}~{keer}~"
    return merken


def _vorm(vorm, bouw, waarden, verbinding):
    sleutel = (vorm, verbinding.alias, verbinding.vendor)
    if sleutel in _VORMEN:
        return _VORMEN[sleutel]
    a, b = _merken(waarden, 0), _merken(waarden, 1)
    compiler = bouw(**a).query.get_compiler(connection=verbinding)
    sql, params_a = compiler.as_sql()
    sql_b, params_b = bouw(**b).query.get_compiler(connection=verbinding).as_sql()
    # Where each marker lands, as the database gets it: itself, or (datetimes on SQLite) adapted to text.
    plaats = {}
    for kant, merken in ((0, a), (1, b)):
        for naam, merk in merken.items():
            plaats[(kant, merk)] = (naam, False)
            if isinstance(merk, datetime):
                plaats.setdefault((kant, verbinding.ops.adapt_datetimefield_value(merk)), (naam, True))
    invullen = []
    for pa, pb in zip(params_a, params_b, strict=True):
        if pa == pb and type(pa) is type(pb):
            invullen.append((None, pa))
        elif (0, pa) in plaats and plaats[(0, pa)] == plaats.get((1, pb)):
            invullen.append(plaats[(0, pa)])
        else:
            raise ValueError(f"{vorm}: een waarde staat niet op één plek in de SQL")
    if sql != sql_b or {naam for naam, _ in invullen if naam is not None} != set(waarden):
        raise ValueError(f"{vorm}: niet elke waarde komt op een vaste plek in de SQL")
    # As ValuesIterable names the columns; the converters come from the same expressions (compiler.results_iter).
    query = compiler.query
    namen = list(query.selected) if query.selected else [*query.extra_select, *query.values_select,
                                                         *query.annotation_select]
    expressies = [expressie for expressie, _sql, _alias in compiler.select[:len(namen)]]
    _VORMEN[sleutel] = (sql, invullen, namen, expressies)
    return _VORMEN[sleutel]


def lees(vorm, bouw, *, using="default", **waarden):
    """The rows of ``bouw(**waarden)`` (a ``values()`` queryset) as dicts, with the SQL compiled once per process
    for ``vorm``. ``bouw`` must give the same shape for any values: only the values change."""
    verbinding = connections[using]
    sql, invullen, namen, expressies = _vorm(vorm, bouw, waarden, verbinding)
    gevuld = []
    for naam, aangepast in invullen:
        if naam is None:
            gevuld.append(aangepast)
        else:
            waarde = waarden[naam]
            gevuld.append(verbinding.ops.adapt_datetimefield_value(waarde) if aangepast else waarde)
    converters = []
    for i, expressie in enumerate(expressies):
        functies = verbinding.ops.get_db_converters(expressie) + expressie.get_db_converters(verbinding)
        if functies:
            converters.append((i, functies, expressie))
    with verbinding.cursor() as cursor:
        cursor.execute(sql, gevuld)
        rijen = cursor.fetchall()
    uit = []
    for rij in rijen:
        if converters:
            rij = list(rij)
            for i, functies, expressie in converters:
                waarde = rij[i]
                for functie in functies:
                    waarde = functie(waarde, expressie, verbinding)
                rij[i] = waarde
        uit.append(dict(zip(namen, rij)))  # zip stops at the names: columns the ordering added are left out
    return uit
