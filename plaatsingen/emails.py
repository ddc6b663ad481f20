from django.urls import reverse
from django.utils import timezone

from accounts.emails import queue_email
from outbox.services import mails_maken
from plaatsingen.models import CHECKIN_GELDIG
from werkgevers.emails import werkgever_adressen


def _werknemer_adres(plaatsing):
    k = plaatsing.kandidaat
    return k.account.email if k.account_id else k.email


def ter_ondertekening(plaatsing):
    queue_email(to=werkgever_adressen(plaatsing.werkgever), subject="Overeenkomst klaar om te ondertekenen",
                template="emails/plaatsingen/ter_ondertekening",
                context={"p": plaatsing, "link": reverse("plaatsing_detail", args=[plaatsing.pk]),
                         "am": plaatsing.werkgever.accountmanager})


def ondertekend(plaatsing):
    am = plaatsing.werkgever.accountmanager
    queue_email(to=[*werkgever_adressen(plaatsing.werkgever), am.email if am else "", _werknemer_adres(plaatsing)],
                subject="De overeenkomst is ondertekend", template="emails/plaatsingen/ondertekend",
                context={"p": plaatsing, "link": reverse("plaatsing_detail", args=[plaatsing.pk])})


def felicitatie(plaatsing):
    queue_email(to=[*werkgever_adressen(plaatsing.werkgever), _werknemer_adres(plaatsing)],
                subject="Feestje! Een contract is getekend", template="emails/plaatsingen/felicitatie",
                context={"p": plaatsing, "am": plaatsing.werkgever.accountmanager})


def nazorg_herinnering(moment, adressen):
    """Unsaved: the sweep writes the mails of a whole batch of moments at once."""
    return mails_maken(aan=adressen,
                       onderwerp=f"Nazorg vandaag: {moment.plaatsing.kandidaat} bij {moment.plaatsing.werkgever}",
                       template="emails/plaatsingen/nazorg_herinnering", sleutel=f"nazorg:{moment.pk}:herinnering",
                       context={"m": moment, "link": reverse("plaatsing_detail", args=[moment.plaatsing_id])})


def checkin(moment, *, rol, adres, token):
    """Unsaved, like ``nazorg_herinnering``. The token is only in the mail (the row keeps its hash); the
    outbox forgets the mail's context once it is sent."""
    return mails_maken(aan=[adres], onderwerp="Hoe gaat het?", template="emails/plaatsingen/checkin",
                       sleutel=f"checkin:{moment.pk}:{rol}",
                       context={"m": moment, "rol": rol, "link": reverse("checkin", args=[token]),
                                "am": moment.plaatsing.werkgever.accountmanager,
                                "geldig_tot": timezone.localtime(timezone.now() + CHECKIN_GELDIG)})
