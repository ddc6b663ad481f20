from django.db import migrations


def laad(apps, schema_editor):
    from accounts.referentiedata import laad_regios_en_gemeenten

    laad_regios_en_gemeenten(apps.get_model("accounts", "Arbeidsmarktregio"), apps.get_model("accounts", "Gemeente"))


TRIGGER_SQL = """
CREATE OR REPLACE FUNCTION accounts_verwerking_alleen_toevoegen() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Het verwerkingenlog is alleen-toevoegen';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER accounts_verwerking_alleen_toevoegen
    BEFORE UPDATE OR DELETE ON accounts_verwerking
    FOR EACH ROW EXECUTE FUNCTION accounts_verwerking_alleen_toevoegen();
"""
TRIGGER_REVERSE_SQL = """
DROP TRIGGER IF EXISTS accounts_verwerking_alleen_toevoegen ON accounts_verwerking;
DROP FUNCTION IF EXISTS accounts_verwerking_alleen_toevoegen();
"""
# SQLite (the development default) has no TRUNCATE: a DELETE trigger there would also stop the
# test runner from emptying the database, so on SQLite only changes are refused. PostgreSQL
# refuses UPDATE and DELETE of single rows; emptying a whole table (TRUNCATE) stays possible
# for the test runner and is a privilege the production role need not have.
SQLITE_TRIGGERS = [
    """CREATE TRIGGER accounts_verwerking_geen_update BEFORE UPDATE ON accounts_verwerking
       BEGIN SELECT RAISE(ABORT, 'Het verwerkingenlog is alleen-toevoegen'); END;""",
]


def maak_triggers(apps, schema_editor):
    """The database itself refuses to change or remove a line of the verwerkingenlog."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGER_SQL)
    elif schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_TRIGGERS:
            schema_editor.execute(sql)


def verwijder_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGER_REVERSE_SQL)
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS accounts_verwerking_geen_update")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [
        migrations.RunPython(laad, migrations.RunPython.noop),
        migrations.RunPython(maak_triggers, verwijder_triggers),
    ]
