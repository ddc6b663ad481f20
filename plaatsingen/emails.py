import functools

from django.urls import reverse
from django.utils import timezone, translation

from accounts.emails import queue_email
from outbox.context import bevries, verwijzing, zolang
from outbox.services import ontvangers
from werkgevers.emails import werkgever_adressen

WAT_IN_MAIL_MAX = 2000  # a mail has room to say every change with its old and new value


def _werknemer_adres(plaatsing):
    k = plaatsing.kandidaat
    return k.account.email if k.account_id else k.email


def ter_ondertekening(plaatsing):
    queue_email(to=werkgever_adressen(plaatsing.werkgever), subject="Overeenkomst klaar om te ondertekenen",
                template="emails/plaatsingen/ter_ondertekening",
                context={"p": plaatsing, "link": reverse("plaatsing_detail", args=[plaatsing.pk]),
                         "am": plaatsing.werkgever.accountmanager})


def ondertekend(plaatsing, *, opnieuw=False):
    """Only while this signature is the current one: when the werkgever signed anew, or a correction changed the
    overeenkomst so that it waits for a new signature, before the mail left, it is not sent (the people heard of the
    correction, and a new signature sends its own). ``opnieuw``: a changed overeenkomst signed again (the plaatsing
    runs already: no start, no first call). A werknemer without an account reads no link to a portal he cannot log
    in to."""
    am, kandidaat = plaatsing.werkgever.accountmanager, plaatsing.kandidaat
    met_account = bool(kandidaat.account_id and kandidaat.account.is_active)
    context = {"p": plaatsing, "link": reverse("plaatsing_detail", args=[plaatsing.pk]), "opnieuw": opnieuw,
               "start_komt_nog": plaatsing.startdatum >= timezone.localdate()}
    nog_waar = zolang(plaatsing, "ondertekend_op", "opnieuw_te_ondertekenen_sinds")
    queue_email(to=[*werkgever_adressen(plaatsing.werkgever), am.email if am else ""],
                subject="De overeenkomst is ondertekend", template="emails/plaatsingen/ondertekend",
                context={**context, "portaal": True}, zolang=nog_waar)
    # The werknemer reads his own "je" text with a greeting, not the werkgever's.
    queue_email(to=[_werknemer_adres(plaatsing)], subject="De overeenkomst is ondertekend",
                template="emails/plaatsingen/ondertekend_werknemer",
                context={**context, "portaal": met_account, "km": kandidaat.klantmanager}, zolang=nog_waar)


def felicitatie(plaatsing):
    queue_email(to=[*werkgever_adressen(plaatsing.werkgever), _werknemer_adres(plaatsing)],
                subject="Feestje! Een contract is getekend", template="emails/plaatsingen/felicitatie",
                context={"p": plaatsing, "am": plaatsing.werkgever.accountmanager})


# The sweep writes the mails of a whole batch of moments at once (``outbox.services.mails_invoegen``): these
# two give plain dicts from plain values, the context by reference, rendered when the mail is sent.

# What the two templates below read of a moment: joined when the sender loads a batch's moments.
MOMENT_MEE = ("plaatsing__kandidaat", "plaatsing__werkgever")


@functools.cache
def _link(naam, plek):
    """A URL pattern reversed once, with a stand-in to put the id or token in (a sweep makes thousands)."""
    return reverse(naam, args=[plek])


def nazorg_herinnering(*, moment_id, plaatsing_id, kandidaat, werkgever, adressen):
    link = _link("plaatsing_detail", 987654321).replace("987654321", str(plaatsing_id))
    return [{"aan": adres, "onderwerp": f"Nazorg vandaag: {kandidaat} bij {werkgever}",
             "template": "emails/plaatsingen/nazorg_herinnering", "sleutel": f"nazorg:{moment_id}:herinnering:{adres}",
             "context": {"m": verwijzing("plaatsingen.nazorgmoment", moment_id, MOMENT_MEE), "link": link}}
            for adres in ontvangers(adressen)]


def checkin(*, moment_id, rol, adres, token, contact_id, geldig_tot, aanhef=""):
    """The token is only in the mail (the Checkin row keeps its hash); the outbox forgets the context once
    the mail is sent. ``contact_id``: whom "Liever bellen?" names (the werkgever's accountmanager for the werkgever,
    the werknemer's klantmanager for the werknemer). ``aanhef``: the name the werkgever's reader is greeted by
    (``werkgever_aanhef``), "" when not known."""
    return [{"aan": adres, "onderwerp": "Hoe gaat het?", "template": "emails/plaatsingen/checkin",
             "sleutel": f"checkin:{moment_id}:{rol}:{adres}",
             "context": {"m": verwijzing("plaatsingen.nazorgmoment", moment_id, MOMENT_MEE), "rol": rol,
                         "aanhef": aanhef, "link": _link("checkin", "TOKEN").replace("TOKEN", token),
                         "am": verwijzing("accounts.user", contact_id), "geldig_tot": bevries(geldig_tot)}}
            for adres in ontvangers([adres])]


def gecorrigeerd_werknemer(plaatsing, correctie):
    """The werknemer without an account (``services.BEREIK_MAIL``) reads what changed, as the melding says it to one
    with an account; not why (she can ask), and no link: she cannot log in."""
    with translation.override("nl"):  # the mail is written in Dutch, whatever the accountmanager's language
        wat = correctie.in_woorden(max_lengte=WAT_IN_MAIL_MAX)
    queue_email(to=[plaatsing.kandidaat.email], subject="Je plaatsing is aangepast",
                template="emails/plaatsingen/gecorrigeerd_werknemer", sleutel=f"gecorrigeerd:{correctie.pk}:werknemer",
                context={"p": plaatsing, "wat": wat, "km": plaatsing.kandidaat.klantmanager})
