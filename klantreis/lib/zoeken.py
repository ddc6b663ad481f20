"""Searching for words anywhere in a name (``icontains``) in a list kept in name order, at national volume.

Two things every such search needs (the caseload, the invitation page, the beheerder's list of users):

- ``met_trigrammen``: whether a trigram index can look a word up. pg_trgm needs three letters; a word of one or two
  letters matches a large share of all names anyway, and the walk of the name index finds a page of them soonest.
- ``met_tweetal`` and ``HeeftTweetal``: a word of two letters looked up in an index of the two-letter pieces of a
  column (``klantreis_tweetallen``, migration accounts.0018), for a list where the name walk can go to the end because
  few hold the two letters (PostgreSQL's estimate, ``klantreis.lib.beheerlijst.geschat_aantal``, tells the cases
  apart).
- ``buiten_de_index``: the same value as a column, as an expression no index on the whole table holds. Sorted by the
  column itself, PostgreSQL walks the name index of the whole country until it has a page of matches (399,780 rows
  for "jan" in a team's caseload, since the Jansens sit in the middle of the alphabet); sorted by this, it takes the
  matches from the trigram index or the person's own rows and sorts those (docs/benchmarks.md, zevenentwintigste
  sessie).
"""

from django.db.models import BooleanField, CharField, Func, Lookup, Value
from django.db.models.functions import Concat
from django.db.models.lookups import IContains

TRIGRAM = 3
TWEETAL = 2
TWEETAL_SCHEIDING = "\x1e"  # what klantreis_tweetallen() splits its pieces on (migration accounts.0018)


def met_trigrammen(woord):
    return len(woord) >= TRIGRAM


def met_tweetal(woord):
    """Whether ``klantreis_tweetallen`` holds ``woord`` as one of its pieces: two characters, neither the one it
    splits on."""
    return len(woord) == TWEETAL and TWEETAL_SCHEIDING not in woord


def buiten_de_index(veld):
    """``veld`` (a text column) as ``veld || ''``: the same order, from no index."""
    return Concat(veld, Value(""), output_field=CharField())


class BevatInHoofdletters(IContains):
    """``BevatInHoofdletters(F("kolom"), woord)``: a column kept in upper case by the database holds ``woord``, in
    any case. The SQL of Django's ``icontains`` without its ``UPPER()`` on the column: PostgreSQL
    ``kolom LIKE UPPER('%woord%')``, SQLite ``kolom LIKE '%woord%' ESCAPE '\\'`` (which ignores the case of ASCII
    letters, as its UPPER() changes only those). So every row costs a LIKE, not an upper-casing of its text as well
    (a third of the time on a team's caseload of 62,000), and a trigram index on the column can look the word up.
    The value stays a pattern that starts with "%", which ``klantreis.lib.postgresql`` never prepares."""

    def process_lhs(self, compiler, connection, lhs=None):
        return Lookup.process_lhs(self, compiler, connection, lhs)


class InArray(Func):
    """``kolom = ANY(ARRAY(SELECT ...))`` (PostgreSQL): the subquery runs once, and its ids are looked up in the index
    on the column, so an OR with other indexed conditions can combine them (a BitmapOr). Written as ``kolom IN
    (SELECT ...)`` inside an OR, PostgreSQL could only test every row against it: the user search read all 700,000
    users (1,008 organisations hold "jan")."""

    template = "%(expressions)s)"
    arg_joiner = " = ANY("
    output_field = BooleanField()
    conditional = True


class HeeftTweetal(Func):
    """``HeeftTweetal(F("kolom"), woord)`` (PostgreSQL): a column kept in upper case by the database holds the two
    letters of ``woord`` (``met_tweetal``) in any case, as ``klantreis_tweetallen(kolom) @> ARRAY[UPPER(woord)]``:
    what a GIN index on that expression looks up. Exact for two letters, so no LIKE is needed beside it."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, kolom, woord):
        if not met_tweetal(woord):
            raise ValueError(f"geen woord van twee letters: {woord!r}")
        super().__init__(kolom, Value(woord))

    def as_sql(self, compiler, connection, **extra_context):
        (kolom, kolom_params), (woord, woord_params) = (compiler.compile(e) for e in self.get_source_expressions())
        return f"klantreis_tweetallen({kolom}) @> ARRAY[UPPER({woord})::text]", (*kolom_params, *woord_params)
