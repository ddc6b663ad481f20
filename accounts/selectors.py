from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q
from django.utils import timezone

from accounts.models import (
    Arbeidsmarktregio,
    Gemeente,
    Organisatie,
    Postcodegebied,
    Rol,
    User,
    Verwerking,
    VerwerkingBetrokkene,
)
from klantreis.lib import vaste_vorm
from klantreis.lib.beheerlijst import BegrensdePaginator
from klantreis.lib.letterlijk import Letterlijk
from klantreis.lib.paginering import PER_PAGINA, Blad, codeer_cursor


def beheer_overzicht():
    verwerkingen, geschat = aantal_verwerkingen()
    per_rol = gebruikers_per_rol()
    return {
        "regios": Arbeidsmarktregio.objects.count(),
        "gemeenten": Gemeente.objects.count(),
        "organisaties": Organisatie.objects.count(),
        "gebruikers": sum(n for n, _geschat in per_rol.values()),
        "gebruikers_geschat": any(geschat for _n, geschat in per_rol.values()),
        "per_rol": per_rol,
        "open_uitnodigingen": open_uitnodigingen().count(),
        "verwerkingen": verwerkingen,
        "verwerkingen_geschat": geschat,
    }


def aantal_verwerkingen():
    """The number of lines in the verwerkingenlog, and whether it is PostgreSQL's estimate: counted as the log's own
    admin list counts (``BegrensdePaginator``: up to ``telgrens()``, then the planner's estimate). The log grows with
    every view of personal data, by millions a month at national volume; a COUNT(*) read all of it on every visit of
    /beheer/."""
    return _begrensd_geteld(Verwerking.objects.all())


def _begrensd_geteld(queryset):
    telling = BegrensdePaginator(queryset, 1)
    return telling.count, telling.geschat


def gebruikers_per_rol():
    """``{rol: (aantal, geschat)}`` of the active users, each role counted as the log is (exact up to ``telgrens()``,
    above that PostgreSQL's estimate from the statistics of ``rol``). Every werkzoekende and every werkgever with an
    account is a user: at national volume hundreds of thousands, which an exact count read whole on every visit."""
    return {rol: _begrensd_geteld(User.objects.filter(is_active=True, rol=rol)) for rol in Rol.values}


def open_uitnodigingen(nu=None):
    """Invitations that can still be accepted: sent within the link's validity (``PASSWORD_RESET_TIMEOUT``, after
    which the link no longer works and the sweep removes the account) and not used yet. A range of the index on
    ``uitgenodigd_op``, where "ever invited" was most of the users."""
    grens = (nu or timezone.now()) - timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
    return User.objects.filter(uitgenodigd_op__gte=grens, last_login__isnull=True)


def verlopen_uitnodigingen(nu=None):
    """Accounts whose invitation link expired unused: invited before ``PASSWORD_RESET_TIMEOUT`` ago, never logged in,
    no password set (an unusable one, as an invitation makes). From the index on the invitations never used."""
    grens = (nu or timezone.now()) - timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
    return User.objects.filter(uitgenodigd_op__lt=grens, last_login__isnull=True,
                               password__startswith=UNUSABLE_PASSWORD_PREFIX).order_by("uitgenodigd_op", "pk")


def recente_uitnodigingen(limit=10):
    return (
        User.objects.filter(uitgenodigd_op__isnull=False)
        .select_related("organisatie", "regio", "uitgenodigd_door")
        .order_by("-uitgenodigd_op")[:limit]
    )


def wsp_van_regio(regio):
    return Organisatie.objects.filter(regio=regio, soort=Organisatie.Soort.WSP).first()


def gemeente_voor_postcode(postcode):
    """The gemeente of a Dutch postcode (``1234 AB``), or None when the 4 digits are unknown."""
    pc4 = (postcode or "").strip()[:4]
    gebied = Postcodegebied.objects.select_related("gemeente__regio").filter(pc4=pc4).first()
    return gebied.gemeente if gebied else None


def _wsp_prefetch():
    return Prefetch("organisaties", queryset=Organisatie.objects.filter(soort=Organisatie.Soort.WSP), to_attr="wsps")


