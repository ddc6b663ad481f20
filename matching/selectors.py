from django.db.models import IntegerField, Value

from beroepen import selectors as beroepen_selectors
from beroepen.models import Beroep, Vaardigheid, vaardigheid_label
from beroepen.selectors import (
    beroep_isco,
    beroep_vaardigheden,
    beroepen_uit_werkervaring,
    gedeelde_vaardigheden,
    vaardigheid_namen,
)
from accounts.models import Postcodegebied
from matching.models import Matchgewichten
from matching.engine import KandidaatProfiel, TAALNIVEAUS, VacatureProfiel, taalniveau_nederlands
from werkgevers.models import Vacature
from werkzoekenden.models import Kandidaat, Toestemming


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


def matchgewichten():
    """The weights a beheerder set in the admin (one row; the defaults if it is missing)."""
    return (Matchgewichten.objects.filter(pk=1).first() or Matchgewichten()).als_dict()


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
    koppelingen = [through.objects.filter(vacature_id=vacature.pk).values_list(
        "vaardigheid_id", Value(soort, output_field=IntegerField()))
        for soort, through in enumerate((Vacature.vereiste_vaardigheden.through,
                                         Vacature.gewenste_vaardigheden.through))]
    for vaardigheid, soort in koppelingen[0].union(koppelingen[1], all=True):
        (vereist, gewenst)[soort].add(vaardigheid)
    return vacature_profiel_uit(
        vacature.pk, vacature.beroep_id, vacature.postcode, vacature.uren_per_week, vacature.rijbewijs,
        vacature.startdatum, vacature.contracttype, vacature.taalniveau, vacature.werkgever.open_doelgroepregister,
        vereist=vereist, gewenst=gewenst)


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


def kandidaat_profielen(kandidaten):
    """Profiles for a queryset of kandidaten: three queries, whatever their number."""
    from django.utils import timezone

    rijen = list(kandidaten.values_list(*KANDIDAAT_KOLOMMEN))
    ids = [r[0] for r in rijen]
    vandaag = timezone.localdate()
    vaardigheden, beroepen = {}, {}
    if ids:
        # Skills and wishes in one round trip: a page waits for every query.
        soort = (vaardigheden, beroepen)
        for k, waarde, tabel in Kandidaat.vaardigheden.through.objects.filter(kandidaat_id__in=ids).values_list(
                "kandidaat_id", "vaardigheid_id", Value(0, output_field=IntegerField())).union(
                Kandidaat.gewenste_beroepen.through.objects.filter(kandidaat_id__in=ids).values_list(
                    "kandidaat_id", "beroep_id", Value(1, output_field=IntegerField())), all=True):
            soort[tabel].setdefault(k, set()).add(waarde)
    profielen = []
    for pk, postcode, max_km, uren, rijbewijs, beschikbaar, contract, talen, register, van, tot in rijen:
        lat, lon = _coord(postcode)
        profielen.append(KandidaatProfiel(
            id=pk, lat=lat, lon=lon, max_km=max_km, uren=uren, rijbewijs=rijbewijs, beschikbaar_per=beschikbaar,
            vaardigheden=frozenset(vaardigheden.get(pk, ())), beroepen=frozenset(beroepen.get(pk, ())),
            contracttype=contract, taalniveau=taalniveau_nederlands(talen),
            doelgroepregister=in_doelgroepregister(register, van, tot, vandaag)))
    return profielen


def _actieve_toestemming(doel, **extra):
    from django.db.models import Exists, OuterRef

    return Exists(Toestemming.objects.filter(kandidaat=OuterRef("pk"), doel=doel, ingetrokken_op__isnull=True,
                                             **extra))


def met_vindbaar_profiel():
    """Kandidaten who consented to be findable with an anonymous profile (werkfit or not)."""
    return Kandidaat.objects.filter(_actieve_toestemming(Toestemming.Doel.VINDBAAR))


def alleen_voor_werkgever(werkgever_id):
    """Kandidaten not findable in general, but who consented to share with this one werkgever."""
    # Driven from the consent rows (few per werkgever), not from all kandidaten.
    gedeeld = Toestemming.objects.filter(doel=Toestemming.Doel.DELEN_MET_WERKGEVER, werkgever_id=werkgever_id,
                                         ingetrokken_op__isnull=True).values("kandidaat_id")
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
        _NAMEN = ({pk: (naam, engels) for pk, naam, engels in Vaardigheid.objects.values_list(
                      "pk", "naam", "alleen_engels")},
                  dict(Beroep.objects.values_list("pk", "naam")))
    vaardigheden, beroepen = _NAMEN
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
    beroepen_selectors.vergeet_referentiedata()


# --- breder kijken ----------------------------------------------------------------------------


class Suggesties(list):
    """The suggestions, and how many skills they rest on: "no suggestions" means something else for a
    kandidaat with eight skills than for one with none."""

    def __init__(self, suggesties=(), *, vaardigheden=0):
        super().__init__(suggesties)
        self.vaardigheden = vaardigheden


def breder_kijken(kandidaat, *, aantal=5, minimaal_nieuw=2):
    """Occupations outside the kandidaat's own trade that their skills also fit ("je vaardigheden passen ook
    bij ..."), best covered first, with the skills still needed and the open vacatures in their region.

    The own trade is what they wish and what their work history names (or, lacking both, the occupation
    their skills share most with). A suggestion lies in another ISCO sub-major group (first two digits) and
    rests on at least ``minimaal_nieuw`` skills from outside the own trade's skills: Anja the administratief
    medewerker is not offered another office job, but behanger, for what she learned doing up her house."""
    from django.db.models import Count

    eigen = set(kandidaat.vaardigheden.values_list("pk", flat=True))
    if not eigen:
        return Suggesties()
    per_beroep, isco = beroep_vaardigheden(), beroep_isco()
    gedeeld = gedeelde_vaardigheden(eigen)
    if not gedeeld:
        return Suggesties(vaardigheden=len(eigen))

    def dekking(b):
        return gedeeld[b] / len(per_beroep[b])

    wensen = set(kandidaat.gewenste_beroepen.values_list("pk", flat=True))
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
