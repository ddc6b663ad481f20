import datetime
import time

from django.contrib.postgres.fields import ArrayField
from django.db import connection
from django.db.models import BigIntegerField, Count, Exists, IntegerField, OuterRef, Value
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from accounts.models import Postcodegebied
from bemiddeling.models import Voordracht
from beroepen import selectors as beroepen_selectors
from beroepen.models import Beroep, Vaardigheid, vaardigheid_label
from beroepen.selectors import (
    beroep_isco,
    beroep_vaardigheden,
    beroepen_uit_werkervaring,
    gedeelde_vaardigheden,
    vaardigheid_namen,
)
from klantreis.lib import vaste_vorm
from klantreis.lib.letterlijk import Letterlijk
from matching.engine import TAALNIVEAUS, KandidaatProfiel, VacatureProfiel, taalniveau_nederlands
from matching.models import Matchgewichten
from werkgevers.models import Vacature
from werkzoekenden.models import Kandidaat, Toestemming
from werkzoekenden.selectors import gewenste_beroepen_van, met_koppelingen

# --- profiles for the engine -----------------------------------------------------------------

_PC4 = None


def pc4_coordinaten():
    """{pc4: (lat, lon)} for all 4,086 postcode areas; reference data, loaded once per process."""
    global _PC4
    if _PC4 is None:
        _PC4 = {pc4: (lat, lon) for pc4, lat, lon in Postcodegebied.objects.values_list("pc4", "lat", "lon")}
    return _PC4


def _coord(postcode):
    return pc4_coordinaten().get((postcode or "")[:4], (None, None))


# How long a process ranks with the weights it read before it reads them again. A beheerder changes them a few times
# a year; every ranking (the dossier, "Wie past erbij?", a fifth of all pages) reading the row cost a round trip to
# the database each time. The process that saves them forgets them at once (``vergeet_gewichten``); the others
# follow within these seconds.
GEWICHTEN_GELDIG_SECONDEN = 5.0
_GEWICHTEN = None  # (read at, monotonic; the weights)


def matchgewichten():
    """The weights a beheerder set in the admin (one row; the defaults if it is missing), as this process read them
    at most ``GEWICHTEN_GELDIG_SECONDEN`` ago. A copy: the caller may change it."""
    global _GEWICHTEN
    bewaard = _GEWICHTEN
    if bewaard is None or time.monotonic() - bewaard[0] >= GEWICHTEN_GELDIG_SECONDEN:
        gelezen_op = time.monotonic()
        rijen = vaste_vorm.rijen("gewichten", lambda: Matchgewichten.objects.filter(pk=1).values_list(
            *Matchgewichten.ONDERDELEN))
        bewaard = _GEWICHTEN = (gelezen_op, dict(zip(Matchgewichten.ONDERDELEN, rijen[0])) if rijen
                                else Matchgewichten().als_dict())
    return dict(bewaard[1])


def vergeet_gewichten():
    """The weights changed (or the database started over): the next ranking of this process reads them."""
    global _GEWICHTEN
    _GEWICHTEN = None


def vacature_profiel_uit(pk, beroep_id, postcode, uren, rijbewijs, startdatum, contracttype, taalniveau,
                      open_doelgroepregister, *, vereist, gewenst):
    lat, lon = _coord(postcode)
    return VacatureProfiel(
        id=pk, beroep_id=beroep_id, lat=lat, lon=lon, uren=uren, vereist=frozenset(vereist),
        gewenst=frozenset(gewenst), rijbewijs=rijbewijs, startdatum=startdatum, contracttype=contracttype,
        taalniveau=TAALNIVEAUS.index(taalniveau) if taalniveau in TAALNIVEAUS else 0,
        open_doelgroepregister=open_doelgroepregister)


def vacature_profiel(vacature):
    """The engine's view of one vacature (the werkgever must be loaded or is fetched: 2 queries)."""
    vereist, gewenst = set(), set()
    for vaardigheid, soort in vaste_vorm.rijen("vacaturevaardigheden", _vacature_koppelingen, pk=vacature.pk):
        (vereist, gewenst)[soort].add(vaardigheid)
    return vacature_profiel_uit(
        vacature.pk, vacature.beroep_id, vacature.postcode, vacature.uren_per_week, vacature.rijbewijs,
        vacature.startdatum, vacature.contracttype, vacature.taalniveau, vacature.werkgever.open_doelgroepregister,
        vereist=vereist, gewenst=gewenst)


