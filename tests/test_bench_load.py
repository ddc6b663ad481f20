"""The load benchmark spreads its clients so that every client process asks pages of all four roles."""

from collections import Counter

from bench.load import verdelen

ROLLEN = ("klantmanager", "accountmanager", "werkgever", "werkzoekende")


def _scenarios(aantal):
    return [{"rol": ROLLEN[i % 4], "nr": i} for i in range(aantal)]


def test_every_process_gets_every_role_in_equal_numbers():
    delen = verdelen(_scenarios(48), 4)
    assert [len(deel) for deel in delen] == [12, 12, 12, 12]
    for deel in delen:
        assert Counter(s["rol"] for s in deel) == dict.fromkeys(ROLLEN, 3)


def test_each_scenario_goes_to_exactly_one_process():
    scenarios = _scenarios(50)
    delen = verdelen(scenarios, 4)
    assert sorted(s["nr"] for deel in delen for s in deel) == list(range(50))
    assert all(deel for deel in delen)


def test_fewer_scenarios_than_processes_leaves_processes_empty():
    assert [len(deel) for deel in verdelen(_scenarios(4), 4)] == [4, 0, 0, 0]


def test_the_page_benchmark_explains_reads_also_a_bracketed_union_but_never_a_write():
    from bench.paginas import uitlegbaar

    assert uitlegbaar('SELECT "id" FROM "werkgevers_vacature"')
    assert uitlegbaar('  (SELECT "id" FROM "a") UNION ALL (SELECT "id" FROM "b")')
    assert uitlegbaar('WITH x AS (SELECT 1) SELECT * FROM x')
    assert not uitlegbaar("WITH regel AS (INSERT INTO accounts_verwerking (tijdstip) VALUES (now()) RETURNING id) "
                          "INSERT INTO accounts_verwerkingbetrokkene SELECT id FROM regel")
    assert not uitlegbaar('UPDATE "outbox_mail" SET "status" = %s')
    assert not uitlegbaar('INSERT INTO "accounts_sessie" VALUES (%s)')
