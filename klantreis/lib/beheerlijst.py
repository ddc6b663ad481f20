"""Admin lists of tables that grow with the country: the verwerkingenlog, the outbox (mail, gebeurtenissen), the
accounts (users, their e-mail addresses, DigiD/eHerkenning links and second factors), vacatures and werkgevers.

Django's admin reads such a table whole on every list page, twice where it has a date drill-down:

- the date drill-down (``date_hierarchy``) lists the years (months, days) that have rows with ``SELECT DISTINCT
  date_trunc(...)`` over every row of the list;
- the paginator counts every row (``SELECT COUNT(*)``) for the page numbers and "N verwerkingen".

With five million lines in the verwerkingenlog (a year of a country's dossier views) that was 1.9 s and 0.14-1.3
s of a 2.2-3.5 s page on PostgreSQL (docs/benchmarks.md). ``GroteLijstAdmin`` keeps both, read from the index:

- the drill-down offers every year (month, day) from the first to the last row of the list as filtered, found
  with MIN and MAX, which PostgreSQL reads from the two ends of the index on the date; for a list that was counted
  exactly (a search, a narrow filter) over the few rows the count found. A period in between without rows is
  offered too and opens an empty list: for a log written every day that does not happen;
- no counts per filter option ("Aantallen tonen": Django counts them over every row of the list);
- the count and the drill-down's MIN/MAX each get ``BEHEERLIJST_TELTIJD_MS`` on PostgreSQL (500 ms when not set);
  a count that takes longer gives PostgreSQL's estimate ("ongeveer N"), a MIN/MAX that takes longer no periods;
- the paginator counts exactly up to ``BEHEERLIJST_TELGRENS`` rows (a Django setting, 10,000 when not set),
  with a count that stops there. Above that, on PostgreSQL, it takes PostgreSQL's own estimate of the number of
  rows (what ``EXPLAIN`` expects, from the statistics ANALYZE keeps) and the list says "ongeveer N"; the pages go
  as far as that estimate reaches; where that estimate is below what was counted (a search), it says "meer dan"
  the limit. The embedded SQLite counts exactly (a demo, not a country).
"""

import datetime
import json

from django.conf import settings
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.templatetags.admin_list import pagination, search_form
from django.contrib.admin.views.main import SEARCH_VAR, ChangeList
from django.core.paginator import Paginator
from django.db import OperationalError, connections, transaction
from django.db.models import Max, Min
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _

TELGRENS = 10_000
TELTIJD_MS = 500


def telgrens():
    return getattr(settings, "BEHEERLIJST_TELGRENS", TELGRENS)


def _binnen_de_teltijd(queryset, vraag):
    """``vraag()`` (a count or MIN/MAX of ``queryset``), or None when PostgreSQL needed more than
    ``BEHEERLIJST_TELTIJD_MS`` (a Django setting, 500 when not set) for it. The number and the drill-down are help
    for the eye; the page itself must not wait seconds for them, whatever the filter or search (a search whose every
    word is on nearly every line counted for 3 s at 3 million lines). Elsewhere, and with the setting 0: no limit."""
    ms = getattr(settings, "BEHEERLIJST_TELTIJD_MS", TELTIJD_MS)
    connection = connections[queryset.db]
    if connection.vendor != "postgresql" or not ms:
        return vraag()
    binnen = connection.in_atomic_block
    try:
        with transaction.atomic(using=queryset.db), connection.cursor() as cursor:
            # A plan for these values, also where the connection has the count prepared (klantreis/lib/postgresql):
            # one generic plan for every value of a skewed column read all 700,000 users to count the one
            # 'programma' (181 ms; an index finds it in 0.2 ms), because the generic plan expects every value to be
            # as common as the average one.
            cursor.execute("SET LOCAL statement_timeout = %s; SET LOCAL plan_cache_mode = force_custom_plan",
                           [int(ms)])
            uitkomst = vraag()
            if binnen:  # a savepoint: released, it would leave these on the rest of the caller's transaction
                cursor.execute("SET LOCAL statement_timeout TO DEFAULT; SET LOCAL plan_cache_mode TO DEFAULT")
            return uitkomst
    except OperationalError as fout:
        if getattr(fout.__cause__, "pgcode", None) != "57014":  # query_canceled: anything else is a real fault
            raise
        return None