def _vacature_koppelingen(pk):
    koppelingen = [through.objects.filter(vacature_id=pk).values_list(
        "vaardigheid_id", Value(soort, output_field=IntegerField()))
        for soort, through in enumerate((Vacature.vereiste_vaardigheden.through,
                                         Vacature.gewenste_vaardigheden.through))]
    return koppelingen[0].union(koppelingen[1], all=True)


def vacature_profielen(vacatures):
    """Profiles for a queryset of vacatures: three queries, whatever their number."""
    rijen = list(vacatures.values_list("pk", "beroep_id", "postcode", "uren_per_week", "rijbewijs", "startdatum",
                                       "contracttype", "taalniveau", "werkgever__open_doelgroepregister"))
    ids = [r[0] for r in rijen]
    vereist, gewenst = {}, {}
    for doel, through in ((vereist, Vacature.vereiste_vaardigheden.through),
                          (gewenst, Vacature.gewenste_vaardigheden.through)):
        for vac, vaardigheid in through.objects.filter(vacature_id__in=ids).values_list("vacature_id",
                                                                                         "vaardigheid_id"):
            doel.setdefault(vac, set()).add(vaardigheid)
    return [vacature_profiel_uit(*rij, vereist=vereist.get(rij[0], ()), gewenst=gewenst.get(rij[0], ()))
            for rij in rijen]


def in_doelgroepregister(register, van, tot, vandaag):
    return bool(register) and (van is None or van <= vandaag) and (tot is None or tot >= vandaag)


KANDIDAAT_KOLOMMEN = ("pk", "postcode", "max_reisafstand_km", "gewenste_uren", "rijbewijs", "beschikbaar_per",
                      "gewenst_contracttype", "talen", "doelgroepregister", "doelgroepregister_van",
                      "doelgroepregister_tot")


def _kandidaat_rij(pk):
    qs = met_koppelingen(Kandidaat.objects.filter(pk=pk))
    koppelingen = ("koppeling_vaardigheden", "koppeling_beroepen") if connection.vendor == "postgresql" else ()
    return qs.values_list(*KANDIDAAT_KOLOMMEN, *koppelingen)


def kandidaat_profiel(pk):
    """The profile of one kandidaat (None if there is none), with SQL compiled once per process: on PostgreSQL one
    query (the skills and wished beroepen as arrays in the row, ``met_koppelingen``), elsewhere two. "Mijn kansen"
    asks it on every visit."""
    profielen = _profielen(vaste_vorm.rijen("kandidaat", _kandidaat_rij, pk=pk), vast=True)
    return profielen[0] if profielen else None


def heeft_koppelingen(kandidaat):
    """Whether this instance was read with the ids of its skills and wished beroepen (``met_koppelingen``)."""
    return hasattr(kandidaat, "koppeling_vaardigheden")


def profiel_van(kandidaat):
    """The matching profile of a kandidaat already read: from the instance itself when it was read with its links
    (``get_kandidaat_for_user(..., met_koppelingen=True)``, the dossier), else read again (``kandidaat_profiel``)."""
    if not heeft_koppelingen(kandidaat):
        return kandidaat_profiel(kandidaat.pk)
    rij = (*(getattr(kandidaat, kolom) for kolom in KANDIDAAT_KOLOMMEN), kandidaat.koppeling_vaardigheden,
           kandidaat.koppeling_beroepen)
    return _profielen([rij])[0]


def beroepnamen_van(kandidaat, profiel=None):
    """The names of the beroepen this kandidaat wishes, in the order of ``Beroep`` (by name): from the ids in the
    profile or the row (``met_koppelingen``) and the names every process keeps (``namen``), else read."""
    if profiel is not None and profiel.id == kandidaat.pk:
        ids = profiel.beroepen
    elif heeft_koppelingen(kandidaat):
        ids = kandidaat.koppeling_beroepen
    else:
        return [beroep.naam for beroep in gewenste_beroepen_van(kandidaat)]
    _vaardigheden, beroepen = namen((), ids)
    volgorde = _NAMEN[2]
    return [beroepen[pk] for pk in sorted(beroepen, key=lambda pk: (volgorde.get(pk, len(volgorde)), beroepen[pk]))]


