"""A constant written into the SQL text instead of sent as a parameter.

The PostgreSQL backend prepares a read that a connection repeats (klantreis/lib/postgresql), and after five runs
PostgreSQL may keep one generic plan for it, made without knowing the parameters. A partial index stands on a
condition with a constant (``WHERE uitkomst = ''``): a generic plan, for which ``uitkomst = $4`` may be any value,
cannot use it. With the constant in the text it can. For the due nazorg moments of a region that was the difference
between walking 312,000 handled moments (350-470 ms) and reading the 47 open ones.

Only for constants of the code (a status, the empty string), never for what a user typed."""

from django.db.models import CharField, Value


class Letterlijk(Value):
    """``Letterlijk("")``: the text as a quoted SQL literal, on every database."""

    def __init__(self, tekst: str):
        if not isinstance(tekst, str) or "\x00" in tekst:
            raise TypeError("Letterlijk schrijft alleen tekst zonder NUL-teken in de SQL")
        super().__init__(tekst, output_field=CharField())

    def as_sql(self, compiler, connection):
        return "'" + self.value.replace("'", "''") + "'", []
