"""What migrations of a large table share (PostgreSQL)."""


def vervang_index(schema_editor, tabel, naam, definitie):
    """Index ``naam`` of ``tabel`` becomes ``definitie`` (what follows ``ON table``): the new one is built beside the
    old one under another name (CONCURRENTLY: reads and writes go on, so the migration runs outside a transaction,
    ``atomic = False``), then the old one is dropped and the new one takes its name."""
    nieuw = f"{naam}_nieuw"
    schema_editor.execute(f'DROP INDEX CONCURRENTLY IF EXISTS "{nieuw}"')  # a build that was stopped halfway
    schema_editor.execute(f'CREATE INDEX CONCURRENTLY "{nieuw}" ON "{tabel}" {definitie}')
    schema_editor.execute(f'DROP INDEX CONCURRENTLY IF EXISTS "{naam}"')
    schema_editor.execute(f'ALTER INDEX "{nieuw}" RENAME TO "{naam}"')