def open_stempels(ids, regio_id=None, *, niet_aangenomen=None):
    """{vacature id: gewijzigd_op} of those of these vacatures that are open (and in this region). ``niet_aangenomen``:
    a kandidaat's id; a vacature she was hired for (it stays open for the werkgever's other places) is left out, in
    the same query."""

    def bouw(ids, regio_id=None, niet_aangenomen=None):
        qs = Vacature.objects.filter(status=Vacature.Status.OPEN, pk__in=ids)
        if niet_aangenomen is not None:
            qs = qs.filter(~Exists(Voordracht.objects.filter(vacature=OuterRef("pk"), kandidaat_id=niet_aangenomen,
                                                             status=Voordracht.Status.AANGENOMEN)))
        return (qs if regio_id is None else qs.filter(regio_id=regio_id)).order_by().values_list("pk", "gewijzigd_op")

    waarden = {"ids": list(ids)}
    if regio_id is not None:
        waarden["regio_id"] = regio_id
    if niet_aangenomen is not None:
        waarden["niet_aangenomen"] = niet_aangenomen
    vorm = ("stempels", regio_id is None, niet_aangenomen is None)
    return {pk: tijdstip(stempel) for pk, stempel in vaste_vorm.rijen(vorm, bouw, **waarden)}


def tijdstip(waarde):
    """A timestamp as the driver gave it (SQLite: text, in UTC) as an aware datetime."""
    if isinstance(waarde, str):
        waarde = parse_datetime(waarde)
    return waarde.replace(tzinfo=datetime.UTC) if timezone.is_naive(waarde) else waarde


_BEGIN = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def stempel(waarde):
    """``gewijzigd_op`` as whole microseconds since 1970 (UTC): how the kandidaat index keeps it per row, so a row
    read now can be compared with the row the index read (exactly: no float in between)."""
    return (tijdstip(waarde) - _BEGIN) // datetime.timedelta(microseconds=1)


def kandidaat_profielen(kandidaten):
    """Profiles for a queryset of kandidaten: two queries, whatever their number."""
    return _profielen(list(kandidaten.values_list(*KANDIDAAT_KOLOMMEN)))


def _koppelingen(ids):
    through = (Kandidaat.vaardigheden.through, Kandidaat.gewenste_beroepen.through)
    return through[0].objects.filter(kandidaat_id__in=ids).values_list(
        "kandidaat_id", "vaardigheid_id", Value(0, output_field=IntegerField())).union(
        through[1].objects.filter(kandidaat_id__in=ids).values_list(
            "kandidaat_id", "beroep_id", Value(1, output_field=IntegerField())), all=True)


def _datum(waarde):
    """A date as the driver gave it (SQLite: text) from a query run without the ORM's converters."""
    return datetime.date.fromisoformat(waarde) if isinstance(waarde, str) else waarde


def _profielen(rijen, *, vast=False, bekend=None):
    """Profiles from rows of ``KANDIDAAT_KOLOMMEN`` (followed by the arrays of ``_met_koppelingen``, or else the
    skills and wishes in one more query: a page waits for every round trip). ``vast``: the rows came from
    ``vaste_vorm`` (no converters ran; the links are read that way too).

    ``bekend``: for rows of ``KANDIDAAT_KOLOMMEN`` + ``gewijzigd_op`` (+ the arrays, or None for them), the skills
    and wishes the kandidaat index holds, {id: (stempel, vaardigheden, beroepen)}; used where the row still carries
    that stamp (every change to the links moves ``gewijzigd_op`` in the same transaction: ``matching.signals``),
    so those links are not read again. The rest come from the arrays, or from one more query."""
    ids = [r[0] for r in rijen]
    vandaag = timezone.localdate()
    vaardigheden, beroepen = {}, {}
    breedte = len(KANDIDAAT_KOLOMMEN)
    if bekend is not None:
        for r in rijen:
            if len(r) > breedte + 1 and r[-1] is not None:
                vaardigheden[r[0]], beroepen[r[0]] = r[-2], r[-1]
            elif (uit_index := bekend.get(r[0])) is not None and uit_index[0] == stempel(r[breedte]):
                vaardigheden[r[0]], beroepen[r[0]] = uit_index[1], uit_index[2]
        rijen = [r[:breedte] for r in rijen]
        ids = [pk for pk in ids if pk not in vaardigheden]
    elif rijen and len(rijen[0]) > breedte:
        for r in rijen:
            vaardigheden[r[0]], beroepen[r[0]] = r[-2], r[-1]
        rijen = [r[:breedte] for r in rijen]
        ids = []
    if ids:
        soort = (vaardigheden, beroepen)
        koppelingen = vaste_vorm.rijen("koppelingen", _koppelingen, ids=ids) if vast else _koppelingen(ids)
        for k, waarde, tabel in koppelingen:
            soort[tabel].setdefault(k, set()).add(waarde)
    if vast:
        rijen = [(*r[:5], _datum(r[5]), *r[6:8], bool(r[8]), _datum(r[9]), _datum(r[10])) for r in rijen]
    profielen = []
    for pk, postcode, max_km, uren, rijbewijs, beschikbaar, contract, talen, register, van, tot in rijen:
        lat, lon = _coord(postcode)
        profielen.append(KandidaatProfiel(
            id=pk, lat=lat, lon=lon, max_km=max_km, uren=uren, rijbewijs=rijbewijs, beschikbaar_per=beschikbaar,
            vaardigheden=frozenset(vaardigheden.get(pk, ())), beroepen=frozenset(beroepen.get(pk, ())),
            contracttype=contract, taalniveau=taalniveau_nederlands(talen),
            doelgroepregister=in_doelgroepregister(register, van, tot, vandaag)))
    return profielen


