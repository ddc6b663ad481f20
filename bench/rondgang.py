#!/usr/bin/env python
"""A walk over every page a role can reach by following links, on national data: which pages are slow or large.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/klantreis_bench \\
        .venv/bin/python bench/rondgang.py --paginas 150 --herhalingen 5 --top 20

Prints figures, passes or fails nothing. For each demo person (an accountmanager and a klantmanager of
Midden-Gelderland, a beheerder, a werkgever, a werkzoekende) it starts at "/" and follows the links of every page it
gets (the same host, GET only, not logging out, no downloads) breadth first, up to ``--paginas`` pages a person, at most
two pages of one shape (``/dossiers/12/plan/`` and ``/dossiers/13/plan/`` are one shape). The search and filter forms
(GET) of each page are sent too, with a common word ("de", "jan") in every text box. Each page is requested once to
count its queries and bytes, then ``--herhalingen`` times for p50/p95 of the wall time, through Django's test client
with the production settings (DEBUG off, cached templates). Printed: the slowest ``--top`` pages of all persons, the
largest ones, and the baseline of the machine in the same run (/health/, which reads nothing). The bench scripts beside
it measure what is known to be heavy; this one is for finding what is not known yet.

It writes what a visit writes (sessions, inzage rows, last_login): run it on a benchmark database, never on real data.
"""

import argparse
import re
import sys
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.meten import django_als_productie, tijden  # noqa: E402

django_als_productie()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import User  # noqa: E402

PERSONEN = [
    ("accountmanager", "hans.klip@wsp.example.nl"),
    ("klantmanager", "jeske.gunterman@gemeente.example.nl"),
    ("beheerder", "beheerder@wsp.example.nl"),
    ("werkzoekende", "willem.vandevecht@example.nl"),
    ("werkgever", "martijn@deheul.example.nl"),
]
# Not followed: leaving, other languages, files, the admin's own tools (bench/beheerlijst.py measures its lists).
OVERSLAAN = re.compile(r"^/(accounts/logout|static/|media/|admin/|i18n/|__)|/(download|bestand|pdf|ics|export)(/|$)|"
                       r"\.(pdf|ics|csv|docx|png|jpg|svg|js|css)$")
LINK = re.compile(r'href="(/[^"#]*)"')


def vorm(url):
    """The shape of a url: its numbers and its query values left out."""
    pad = urlsplit(url)
    sleutels = sorted(deel.split("=")[0] for deel in pad.query.split("&") if deel)
    return re.sub(r"\d+", "N", pad.path) + ("?" + "&".join(sleutels) if sleutels else "")


ZOEKTERMEN = ("de", "jan")


class Zoekformulieren(HTMLParser):
    """The GET forms of a page (searches and filters): for each, its action and its fields as a search would fill
    them: every text or search box with a common term, a choice list with its first option that is not empty, the
    hidden fields as they are. Forms that send a POST are not followed (they change things)."""

    def __init__(self, pad):
        super().__init__()
        self.pad, self.formulieren, self.huidig, self.keuze = pad, [], None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            get = (a.get("method") or "get").lower() == "get"
            self.huidig = {"actie": a.get("action") or self.pad, "velden": {}, "tekst": []} if get else None
        elif self.huidig is None:
            return
        elif tag == "option" and self.keuze and a.get("value") and self.keuze not in self.huidig["velden"]:
            self.huidig["velden"][self.keuze] = a["value"]
        elif not a.get("name"):
            return
        elif tag == "input" and (a.get("type") or "text") in ("text", "search"):
            self.huidig["tekst"].append(a["name"])
        elif tag == "input" and a.get("type") == "hidden":
            self.huidig["velden"][a["name"]] = a.get("value") or ""
        elif tag == "select":
            self.keuze = a["name"]

    def handle_endtag(self, tag):
        if tag == "select":
            self.keuze = None
        elif tag == "form" and self.huidig is not None:
            if self.huidig["tekst"] and self.huidig["actie"].startswith("/"):
                self.formulieren.append(self.huidig)
            self.huidig = None

    def zoekopdrachten(self):
        """A url per search term per form: what a person who types a common word and presses Zoeken gets."""
        for formulier in self.formulieren:
            for term in ZOEKTERMEN:
                velden = {**formulier["velden"], **{naam: term for naam in formulier["tekst"]}}
                yield formulier["actie"].split("?")[0] + "?" + urlencode(velden)