def geschat_aantal(queryset):
    """PostgreSQL's estimate of the number of rows of ``queryset`` (its planner's, from the statistics), or None
    on another database."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


class BegrensdePaginator(Paginator):
    """Counts at most ``telgrens()`` rows (and at least a page). Above that PostgreSQL's estimate, with ``geschat``
    set; where the estimate is below what was counted (a search with LIKE, whose share PostgreSQL can only guess),
    the list says "meer dan" the rows counted (``meer_dan``). Either way a list with more rows than a page gets
    pages."""

    geschat = False
    meer_dan = None

    @cached_property
    def count(self):
        grens = max(telgrens(), self.per_page)
        begrensd = _binnen_de_teltijd(self.object_list, self.object_list.order_by()[: grens + 1].count)
        if begrensd is not None and begrensd <= grens:
            return begrensd
        return self._boven_de_grens(begrensd, grens)

    def _boven_de_grens(self, begrensd, grens):
        """The count of a list with more than ``grens`` rows (``begrensd``: ``grens`` + 1), or not counted in time
        (None)."""
        schatting = geschat_aantal(self.object_list)
        if schatting is None:
            return self.object_list.count()
        self.geschat = True
        if begrensd is not None and schatting < begrensd:
            self.meer_dan = grens
            return begrensd
        # Past the counting limit, or not counted in time: what PostgreSQL expects. Not counted in time, at least one
        # more than a page: a list that took long to count still shows its rows, and the admin reads it a page at a
        # time. At exactly a page Django's ChangeList takes it for a list without pages and reads it whole, unsliced
        # (every line of the log a search found).
        return max(schatting, self.per_page + 1 if begrensd is None else 0)


class SleutelsEerstPaginator(BegrensdePaginator):
    """A ``BegrensdePaginator`` whose page reads its keys first: the ids of the page with the list's filter, search
    and order (which an index holding those columns answers alone, an index-only scan), then only those rows in full
    (``op_sleutels``). For a search that walks a large list in its order to find a page of matches: read from the
    table, that walk fetched every row it passed over (the users' search of two letters: 700,000 rows, 1.0-1.3 s).

    It counts by reading the keys themselves, in the list's order, up to the counting limit (``telgrens()``, within
    ``BEHEERLIJST_TELTIJD_MS``), and the pages within that limit take their keys from those: a search that finds few
    walks the list once, where a count and then a page walked it twice."""

    sleutels = None  # the keys read by the count, in the list's order; None: not read in time

    @cached_property
    def count(self):
        grens = max(telgrens(), self.per_page)
        lijst = self.object_list.values_list("pk", flat=True)[: grens + 1]
        sleutels = _binnen_de_teltijd(self.object_list, lambda: list(lijst))
        if sleutels is not None:
            self.sleutels = sleutels
            if len(sleutels) <= grens:
                return len(sleutels)
        return self._boven_de_grens(None if sleutels is None else len(sleutels), grens)

    def page(self, number):
        # Django's Paginator.page, with the slice taken of the keys.
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if self.sleutels is not None and top <= len(self.sleutels):
            sleutels = self.sleutels[bottom:top]
        else:
            sleutels = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        return self._get_page(op_sleutels(self.object_list, sleutels), number, self)


def op_sleutels(lijst, sleutels):
    """The rows of ``lijst`` (a queryset in its order) with these keys, in the same order and with the same joins,
    looked up by key alone. With the list's filter repeated around the keys, PostgreSQL walked the name index again
    to test it on every row it passed (3,009 of 3,012 users for 3 rows)."""
    if lijst.query.annotations:  # an annotation the order or the page may name: the list's own query around the keys
        return lijst.filter(pk__in=sleutels)
    rijen = lijst.model._default_manager.filter(pk__in=sleutels).order_by(*lijst.query.order_by)
    rijen.query.select_related = lijst.query.select_related
    return rijen


class SleutelsEerstChangeList(ChangeList):
    """The admin's list with a ``SleutelsEerstPaginator``, also where every match fits on one page: Django then reads
    the list as it stands, unsliced, which for a search that finds few matches is the same walk over the whole list
    once more. Here those rows are the keys the count read."""

    def get_results(self, request):
        super().get_results(request)
        if not self.multi_page:
            sleutels = self.paginator.sleutels
            if sleutels is None:  # not counted in time
                sleutels = self.queryset.values_list("pk", flat=True)
            sleutels = list(sleutels[: self.list_per_page])
            self.result_list = op_sleutels(self.queryset, sleutels)


class ZoekenSleutelsEerst:
    """Mixin for a ``GroteLijstAdmin`` whose search can walk the whole list in its order to find a page of matches:
    with a search, the page and the count are chosen from an index that holds the searched columns, and only the
    page's rows are read from the table (``SleutelsEerstPaginator``, ``SleutelsEerstChangeList``)."""

    def _zoekt(self, request):
        return bool((request.GET.get(SEARCH_VAR) or "").strip())

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        soort = SleutelsEerstPaginator if self._zoekt(request) else self.paginator
        return soort(queryset, per_page, orphans, allow_empty_first_page)

    def get_changelist(self, request, **kwargs):
        return SleutelsEerstChangeList if self._zoekt(request) else super().get_changelist(request, **kwargs)


def _lokaal(moment):
    return timezone.localtime(moment) if isinstance(moment, datetime.datetime) and timezone.is_aware(moment) \
        else moment


def _getal(waarde):
    try:
        return int(waarde)
    except (TypeError, ValueError):
        return None