def voorgestelde_profielen(vacature, ids, *, heel_nederland, filters, met_extra, bekend=None):
    """Profiles of the kandidaten ``ids`` the index proposed, as far as they may still be found for this vacature
    and pass the filters now; with ``met_extra`` also (in the same query) those who shared their profile with this
    werkgever only (they are not in the index). The consent is checked in the database at this moment.

    ``bekend``: the skills and wishes of the proposed kandidaten as the index holds them, with the stamp it read
    them under ({id: (stempel, vaardigheden, beroepen)}, ``KandidaatIndex.koppelingen``). The query then reads
    only the kandidaten's own rows with their ``gewijzigd_op``; the links of a kandidaat whose row carries another
    stamp (changed since the index caught up) are read in one more query. Those links lie in two tables of millions
    of rows: read per kandidaat they were most of what a ranking read from disk (37 of 42 blocks; docs/benchmarks.md,
    vijfenveertigste sessie). The kandidaten shared with this werkgever only bring their links in the row."""

    def bouw(werkgever_id, ids, regio_id=None, uitkering="", min_uren=None):
        eigen = type(filters)(alleen_werkfit=filters.alleen_werkfit, uitkering=uitkering, min_uren=min_uren)
        qs = Kandidaat.objects.filter(
            _actieve_toestemming(Toestemming.Doel.VINDBAAR)
            | _actieve_toestemming(Toestemming.Doel.DELEN_MET_WERKGEVER, werkgever_id=werkgever_id))
        if filters.alleen_werkfit:
            qs = qs.filter(werkfit=True)
        if regio_id is not None:
            qs = qs.filter(regio_id=regio_id)
        qs = eigen.op_queryset(qs.filter(pk__in=ids)).order_by()  # SQLite: no ORDER BY in a UNION
        if bekend is None:
            qs = met_koppelingen(qs)
        elif connection.vendor == "postgresql":
            geen = ArrayField(BigIntegerField())  # the same columns as the other half of the UNION
            qs = qs.annotate(koppeling_vaardigheden=Value(None, output_field=geen),
                             koppeling_beroepen=Value(None, output_field=geen))
        if met_extra:
            extra = alleen_voor_werkgever(werkgever_id)
            if filters.alleen_werkfit:
                extra = extra.filter(werkfit=True)
            if regio_id is not None:
                extra = extra.filter(regio_id=regio_id)
            # UNION ALL: no sorting of whole rows to drop doubles; the one kandidaat who can be in both (proposed,
            # since no longer findable, shared with this werkgever) is dropped below.
            qs = qs.union(met_koppelingen(eigen.op_queryset(extra).order_by()), all=True)
        stempelkolom = () if bekend is None else ("gewijzigd_op",)
        return qs.values_list(*KANDIDAAT_KOLOMMEN, *stempelkolom, *_KOPPELINGKOLOMMEN.get(connection.vendor, ()))

    waarden = {"werkgever_id": vacature.werkgever_id, "ids": list(ids)}
    if not heel_nederland:
        waarden["regio_id"] = vacature.regio_id
    if filters.uitkering:
        waarden["uitkering"] = filters.uitkering
    if filters.min_uren:
        waarden["min_uren"] = int(filters.min_uren)
    if not ids and not met_extra:
        return []
    if not ids:
        waarden["ids"] = [0]  # nobody proposed (0 is no id): the werkgever's own still count
    vorm = ("voorstellen", met_extra, filters.alleen_werkfit, bekend is None, *sorted(waarden))
    rijen, gezien = [], set()
    for rij in vaste_vorm.rijen(vorm, bouw, **waarden):
        if rij[0] not in gezien:
            gezien.add(rij[0])
            rijen.append(rij)
    return _profielen(rijen, vast=True, bekend=bekend)