def rondgang(client, maximum):
    """The pages reached from "/" by links: (url, status, bytes, queries, ms in queries) in the order of the walk."""
    te_doen, gezien, per_vorm, gevonden = deque(["/"]), {"/"}, {}, []
    while te_doen and len(gevonden) < maximum:
        url = te_doen.popleft()
        with CaptureQueriesContext(connection) as q:
            antwoord = client.get(url)
        if antwoord.status_code in (301, 302):
            doel = antwoord["Location"]
            if doel.startswith("/") and doel not in gezien and not OVERSLAAN.search(doel):
                gezien.add(doel)
                te_doen.appendleft(doel)
            continue
        inhoud = antwoord.content if not getattr(antwoord, "streaming", False) else b""
        db_ms = sum(float(query["time"]) for query in q.captured_queries) * 1000
        gevonden.append((url, antwoord.status_code, len(inhoud), len(q), db_ms))
        if "text/html" not in antwoord.get("Content-Type", ""):
            continue
        html = inhoud.decode("utf-8", "replace")
        formulieren = Zoekformulieren(url.split("?")[0])
        formulieren.feed(html)
        for link in [*(lk.replace("&amp;", "&") for lk in LINK.findall(html)), *formulieren.zoekopdrachten()]:
            if link in gezien or OVERSLAAN.search(link):
                continue
            gezien.add(link)
            if per_vorm.get(vorm(link), 0) >= 2 + len(ZOEKTERMEN) * ("?" in link):
                continue
            per_vorm[vorm(link)] = per_vorm.get(vorm(link), 0) + 1
            te_doen.append(link)
    return gevonden


ONZIN = ["-1", "9" * 25, "x'\"<", "2026-13-45"]
VREEMDE_PARAMETERS = {"na": "abc", "voor": "abc", "pagina": "abc", "sorteer": "abc", "q": "9" * 25}


def slordig(url):
    """Variants of ``url`` as a careless hand or a stale bookmark makes them: a number of the path too big for any
    id, each query value replaced by nonsense, and the parameters of paging and sorting with nonsense added."""
    pad = urlsplit(url)
    if re.search(r"\d+", pad.path):
        yield re.sub(r"\d+", "9" * 25, pad.path, count=1)
    delen = [deel.split("=", 1) for deel in pad.query.split("&") if deel]
    for i in range(len(delen)):
        for onzin in ONZIN:
            rest = [f"{k}={quote(onzin) if j == i else (v[0] if v else '')}" for j, (k, *v) in enumerate(delen)]
            yield pad.path + "?" + "&".join(rest)
    yield pad.path + "?" + "&".join(f"{k}={quote(v)}" for k, v in VREEMDE_PARAMETERS.items())


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--paginas", type=int, default=150, help="hoogstens zoveel pagina's per persoon")
    parser.add_argument("--herhalingen", type=int, default=5)
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--slordig", action="store_true",
                        help="vraag elke pagina ook op met onzin in het adres en meld elke status vanaf 500")
    parser.add_argument("--rol", action="append", choices=[rol for rol, _email in PERSONEN],
                        help="alleen deze persoon (mag vaker); standaard alle vijf")
    args = parser.parse_args()
    if args.paginas < 1 or args.herhalingen < 1 or args.top < 1:
        parser.error("--paginas, --herhalingen en --top zijn 1 of meer")
    personen = [(rol, User.objects.filter(email=email, is_active=True).first()) for rol, email in PERSONEN
                if not args.rol or rol in args.rol]
    if any(gebruiker is None for _rol, gebruiker in personen):
        sys.exit("De demo-personen ontbreken: vul eerst de demo (manage.py demo).")

    ruis = Client()
    h50, h95 = tijden(lambda: ruis.get("/health/"), args.herhalingen * 4)
    print(f"database {connection.settings_dict['NAME']}; baseline /health/: p50 {h50:.1f} ms, p95 {h95:.1f} ms\n")
    alles = []
    for rol, gebruiker in personen:
        client = Client(raise_request_exception=False)  # a server error is a finding: status 500 in the list
        client.force_login(gebruiker)
        paginas = rondgang(client, args.paginas)
        for url, status, grootte, queries, db_ms in paginas:
            p50, p95 = tijden(lambda url=url: client.get(url), args.herhalingen)
            alles.append((p50, p95, rol, url, status, grootte, queries, db_ms))
        if args.slordig:
            for url, *_rest in paginas:
                for variant in slordig(url):
                    antwoord = client.get(variant)
                    if antwoord.status_code >= 500:
                        print(f"{rol:15} {antwoord.status_code} {variant}")
        fouten = [p for p in paginas if p[1] >= 400]
        print(f"{rol:15} {len(paginas):4} pagina's, {len(fouten)} met status >= 400"
              + (": " + ", ".join(f"{u} {s}" for u, s, *_r in fouten[:5]) if fouten else ""))
    kop = f"{'p50 ms':>8} {'p95 ms':>8} {'kB':>6} {'queries':>7} {'db ms':>7}  {'rol':14} url"

    def regel(p50, p95, rol, url, status, grootte, queries, db_ms):
        return (f"{p50:8.1f} {p95:8.1f} {grootte / 1000:6.0f} {queries:7} {db_ms:7.1f}  {rol:14} {url}"
                + (f"  (status {status})" if status != 200 else ""))

    print(f"\nDe {args.top} traagste pagina's (van {len(alles)}):\n{kop}")
    for rij in sorted(alles, reverse=True)[:args.top]:
        print(regel(*rij))
    print(f"\nDe {min(args.top, 10)} grootste:\n{kop}")
    for rij in sorted(alles, key=lambda r: -r[5])[:min(args.top, 10)]:
        print(regel(*rij))


if __name__ == "__main__":
    main()
