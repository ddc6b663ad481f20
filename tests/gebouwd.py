"""Which querysets Django builds and compiles: a test of a read compiled once per process (``vaste_vorm``) checks
that the next visit builds none of its model."""

from django.db.models.sql.compiler import SQLCompiler


def gebouwde_queries(monkeypatch):
    """A list that gets every SQLCompiler that compiles from now on (until ``monkeypatch.undo()`` or the test's end).
    Undo before calling ``str(query)`` on one of them: that compiles too."""
    gebouwd = []
    origineel = SQLCompiler.as_sql
    monkeypatch.setattr(SQLCompiler, "as_sql", lambda self, *a, **k: gebouwd.append(self) or origineel(self, *a, **k))
    return gebouwd