_KOPPELINGKOLOMMEN = {"postgresql": ("koppeling_vaardigheden", "koppeling_beroepen")}


def _actieve_toestemming(doel, **extra):
    # The purpose as a literal: a plan kept for the statement (klantreis/lib/postgresql) may then use the partial
    # index toestemming_voor_werkgever (doel = 'werkgever'), so PostgreSQL need not plan it again on every run.
    return Exists(Toestemming.objects.filter(kandidaat=OuterRef("pk"), doel=Letterlijk(doel),
                                             ingetrokken_op__isnull=True, **extra))


def met_vindbaar_profiel():
    """Kandidaten who consented to be findable with an anonymous profile (werkfit or not)."""
    return Kandidaat.objects.filter(_actieve_toestemming(Toestemming.Doel.VINDBAAR))


def alleen_voor_werkgever(werkgever_id):
    """Kandidaten not findable in general, but who consented to share with this one werkgever."""
    # Driven from the consent rows (few per werkgever), not from all kandidaten.
    gedeeld = Toestemming.objects.filter(doel=Letterlijk(Toestemming.Doel.DELEN_MET_WERKGEVER),
                                         werkgever_id=werkgever_id, ingetrokken_op__isnull=True).values("kandidaat_id")
    return Kandidaat.objects.filter(pk__in=gedeeld).exclude(_actieve_toestemming(Toestemming.Doel.VINDBAAR))


def vindbare_kandidaten(vacature, *, heel_nederland=False, alleen_werkfit=True):
    """Kandidaten who may be found for this vacature: consent to be findable, or consent for this werkgever."""
    qs = Kandidaat.objects.filter(
        _actieve_toestemming(Toestemming.Doel.VINDBAAR)
        | _actieve_toestemming(Toestemming.Doel.DELEN_MET_WERKGEVER, werkgever_id=vacature.werkgever_id))
    if alleen_werkfit:
        qs = qs.filter(werkfit=True)
    if not heel_nederland:
        qs = qs.filter(regio_id=vacature.regio_id)
    return qs


_NAMEN = None


def namen(vaardigheid_ids, beroep_ids):
    """({skill id: label}, {beroep id: name}) for explanations. Reference data: all of it is read once per
    process (two queries), so a ranking asks none; an id not seen yet (added since) is read when asked."""
    global _NAMEN
    if _NAMEN is None:
        beroepen = dict(Beroep.objects.values_list("pk", "naam"))  # in the order of Beroep: by name
        _NAMEN = ({pk: (naam, engels) for pk, naam, engels in Vaardigheid.objects.values_list(
                      "pk", "naam", "alleen_engels")},
                  beroepen, {pk: i for i, pk in enumerate(beroepen)})
    vaardigheden, beroepen, _volgorde = _NAMEN
    if onbekend := [pk for pk in vaardigheid_ids if pk not in vaardigheden]:
        vaardigheden.update({pk: (naam, engels) for pk, naam, engels in Vaardigheid.objects.filter(
            pk__in=onbekend).values_list("pk", "naam", "alleen_engels")})
    if onbekend := [pk for pk in beroep_ids if pk not in beroepen]:
        beroepen.update(Beroep.objects.filter(pk__in=onbekend).values_list("pk", "naam"))
    # The label is made per call: "(Engels)" follows the language of the request.
    return ({pk: vaardigheid_label(*vaardigheden[pk]) for pk in vaardigheid_ids if pk in vaardigheden},
            {pk: beroepen[pk] for pk in beroep_ids if pk in beroepen})


