"""Reads that run on every request (or every ranking), with the SQL that Django compiled once per process.

Building and compiling a queryset with a few correlated subqueries costs Django 1-3 ms of CPU, many times what
PostgreSQL needs to run it; a page or a ranking that reads the same shape every time with other values pays that
every time. A shape is compiled twice, with two sets of marker values: where the parameters differ, one of the
values goes; where they agree, the parameter is a constant. After that each call fills in its values and runs the
SQL.

Values are ints, texts, aware datetimes and dates (given to the database as Django would give them) or lists of
ints. A list of up to eight values goes as it is (a shape per length); a longer one is padded to a power of two with
its last value: a repeated value changes nothing in ``IN``, and a handful of lengths keeps the number of shapes small;
an empty list runs nothing. PostgreSQL estimates an ``IN`` as the sum of its values, repeats included: a
klantmanager's one id padded to four made it expect four caseloads and walk the whole inbox of the country newest
first instead of looking up the threads of their 150 kandidaten (on a small database 11 ms instead of 1), and five
ids padded to sixteen made the dossier's read join all werkgevers by hash instead of looking up five. So the padding
is none for a short list and less than twice a long one. A shape in which a value changes the SQL itself (``None``
becoming ``IS NULL``, a value in a LIMIT) is refused when it is compiled.

``lees`` gives dicts through Django's own converters (``values()`` semantics); ``rijen`` gives the cursor's tuples
as the driver returns them (no converters: the caller converts, for the ranking's thousands of rows); ``objecten``
gives model instances as the ORM builds them, ``select_related`` included (the doors of ``permissions.py``)."""

import inspect
from datetime import UTC, date, datetime, timedelta

from django.db import connections
from django.db.models import Model
from django.db.models.base import ModelState
from django.db.models.fields.files import FileDescriptor
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query import ModelIterable, get_related_populators, prefetch_related_objects
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import post_init, pre_init
from django.http import Http404

_VORMEN = {}
_PRECIES = 8  # a list of up to this many values is not padded
# Small positive ints: Django drops a comparison with a value outside a small integer column's range from the SQL.
_INT_BEGIN = (20001, 26001)
_GROOTSTE_PK = 2**63 - 1  # a BigAutoField; Django finds no row for a larger value and sends no query
_DATUM_BEGIN = (datetime(1901, 2, 3, 4, 5, 6, tzinfo=UTC), datetime(1902, 3, 4, 5, 6, 7, tzinfo=UTC))
_DAG_BEGIN = (date(1903, 4, 5), date(1904, 5, 6))


def _lengte(lijst):
    return len(lijst) if len(lijst) <= _PRECIES else 1 << (len(lijst) - 1).bit_length()


def _merken(waarden, lengtes, keer):
    """Marker values per name, each distinct within one set; a list's markers are ints."""
    merken, volgend = {}, _INT_BEGIN[keer]
    for i, (naam, waarde) in enumerate(sorted(waarden.items())):
        if isinstance(waarde, list):
            merken[naam] = list(range(volgend, volgend + lengtes[naam]))
            volgend += lengtes[naam]
        elif isinstance(waarde, bool) or not isinstance(waarde, (int, str, date)):
            raise TypeError(f"{naam}: alleen int, str, datetime, date of een lijst van ints, niet "
                            f"{type(waarde).__name__}")
        elif isinstance(waarde, datetime):
            merken[naam] = _DATUM_BEGIN[keer] + timedelta(minutes=i)
        elif isinstance(waarde, date):
            merken[naam] = _DAG_BEGIN[keer] + timedelta(days=i)
        elif isinstance(waarde, int):
            merken[naam] = volgend
            volgend += 1
        else:
            merken[naam] = f"~{naam}~{keer}~"
    return merken


def _plaatsen(merken, verbinding):
    """Marker as the database gets it -> (name, index in the list or None, how to adapt the value: None, "moment"
    or "dag")."""
    plaats = {}
    for naam, merk in merken.items():
        if isinstance(merk, list):
            plaats.update({m: (naam, i, None) for i, m in enumerate(merk)})
        else:
            plaats[merk] = (naam, None, None)
            if isinstance(merk, datetime):  # SQLite: adapted to text
                plaats.setdefault(verbinding.ops.adapt_datetimefield_value(merk), (naam, None, "moment"))
            elif isinstance(merk, date):
                plaats.setdefault(verbinding.ops.adapt_datefield_value(merk), (naam, None, "dag"))
    return plaats