def regios_met_wsp():
    """Every arbeidsmarktregio with its Werkgeversservicepunt (``regio.wsps``, at most one), for the public list."""
    return Arbeidsmarktregio.objects.order_by("naam").prefetch_related(_wsp_prefetch())


def regio_met_wsp(code):
    """One region by its CBS code (any case) with its WSP (``regio.wsps``) and gemeenten, or None."""
    return (
        Arbeidsmarktregio.objects.filter(code__iexact=code)
        .prefetch_related(_wsp_prefetch(), Prefetch("gemeenten", queryset=Gemeente.objects.order_by("naam")))
        .first()
    )


def verwerkingen_over(*personen):
    """The verwerkingenlog lines about any of ``personen`` (e.g. a Kandidaat and its account), newest first: all
    of them, for the inzage export. Uses the (content_type, object_id) index of the betrokkenen; one line per page
    even when it names several of ``personen``."""
    wie = Q(pk__in=[])
    for persoon in personen:
        if persoon is not None:
            wie |= Q(content_type=ContentType.objects.get_for_model(persoon), object_id=str(persoon.pk))
    ids = VerwerkingBetrokkene.objects.filter(wie).values("verwerking_id")
    return Verwerking.objects.filter(pk__in=ids).select_related("gebruiker").order_by("-tijdstip", "-pk")


def verwerkingen_over_blad(*personen, behalve=None, na=None, voor=None, per_pagina=PER_PAGINA):
    """One page (a Blad) of the lines about any of ``personen``, newest first, without what ``behalve`` did.

    For "wie heeft mijn gegevens bekeken". A kandidaat is named on every view of their klantmanager's caseload and
    of every matching list they are on: over the bewaartermijn tens of thousands of lines. The page costs the same
    however many there are and however deep it is: per person one walk of the betrokkenen index (content_type,
    object_id, verwerking) from the cursor for at most a page + 1 ids, then that page's lines by primary key. The
    order is the order in which the log received the lines (their id): the log is append-only and a line's
    tijdstip is the moment it was written. ``na``: the lines older than this id; ``voor``: the newer ones.
    """
    terug = voor is not None
    gevonden = set()
    for persoon in personen:
        if persoon is None:
            continue
        ids = VerwerkingBetrokkene.objects.filter(content_type=ContentType.objects.get_for_model(persoon),
                                                  object_id=str(persoon.pk))
        if behalve is not None:
            ids = ids.exclude(verwerking__gebruiker=behalve)
        if terug:
            ids = ids.filter(verwerking_id__gt=voor).order_by("verwerking_id")
        else:
            ids = (ids.filter(verwerking_id__lt=na) if na is not None else ids).order_by("-verwerking_id")
        gevonden.update(ids.values_list("verwerking_id", flat=True)[:per_pagina + 1])
    # The first page + 1 of the union is within the first page + 1 of each person's walk.
    gekozen = sorted(gevonden, reverse=not terug)[:per_pagina + 1]
    meer = len(gekozen) > per_pagina
    regels = list(Verwerking.objects.filter(pk__in=gekozen[:per_pagina]).select_related("gebruiker")
                  .order_by("-pk")) if gekozen else []
    eerste = codeer_cursor([regels[0].pk]) if regels else None
    laatste = codeer_cursor([regels[-1].pk]) if regels else None
    if terug:
        return Blad(regels, eerste if meer else None, laatste, not meer)
    return Blad(regels, eerste if na is not None else None, laatste if meer else None, na is None)


# --- choosing a colleague: the warme overdracht, the waarneming -------------------------------------

COLLEGAS_PER_ZOEKOPDRACHT = 20


@dataclass(frozen=True)
class Collegakeuze:
    """What a page for choosing a colleague shows: at most a page of them (the one already chosen first, when a
    search did not find them), the search term as it was used, and whether there are more."""

    collegas: list
    zoekterm: str
    aantal_gevonden: int
    meer_gevonden: bool

    def context(self):
        return {"zoekterm": self.zoekterm, "aantal_gevonden": self.aantal_gevonden,
                "meer_gevonden": self.meer_gevonden}


