"""An index of the two-letter pieces of ``User.zoektekst``, on PostgreSQL only: the beheerder's search of the users for
two letters ("de", "xq").

Two letters have no trigrams, so that search walked the name index of all users until it had a page of matches, and
counted up to its limit the same way. Where few users hold the two letters the walk went to the end: with 700,000
users 26,000 buffers and 260-400 ms per search, for a page of a handful of people (docs/benchmarks.md,
eenenvijftigste sessie). This index holds, per user, every piece of two characters of ``zoektekst``:
``klantreis_tweetallen(zoektekst) @> ARRAY['DE']`` finds those users in under a millisecond.

``klantreis_tweetallen(tekst)`` gives the pieces starting at the even and at the odd positions, each set cut off by
``regexp_replace`` and split on a character (``\\x1e``, the record separator) that a search never holds
(``klantreis.lib.zoeken.met_tweetal``); a piece with that character in it may come out wrong, and a leftover single
character is an extra element no search of two letters equals. Written in SQL without a subquery, PostgreSQL inlines
it, in the index and in a query alike (10 microseconds a row; with ``generate_series`` and ``DISTINCT`` it was 56).
GIN keeps each piece once per row. As the trigram indexes (accounts.0015, 0016) it stays out of the model state:
SQLite has no such index, and there the search reads the list as before.

Built CONCURRENTLY (outside a transaction: ``atomic = False``): logins and edits go on; 33-46 s for 700,000 users on
two busy cores, 36 MB. Then ANALYZE of the table (1-3 s), which gives the index its statistics per piece.
"""

from django.db import migrations

FUNCTIE = """
CREATE OR REPLACE FUNCTION klantreis_tweetallen(tekst text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT string_to_array(
    regexp_replace(tekst, '(..)', E'\\\\1\\x1e', 'g')
    || E'\\x1e'
    || regexp_replace(substr(tekst, 2), '(..)', E'\\\\1\\x1e', 'g'),
    E'\\x1e') $$
"""
INDEX = "gebruiker_tweetallen"


def maken(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTIE)
        schema_editor.execute(f'DROP INDEX CONCURRENTLY IF EXISTS "{INDEX}"')  # a build that was stopped halfway
        schema_editor.execute(f'CREATE INDEX CONCURRENTLY "{INDEX}" ON "accounts_user" '
                              'USING gin (klantreis_tweetallen("zoektekst"))')
        # The statistics per piece that the search asks for come from ANALYZE, not from building the index: without
        # them PostgreSQL guesses 0.5% for any piece, and a piece nearly every user holds ("EN") would be looked up
        # and sorted instead of walked, until autovacuum analysed the table (after a tenth of it changed).
        schema_editor.execute('ANALYZE "accounts_user"')


def weghalen(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX CONCURRENTLY IF EXISTS "{INDEX}"')
        schema_editor.execute("DROP FUNCTION IF EXISTS klantreis_tweetallen(text)")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("accounts", "0017_verwerkingenlog_zonder_dubbele_indexen"),
    ]

    operations = [
        migrations.RunPython(maken, weghalen),
    ]
