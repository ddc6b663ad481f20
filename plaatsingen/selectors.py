from datetime import datetime, time, timedelta

from django.db.models import Count, Min, OuterRef, Q, Subquery
from django.utils import timezone

from accounts.models import Rol
from klantreis.lib import vaste_vorm
from plaatsingen.models import NazorgMoment, Plaatsing


def _volgend_moment():
    """The first open nazorg moment of the plaatsing, as a subquery per row: PostgreSQL looks it up only for the
    rows on the page. As MIN over a join with GROUP BY it read every moment of every plaatsing of the region before
    the page could be cut (1.3 s for an accountmanager with 54,000 plaatsingen in the region)."""
    return Subquery(NazorgMoment.objects.filter(plaatsing=OuterRef("pk"), uitkomst="").order_by("gepland_op")
                    .values("gepland_op")[:1])


def plaatsingen_voor(user):
    qs = Plaatsing.objects.select_related("kandidaat", "werkgever").annotate(volgend_moment=_volgend_moment())
    if user.rol == Rol.ACCOUNTMANAGER:
        qs = qs.filter(regio_id=user.regio_id)
    elif user.rol == Rol.KLANTMANAGER:
        qs = qs.filter(kandidaat__klantmanager=user)
    elif user.rol == Rol.WERKGEVER:
        qs = qs.filter(werkgever__organisatie_id=user.organisatie_id)
    elif user.rol == Rol.WERKZOEKENDE:
        qs = qs.filter(kandidaat__account=user)
    else:
        qs = qs.none()
    return qs.order_by("-startdatum", "-pk")


def momenten_vandaag_en_te_laat(plaatsingen):
    einde_vandaag = timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=1), time.min))
    return (NazorgMoment.objects.filter(plaatsing__in=plaatsingen.values("pk"), uitkomst="",
                                        gepland_op__lt=einde_vandaag, plaatsing__status=Plaatsing.Status.LOPEND)
            .select_related("plaatsing__kandidaat", "plaatsing__werkgever").order_by("gepland_op", "pk"))


def proef_eindigt_binnenkort(plaatsingen):
    vandaag = timezone.localdate()
    return plaatsingen.filter(soort=Plaatsing.Soort.PROEFPLAATSING, status=Plaatsing.Status.LOPEND,
                              einddatum__gte=vandaag, einddatum__lte=vandaag + timedelta(weeks=2)).order_by("einddatum")


def tellingen_per_status(plaatsingen):
    tellingen = dict(plaatsingen.order_by().values_list("status").annotate(n=Count("pk")))
    return [(label, tellingen.get(waarde, 0)) for waarde, label in Plaatsing.Status.choices]


def _huidige_plaatsing(kandidaat_id, nu):
    return (Plaatsing.objects.filter(kandidaat_id=kandidaat_id, status__in=[Plaatsing.Status.LOPEND,
                                                                             Plaatsing.Status.WACHT_OP_HANDTEKENING])
            .select_related("werkgever").annotate(
                volgend_moment=Min("nazorgmomenten__gepland_op", filter=Q(nazorgmomenten__uitkomst="",
                                                                           nazorgmomenten__gepland_op__gte=nu)))
            .order_by("-startdatum", "-pk")[:1])


def huidige_plaatsing(kandidaat):
    """The werknemer's current work: for 'hoe lang kan ik blijven?'. On the werkzoekende's home page and the
    dossier: the SQL is compiled once per process (``vaste_vorm``)."""
    gevonden = vaste_vorm.objecten("plaatsingen.huidige", _huidige_plaatsing, kandidaat_id=kandidaat.pk,
                                   nu=timezone.now())
    return gevonden[0] if gevonden else None
