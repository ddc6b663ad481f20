from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q

from accounts.models import (
    Arbeidsmarktregio,
    Gemeente,
    Organisatie,
    Postcodegebied,
    User,
    Verwerking,
    VerwerkingBetrokkene,
)


def beheer_overzicht():
    return {
        "regios": Arbeidsmarktregio.objects.count(),
        "gemeenten": Gemeente.objects.count(),
        "organisaties": Organisatie.objects.count(),
        "gebruikers": User.objects.filter(is_active=True).count(),
        "open_uitnodigingen": User.objects.filter(uitgenodigd_op__isnull=False, last_login__isnull=True).count(),
        "verwerkingen": Verwerking.objects.count(),
    }


def gebruikers_per_rol():
    return dict(User.objects.filter(is_active=True).values_list("rol").annotate(n=Count("id")))


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


def verwerkingen_over(*personen, behalve=None):
    """The verwerkingenlog lines about any of ``personen`` (e.g. a Kandidaat and its account), newest first,
    leaving out what ``behalve`` (the person themself) did. Uses the (content_type, object_id) index of the
    betrokkenen; one line per page even when it names several of ``personen``."""
    wie = Q(pk__in=[])
    for persoon in personen:
        if persoon is not None:
            wie |= Q(content_type=ContentType.objects.get_for_model(persoon), object_id=str(persoon.pk))
    ids = VerwerkingBetrokkene.objects.filter(wie).values("verwerking_id")
    regels = Verwerking.objects.filter(pk__in=ids).select_related("gebruiker")
    if behalve is not None:
        regels = regels.exclude(gebruiker=behalve)
    return regels.order_by("-tijdstip", "-pk")