def _vorm(vorm, bouw, waarden, verbinding):
    lengtes = {naam: _lengte(w) for naam, w in waarden.items() if isinstance(w, list)}
    sleutel = (vorm, verbinding.alias, verbinding.vendor, *sorted(lengtes.items()))
    if sleutel in _VORMEN:
        return _VORMEN[sleutel]
    a, b = _merken(waarden, lengtes, 0), _merken(waarden, lengtes, 1)
    queryset = bouw(**a)
    compiler = queryset.query.get_compiler(connection=verbinding)
    sql, params_a = compiler.as_sql()
    sql_b, params_b = bouw(**b).query.get_compiler(connection=verbinding).as_sql()
    plaats_a, plaats_b = _plaatsen(a, verbinding), _plaatsen(b, verbinding)
    invullen = []
    for pa, pb in zip(params_a, params_b, strict=True):
        if pa == pb and type(pa) is type(pb):
            invullen.append((None, pa, None))
        elif plaats_a.get(pa, "a") == plaats_b.get(pb, "b"):
            invullen.append(plaats_a[pa])
        else:
            raise ValueError(f"{vorm}: een waarde staat niet op één plek in de SQL")
    if sql != sql_b or {(naam, i) for naam, i, _ in invullen if naam is not None} != {
            (naam, i) for naam, i, _ in plaats_a.values()}:
        raise ValueError(f"{vorm}: niet elke waarde komt op een vaste plek in de SQL")
    # As ValuesIterable names the columns; the converters come from the same expressions (compiler.results_iter).
    query = compiler.query
    namen = list(query.selected) if query.selected else [*query.extra_select, *query.values_select,
                                                         *query.annotation_select]
    expressies = [expressie for expressie, _sql, _alias in compiler.select[:len(namen)]]
    _VORMEN[sleutel] = (sql, invullen, namen, expressies, _bouwplan(queryset, compiler, verbinding))
    return _VORMEN[sleutel]


def _bouwplan(queryset, compiler, verbinding):
    """How ``objecten`` makes instances of the rows, as ``ModelIterable`` does; None for a queryset that does not
    give model instances, or that fetches more than its rows (prefetch_related)."""
    if (queryset._iterable_class is not ModelIterable or queryset._prefetch_related_lookups
            or compiler.klass_info is None):
        return None
    select, klass_info = compiler.select, compiler.klass_info
    velden = klass_info["select_fields"]
    begin, eind = velden[0], velden[-1] + 1
    return (klass_info["model"], [kolom[0].target.attname for kolom in select[begin:eind]], begin, eind,
            get_related_populators(klass_info, select, verbinding.alias), compiler.annotation_col_map,
            [kolom[0] for kolom in select[:compiler.col_count]], compiler.col_count)


def _converters(expressies, verbinding):
    """Django's converters for these columns (``SQLCompiler.get_converters``), worked out once per shape and
    connection: asking every field and the backend again for each read cost more than converting the rows."""
    bekend = verbinding.__dict__.setdefault("_vaste_vorm_converters", {})
    sleutel = id(expressies)
    gevonden = bekend.get(sleutel)
    if gevonden is not None and gevonden[0] is expressies:
        return gevonden[1]
    converters = []
    for i, expressie in enumerate(expressies):
        functies = verbinding.ops.get_db_converters(expressie) + expressie.get_db_converters(verbinding)
        if functies:
            converters.append((i, functies, expressie))
    bekend[sleutel] = (expressies, converters)
    return converters


def _omzetten(rij, converters, verbinding):
    rij = list(rij)
    for i, functies, expressie in converters:
        waarde = rij[i]
        for functie in functies:
            waarde = functie(waarde, expressie, verbinding)
        rij[i] = waarde
    return rij


def _uitvoeren(vorm, bouw, using, waarden, *, omhullen=None, erbij=()):
    """Run the shape with these values; ``omhullen`` puts its SQL inside other SQL (``{}`` marks where), with the
    parameters ``erbij`` after the shape's own."""
    verbinding = connections[using]
    sql, invullen, namen, expressies, plan = _vorm(vorm, bouw, waarden, verbinding)
    if omhullen is not None:
        sql = omhullen.format(sql)
    gevuld = []
    for naam, i, aangepast in invullen:
        if naam is None:
            gevuld.append(i)
        elif i is not None:
            lijst = waarden[naam]
            gevuld.append(lijst[min(i, len(lijst) - 1)])
        else:
            waarde = waarden[naam]
            if aangepast == "moment":
                waarde = verbinding.ops.adapt_datetimefield_value(waarde)
            elif aangepast == "dag":
                waarde = verbinding.ops.adapt_datefield_value(waarde)
            gevuld.append(waarde)
    gevuld.extend(erbij)
    with verbinding.cursor() as cursor:
        cursor.execute(sql, gevuld)
        return cursor.fetchall(), verbinding, namen, expressies, plan