def collegas_zoeken(collegas, zoekterm, *, gekozen=None, zonder_zoekterm=None):
    """The colleagues of ``collegas`` to choose from: those in whose first name, surname or organisation every word
    of ``zoekterm`` occurs ("jeske", "gunterman arnhem", "uwv"; nothing for a term of fewer than two letters); with
    no term, the first of ``zonder_zoekterm`` (a queryset of ``collegas``) by name, or nobody. A page of them, from
    a query that stops after a page and one more. ``gekozen`` (an id, as the form had it) is kept when it is one of
    ``collegas``, even when the search does not find them."""
    zoekterm = " ".join((zoekterm or "").split()[:5])[:100]
    if len(zoekterm) >= 2:
        gevonden = collegas
        for woord in zoekterm.split():
            gevonden = gevonden.filter(Q(voornaam__icontains=woord) | Q(achternaam__icontains=woord)
                                       | Q(organisatie__naam__icontains=woord))
    else:
        gevonden = zonder_zoekterm if not zoekterm and zonder_zoekterm is not None else collegas.none()
    gevonden = list(gevonden.order_by("achternaam", "voornaam", "pk")[:COLLEGAS_PER_ZOEKOPDRACHT + 1])
    meer = len(gevonden) > COLLEGAS_PER_ZOEKOPDRACHT
    gevonden = gevonden[:COLLEGAS_PER_ZOEKOPDRACHT]
    aantal = len(gevonden)
    if gekozen and gekozen not in {c.pk for c in gevonden}:
        gevonden = [*collegas.filter(pk=gekozen), *gevonden]
    return Collegakeuze(gevonden, zoekterm, aantal, meer)


def mogelijke_waarnemers(gebruiker):
    """Who may cover ``gebruiker``'s caseload: the active klantmanagers of their own organisation. A municipality
    the size of Arnhem has hundreds, so the page shows a search's results (``collegas_zoeken``), never them all."""
    if not gebruiker.organisatie_id:
        return User.objects.none()
    return (User.objects.filter(organisatie_id=gebruiker.organisatie_id, rol=Letterlijk(Rol.KLANTMANAGER),
                                is_active=True).exclude(pk=gebruiker.pk).select_related("organisatie"))


def ik_en_wie_ik_waarneem(gebruiker):
    """The ids of ``gebruiker`` and of the colleagues (same organisation) they cover for: a short list, the
    relation a caseload and an inbox start from. The ids go into those queries as values, not as a subquery, so the
    planner estimates from the column's statistics (docs/benchmarks.md, "Caseload"). Asked on every visit of those
    pages: compiled once per process."""
    if gebruiker.organisatie_id is None:  # IS NULL is another shape: the ORM builds it
        return list(User.objects.filter(Q(pk=gebruiker.pk) | Q(waarnemer=gebruiker, organisatie_id=None))
                    .values_list("pk", flat=True))
    return [pk for (pk,) in vaste_vorm.rijen("accounts.ik_en_wie_ik_waarneem", _ik_en_wie_ik_waarneem,
                                             gebruiker_id=gebruiker.pk, organisatie_id=gebruiker.organisatie_id)]


def _ik_en_wie_ik_waarneem(gebruiker_id, organisatie_id):
    return User.objects.filter(
        Q(pk=gebruiker_id) | Q(waarnemer_id=gebruiker_id, organisatie_id=organisatie_id)).values_list("pk")


def waargenomen_door(gebruiker, limiet=10):
    """The colleagues whose caseload ``gebruiker`` covers now, as the caseload counts them (same organisation,
    ``werkzoekenden.selectors.klantmanagers_van_caseload``): the first ``limiet`` by name, and how many in all (both
    from the index on waarnemer; one team lead in the demo covers for 500)."""
    collegas = User.objects.filter(waarnemer_id=gebruiker.pk, organisatie_id=gebruiker.organisatie_id).exclude(
        pk=gebruiker.pk)
    eerste = list(collegas.order_by("achternaam", "voornaam", "pk")[:limiet + 1])
    aantal = collegas.count() if len(eerste) > limiet else len(eerste)
    return eerste[:limiet], aantal
