from django.db.models import Count

from accounts.models import Arbeidsmarktregio, Gemeente, Organisatie, User, Verwerking
from accounts.models import Postcodegebied


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