def rijen(vorm, bouw, *, using="default", omhullen=None, **waarden):
    """The rows of ``bouw(**waarden)`` (a ``values_list()`` queryset) as the driver returns them, with the SQL
    compiled once per process for ``vorm``. ``bouw`` must give the same shape for any values. ``omhullen`` puts that
    SQL inside other SQL (``{}`` marks where: an aggregate over the rows, as ``SELECT ... FROM ({}) x GROUP BY``)."""
    if any(isinstance(w, list) and not w for w in waarden.values()):
        return []
    return _uitvoeren(vorm, bouw, using, waarden, omhullen=omhullen)[0]


def objecten(vorm, bouw, *, using="default", **waarden):
    """The model instances of ``bouw(**waarden)`` (a queryset of a model; ``select_related`` and annotations come
    along, ``prefetch_related`` is refused), built as the ORM builds them, with the SQL compiled once per process
    for ``vorm``. Unlike the queryset of a related manager, an instance does not know the object it was read from."""
    if any(isinstance(w, list) and not w for w in waarden.values()):
        return []
    return _objecten(vorm, bouw, using, waarden)


def _objecten(vorm, bouw, using, waarden, **uitvoeren):
    gevonden, verbinding, _namen, _expressies, plan = _uitvoeren(vorm, bouw, using, waarden, **uitvoeren)
    if plan is None:
        raise TypeError(f"{vorm}: objecten vraagt een queryset van modelobjecten, zonder prefetch_related")
    model, init_list, begin, eind, populators, annotaties, kolommen, aantal = plan
    converters = _converters(kolommen, verbinding)
    alias = verbinding.alias
    # Django sends pre_init and post_init for every instance; with a receiver anywhere, every instance is built by
    # Django itself so that it sees them all.
    snel = not (pre_init.receivers or post_init.receivers)
    maak = _maker(model, init_list) if snel else None
    uit = []
    for rij in gevonden:
        rij = _omzetten(rij[:aantal], converters, verbinding) if converters else rij[:aantal]
        obj = maak(alias, rij[begin:eind]) if maak else model.from_db(alias, init_list, rij[begin:eind])
        for populator in populators:
            _vullen(populator, rij, obj, snel)
        for naam, plaats in annotaties.items():
            setattr(obj, naam, rij[plaats])
        uit.append(obj)
    return uit


# What setting a field's attribute on a new instance does, for the descriptors Django puts on concrete fields: each of
# these stores the value in the instance's __dict__ under the attname (a foreign key's also drops a cached related
# object, which a new instance has none of). A field with any other descriptor (an ImageField's updates its width
# and height fields) is set by Django's own __init__.
_GEWOON = (DeferredAttribute, ForeignKeyDeferredAttribute, FileDescriptor)
_MAKERS = {}
_GEEN = object()


def _maker(model, init_list):
    """A function (alias, values) -> instance that gives what ``model.from_db(alias, init_list, values)`` gives,
    without Django's per-field ``setattr`` in ``Model.__init__`` (a third of the CPU of building a kandidaat of 41
    fields: 6.8 -> 1.7 µs); None where that does not hold (a model with its own ``__init__`` or ``from_db``, a field
    with a descriptor of its own). The caller checks that no pre_init/post_init receiver exists."""
    sleutel = (model, tuple(init_list))
    if sleutel in _MAKERS:
        return _MAKERS[sleutel]
    velden = tuple(init_list)
    gewoon = (model.__init__ is Model.__init__ and model.from_db.__func__ is Model.from_db.__func__
              and not model._meta.abstract
              and all(type(inspect.getattr_static(model, naam, None)) in _GEWOON for naam in velden))
    maker = None
    if gewoon:
        def maker(alias, waarden, _new=model.__new__, _model=model, _velden=velden, _state=ModelState):
            obj = _new(_model)
            obj.__dict__.update(zip(_velden, waarden))
            state = obj._state = _state()
            state.adding = False
            state.db = alias
            return obj
    _MAKERS[sleutel] = maker
    return maker


