from django.db.models.functions import Upper

from outbox.models import Mail


def mails_aan(adressen):
    """The mail to any of ``adressen``, whatever the case of either side: most mail is stored lower case
    (``outbox.services.ontvangers``), a sweep's (``mails_invoegen``) as it was given. Found through the index on
    ``UPPER("aan")`` (``mail_aan_hoofdletters``), not by reading every mail ever sent."""
    hoofdletters = {a.strip().upper() for a in adressen if a and a.strip()}
    if not hoofdletters:
        return Mail.objects.none()
    return Mail.objects.alias(aan_hoofdletters=Upper("aan")).filter(aan_hoofdletters__in=sorted(hoofdletters))
