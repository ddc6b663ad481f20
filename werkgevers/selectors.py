from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Collegauitnodiging, Rol, User
from accounts.selectors import werkgevermensen
from klantreis.lib import vaste_vorm
from werkgevers.models import Afspraak, Instrument, Tijdlijnregel, Vacature, Verzoek, Verzoekaanvulling, Werkgever


def werkgevers_van_accountmanager(accountmanager):
    return (
        Werkgever.objects.filter(accountmanager=accountmanager)
        .select_related("gemeente")
        .order_by("naam")
    )


def _werkgever_van_organisatie(organisatie_id):
    # The accountmanager's waarnemer too: the werkgever's page says who helps while she is away.
    return (Werkgever.objects.select_related("accountmanager", "accountmanager__organisatie",
                                             "accountmanager__waarnemer", "gemeente", "regio")
            .filter(organisatie_id=organisatie_id).order_by("naam", "pk")[:1])


def werkgever_van_gebruiker(gebruiker):
    """The company a werkgever-user works for, or None. The werkgever's every page reads it: the SQL is compiled
    once per process."""
    if not gebruiker.organisatie_id:
        return None
    gevonden = vaste_vorm.objecten("werkgevers.van_organisatie", _werkgever_van_organisatie,
                                   organisatie_id=gebruiker.organisatie_id)
    return gevonden[0] if gevonden else None


def vacatures_van_werkgever(werkgever):
    return Vacature.objects.filter(werkgever=werkgever).select_related("gemeente").order_by("-aangemaakt_op")


def verzoeken_voor_accountmanager(accountmanager):
    """Open verzoeken of the accountmanager plus the region's queue, the closest deadline first."""
    return open_verzoeken(accountmanager.regio_id, accountmanager.pk)


def open_verzoeken(regio_id, accountmanager_id):
    """``verzoeken_voor_accountmanager`` from the two values it reads (the list page compiles it once per process)."""
    from django.db.models import Q

    # The questions asked again through the public form while it was open, counted in the row: the queue says there
    # is more to call about (``Verzoekaanvulling``).
    aanvullingen = (Verzoekaanvulling.objects.filter(verzoek=OuterRef("pk")).order_by().values("verzoek")
                    .annotate(n=Count("pk")).values("n"))
    return (
        Verzoek.objects.filter(regio_id=regio_id, status=Verzoek.Status.NIEUW)
        .filter(Q(accountmanager_id=accountmanager_id) | Q(accountmanager__isnull=True))
        .select_related("werkgever__gemeente", "accountmanager")
        .annotate(aantal_aanvullingen=Coalesce(Subquery(aanvullingen, output_field=IntegerField()), 0))
        .order_by("deadline", "pk")
    )


def aanvullingen_van(verzoek):
    """The questions asked through the public form while the verzoek was open, the first first."""
    return list(verzoek.aanvullingen.order_by("ontvangen_op", "pk"))


def werkgevers_van_regio(regio, zoekterm=""):
    qs = Werkgever.objects.filter(regio=regio).select_related("gemeente", "accountmanager")
    if zoekterm:
        qs = qs.filter(naam__icontains=zoekterm) | qs.filter(kvk_nummer=zoekterm)
    return qs.order_by("naam", "pk")


def tijdlijn_van(werkgever, *, voor_werkgever):
    qs = Tijdlijnregel.objects.filter(werkgever=werkgever).select_related("door")
    if voor_werkgever:
        qs = qs.filter(voor_werkgever=True)
    return qs.order_by("-tijdstip", "-pk")


def afspraken_van(werkgever):
    return Afspraak.objects.filter(werkgever=werkgever).select_related("vastgelegd_door").order_by("-vastgelegd_op")


def instrumenten(zoekterm=""):
    from django.db.models import Q

    qs = Instrument.objects.filter(actief=True)
    if zoekterm:
        qs = qs.filter(Q(naam__icontains=zoekterm) | Q(samenvatting__icontains=zoekterm)
                       | Q(voorwaarden__icontains=zoekterm) | Q(voor_wie__icontains=zoekterm))
    return qs.order_by("naam")


# A company has a handful of people with an account; a list page of them is one page, no paging.
MENSEN_MAX = 100


def mensen_van_werkgever(werkgever, *, ook_uitgenodigd=False):
    """The people of the werkgever with an active account, by name: who sees its voordrachten and gets its meldingen
    and mail. At most ``MENSEN_MAX`` (a company, not a country).

    Without the accounts that only wait for a werkgever's invitation to be accepted (``accounts.selectors.
    werkgevermensen``): the werkgever's page lists those as their invitation. Staff (``ook_uitgenodigd``) see every
    active account of the company, an invited one as not yet logged in."""
    mensen = (User.objects.filter(organisatie_id=werkgever.organisatie_id, rol=Rol.WERKGEVER, is_active=True)
              if ook_uitgenodigd else werkgevermensen(werkgever.organisatie_id))
    return list(mensen.order_by("achternaam", "voornaam", "pk")[:MENSEN_MAX])


def open_collegauitnodigingen(werkgever, *, nu=None):
    """The invitations of the werkgever's people that still wait for an answer, newest first, one per address: not
    withdrawn, the link not yet expired (``PASSWORD_RESET_TIMEOUT``), and the colleague's account (if the address
    made one) still without a password of its own. An address with another account (``gebruiker`` None) waits here
    until it expires, like an invitation nobody answers: the page tells nobody which addresses have an account.

    At most ``MENSEN_MAX`` rows are read: the daily limit per person keeps a company's open invitations far below
    that."""
    grens = (nu or timezone.now()) - timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
    rijen = (Collegauitnodiging.objects
             .filter(organisatie_id=werkgever.organisatie_id, verstuurd_op__gt=grens, ingetrokken_op__isnull=True)
             .filter(Q(gebruiker__isnull=True)
                     | Q(gebruiker__is_active=True, gebruiker__password__startswith=UNUSABLE_PASSWORD_PREFIX))
             .select_related("gebruiker").order_by("-verstuurd_op", "-pk")[:MENSEN_MAX])
    gezien, open_ = set(), []
    for rij in rijen:
        if rij.email not in gezien:
            gezien.add(rij.email)
            open_.append(rij)
    return open_