def _vullen(populator, rij, van, snel):
    """``RelatedPopulator.populate`` (a select_related object and the ones below it), with the instances made by
    ``_maker`` where it can."""
    data = populator.reorder_for_init(rij) if populator.reorder_for_init else rij[populator.cols_start:
                                                                                     populator.cols_end]
    if data[populator.pk_idx] is None:
        obj = None
    else:
        maak = None
        if snel:
            maak = populator.__dict__.get("_vaste_vorm_maker", _GEEN)
            if maak is _GEEN:  # the populators belong to the shape: worked out once per process
                maak = populator._vaste_vorm_maker = _maker(populator.model_cls, populator.init_list)
        obj = maak(populator.db, data) if maak else populator.model_cls.from_db(populator.db, populator.init_list,
                                                                                data)
        for onder in populator.related_populators:
            _vullen(onder, rij, obj, snel)
    populator.local_setter(van, obj)
    if obj is not None:
        populator.remote_setter(obj, van)


def lees(vorm, bouw, *, using="default", **waarden):
    """The rows of ``bouw(**waarden)`` (a ``values()`` queryset) as dicts, converted as the ORM converts them, with
    the SQL compiled once per process for ``vorm``."""
    if any(isinstance(w, list) and not w for w in waarden.values()):
        return []
    gevonden, verbinding, namen, expressies, _plan = _uitvoeren(vorm, bouw, using, waarden)
    converters = _converters(expressies, verbinding)
    uit = []
    for rij in gevonden:
        if converters:
            rij = _omzetten(rij, converters, verbinding)
        uit.append(dict(zip(namen, rij)))  # zip stops at the names: columns the ordering added are left out
    return uit


def object_of_404(vorm, bouw, pk, *, using="default"):
    """``get_object_or_404`` for a shape: the one instance of ``bouw(pk)`` (a queryset filtered on its primary
    key), or Http404. A pk that is no number, or beyond what a key column holds, finds nothing without a query."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < pk <= _GROOTSTE_PK:
        raise Http404
    gevonden = objecten(vorm, bouw, using=using, pk=pk)
    if not gevonden:
        raise Http404
    return gevonden[0]


def aantal(vorm, bouw, *, using="default", **waarden):
    """``bouw(**waarden).count()``, with the SQL compiled once per process for ``vorm`` (as ``Lijst.count``)."""
    if any(isinstance(w, list) and not w for w in waarden.values()):
        return 0
    return Lijst(vorm, bouw, using=using, **waarden).count()


class Lijst:
    """The rows of ``bouw(**waarden)`` as model instances, for Django's ``Paginator`` (``pagineer``), with the SQL
    compiled once per process: ``count()`` runs ``SELECT COUNT(*)`` around the shape without its ordering, a slice
    runs the shape with ``LIMIT``/``OFFSET`` as parameters. ``prefetch`` names what ``prefetch_related`` would have
    fetched: it is read for the instances of the slice only (``prefetch_related_objects``); an entry that is a
    function gets the slice's instances and reads what they need itself (with a shape of its own).

    A paginated list that Django built and compiled anew on every request cost more CPU than reading it: the COUNT
    and the page are each a queryset with joins and an ordering to compile."""

    def __init__(self, vorm, bouw, *, prefetch=(), using="default", **waarden):
        if any(isinstance(w, list) and not w for w in waarden.values()):
            raise ValueError(f"{vorm}: een lege lijst als waarde")
        self.vorm, self.bouw, self.prefetch, self.using, self.waarden = vorm, bouw, prefetch, using, waarden

    def _zonder_volgorde(self, **waarden):
        return self.bouw(**waarden).order_by().values("pk")

    def count(self):
        rijen, *_rest = _uitvoeren(f"{self.vorm}:aantal", self._zonder_volgorde, self.using, self.waarden,
                                   omhullen="SELECT COUNT(*) FROM ({}) _aantal")
        return rijen[0][0]

    def __len__(self):
        return self.count()

    def __getitem__(self, deel):
        if not isinstance(deel, slice) or deel.step is not None or (deel.start or 0) < 0 or deel.stop is None \
                or deel.stop < (deel.start or 0):
            raise TypeError(f"{self.vorm}: alleen een deel [begin:eind]")
        begin = deel.start or 0
        if deel.stop == begin:
            return []
        uit = _objecten(self.vorm, self.bouw, self.using, self.waarden, omhullen="{} LIMIT %s OFFSET %s",
                        erbij=(deel.stop - begin, begin))
        if self.prefetch and uit:
            functies = [p for p in self.prefetch if callable(p)]
            if len(functies) < len(self.prefetch):
                prefetch_related_objects(uit, *(p for p in self.prefetch if not callable(p)))
            for functie in functies:
                functie(uit)
        return uit