def datumhierarchie(cl):
    """What Django's ``date_hierarchy`` tag gives its template (``admin/date_hierarchy.html``), with the periods
    taken from the first and last row of the list instead of read from every row. The list is already filtered
    to the chosen year (month) by the ChangeList, so its first and last row lie in that period."""
    veld = cl.date_hierarchy
    jaar_veld, maand_veld, dag_veld = f"{veld}__year", f"{veld}__month", f"{veld}__day"
    jaar, maand, dag = (_getal(cl.params.get(v)) for v in (jaar_veld, maand_veld, dag_veld))

    def link(filters):
        return cl.get_query_string(filters, [f"{veld}__"])

    if jaar and maand and dag:
        dag_datum = datetime.date(jaar, maand, dag)
        return {"show": True,
                "back": {"link": link({jaar_veld: jaar, maand_veld: maand}),
                         "title": capfirst(formats.date_format(dag_datum, "YEAR_MONTH_FORMAT"))},
                "choices": [{"title": capfirst(formats.date_format(dag_datum, "MONTH_DAY_FORMAT"))}]}

    lijst = cl.queryset.order_by()
    if not getattr(cl.paginator, "geschat", False) and cl.result_count <= telgrens():
        # Counted exactly, so at most telgrens() rows: take MIN and MAX over those, found through the list's own
        # filter. Straight on the list PostgreSQL would walk the index on the date from both ends until a row
        # passes the filter: through the whole log for a search that finds little (11.6 s at 3 million lines).
        lijst = lijst[: max(telgrens(), cl.list_per_page) + 1]
    bereik = _binnen_de_teltijd(lijst, lambda: lijst.aggregate(eerste=Min(veld), laatste=Max(veld)))
    if bereik is None:  # not found in time: no periods to offer (the list itself is there), only the way back
        return {"show": bool(jaar), "back": {"link": link({}), "title": _("All dates")}, "choices": []}
    eerste, laatste = _lokaal(bereik["eerste"]), _lokaal(bereik["laatste"])
    leeg = not (eerste and laatste)
    if not (jaar or maand or leeg) and eerste.year == laatste.year:
        jaar = eerste.year  # as Django's: one year only opens at its months, one month at its days
        if eerste.month == laatste.month:
            maand = eerste.month

    if jaar and maand:
        dagen = () if leeg else range(eerste.day, laatste.day + 1)
        return {"show": True,
                "back": {"link": link({jaar_veld: jaar}), "title": str(jaar)},
                "choices": [{"link": link({jaar_veld: jaar, maand_veld: maand, dag_veld: d}),
                             "title": capfirst(formats.date_format(datetime.date(jaar, maand, d), "MONTH_DAY_FORMAT"))}
                            for d in dagen]}
    if jaar:
        maanden = () if leeg else range(eerste.month, laatste.month + 1)
        return {"show": True,
                "back": {"link": link({}), "title": _("All dates")},
                "choices": [{"link": link({jaar_veld: jaar, maand_veld: m}),
                             "title": capfirst(formats.date_format(datetime.date(jaar, m, 1), "YEAR_MONTH_FORMAT"))}
                            for m in maanden]}
    jaren = () if leeg else range(eerste.year, laatste.year + 1)
    return {"show": True, "back": None,
            "choices": [{"link": link({jaar_veld: j}), "title": str(j)} for j in jaren]}


def begrensde_paginering(cl):
    """Django's ``pagination`` tag, plus whether the number is PostgreSQL's estimate (or a lower bound)."""
    return {**pagination(cl), **_schatting(cl)}


def begrensd_zoekformulier(cl):
    """Django's ``search_form`` tag, plus whether the number is PostgreSQL's estimate (or a lower bound)."""
    return {**search_form(cl), **_schatting(cl)}


def _schatting(cl):
    return {"geschat": getattr(cl.paginator, "geschat", False), "meer_dan": getattr(cl.paginator, "meer_dan", None)}


class AlleenInzien:
    """Mixin for a ModelAdmin of rows that are read in the admin, never added, changed or deleted by hand: a log, the
    outbox, reference data that is loaded."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class GroteLijstAdmin:
    """Mixin for a ModelAdmin of a table that grows with the country (see the module's docstring)."""

    paginator = BegrensdePaginator
    show_full_result_count = False
    # No "Toon alle": a list of millions is read a page at a time.
    list_max_show_all = 0
    # No "Aantallen tonen": a count per filter option reads every row of the list (the verwerkingenlog's four
    # filters: 3.1 s at five million lines).
    show_facets = admin.ShowFacets.NEVER
    change_list_template = "admin/grote_lijst.html"

    def action_checkbox(self, obj):
        """Django's checkbox before each row, the same HTML, written at once instead of through the form widget's
        templates: a hundred rows of the verwerkingenlog spent 0.77 ms each on it under the profiler, a third of the
        page (docs/benchmarks.md, dertigste sessie)."""
        return format_html('<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
                           helpers.ACTION_CHECKBOX_NAME, str(obj.pk),
                           format_html(_("Select this object for an action - {}"), str(obj)))