def vergeet_referentiedata():
    """After (re)loading reference data: the per-process caches start over."""
    global _PC4, _NAMEN
    _PC4 = _NAMEN = None
    vergeet_gewichten()
    beroepen_selectors.vergeet_referentiedata()


# --- breder kijken ----------------------------------------------------------------------------


class Suggesties(list):
    """The suggestions, and how many skills they rest on: "no suggestions" means something else for a
    kandidaat with eight skills than for one with none."""

    def __init__(self, suggesties=(), *, vaardigheden=0):
        super().__init__(suggesties)
        self.vaardigheden = vaardigheden


def _eigen_vaardigheden(kandidaat_id):
    return Kandidaat.vaardigheden.through.objects.filter(kandidaat_id=kandidaat_id).values_list("vaardigheid_id")


def _gewenste_beroepen(kandidaat_id):
    return Kandidaat.gewenste_beroepen.through.objects.filter(kandidaat_id=kandidaat_id).values_list("beroep_id")


def breder_kijken(kandidaat, *, aantal=5, minimaal_nieuw=2, profiel=None):
    """Occupations outside the kandidaat's own trade that their skills also fit ("je vaardigheden passen ook
    bij ..."), best covered first, with the skills still needed and the open vacatures in their region.

    The own trade is what they wish and what their work history names (or, lacking both, the occupation
    their skills share most with). A suggestion lies in another ISCO sub-major group (first two digits) and
    rests on at least ``minimaal_nieuw`` skills from outside the own trade's skills: Anja the administratief
    medewerker is not offered another office job, but behanger, for what she learned doing up her house."""

    # On every dossier and wensen page: the two reads are compiled once per process. A page that has the
    # kandidaat's matching profile (``profiel``: the dossier, from its ranking) has both already.
    if profiel is not None and profiel.id == kandidaat.pk:
        eigen, wensen = set(profiel.vaardigheden), set(profiel.beroepen)
    else:
        eigen = {pk for (pk,) in vaste_vorm.rijen("matching.breder.vaardigheden", _eigen_vaardigheden,
                                                   kandidaat_id=kandidaat.pk)}
        wensen = None
    if not eigen:
        return Suggesties()
    per_beroep, isco = beroep_vaardigheden(), beroep_isco()
    gedeeld = gedeelde_vaardigheden(eigen)
    if not gedeeld:
        return Suggesties(vaardigheden=len(eigen))

    def dekking(b):
        return gedeeld[b] / len(per_beroep[b])

    if wensen is None:
        wensen = {pk for (pk,) in vaste_vorm.rijen("matching.breder.wensen", _gewenste_beroepen,
                                                   kandidaat_id=kandidaat.pk)}
    vak = wensen | beroepen_uit_werkervaring(kandidaat.werkervaring)
    if not vak:
        vak = {max(gedeeld, key=lambda b: (gedeeld[b], dekking(b), -b))}
    vak_groepen = {isco.get(b, "")[:2] for b in vak} - {""}
    buiten_vak = eigen - set().union(*(per_beroep.get(b, frozenset()) for b in vak))
    keuze = sorted((b for b in gedeeld if b not in vak and isco.get(b, "")[:2] not in vak_groepen
                    and len(per_beroep[b] & buiten_vak) >= minimaal_nieuw),
                   key=lambda b: (-dekking(b), -gedeeld[b], b))[:aantal]
    if not keuze:
        return Suggesties(vaardigheden=len(eigen))
    beroepen = Beroep.objects.in_bulk(keuze)
    nodig = {b: per_beroep[b] - eigen for b in keuze}
    namen = vaardigheid_namen(set().union(*nodig.values()))
    open_per_beroep = dict(Vacature.objects.filter(status=Vacature.Status.OPEN, regio_id=kandidaat.regio_id,
                                                   beroep_id__in=keuze).values_list("beroep_id").annotate(
        n=Count("pk")).values_list("beroep_id", "n"))
    suggesties = Suggesties(vaardigheden=len(eigen))
    for b in keuze:
        nog = sorted(namen.get(v, "") for v in nodig[b])
        suggesties.append({"beroep": beroepen[b], "gedeeld": gedeeld[b], "totaal": len(per_beroep[b]),
                           "nog_nodig": nog[:4], "nog_meer": max(0, len(nog) - 4),
                           "open_vacatures": open_per_beroep.get(b, 0)})
    return suggesties
