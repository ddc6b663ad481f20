"""Writing an uploaded file to the storage (local disk, or S3-compatible object storage) when the storage does not
answer or refuses: the form gets a message on its file field, and everything typed stays on the page."""

import logging
from contextlib import contextmanager

from botocore.exceptions import BotoCoreError, ClientError
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# What django-storages' S3 backend raises when the object storage is down, unreachable, too slow (a timeout after
# its retries) or refuses (credentials without the right): never a 500 (``OpslagStoringMiddleware`` for a page,
# ``bestand_opslaan`` for an upload).
OPSLAGFOUTEN = (BotoCoreError, ClientError)


@contextmanager
def bestand_opslaan(veld):
    """Around the write of one uploaded file, inside the transaction of its row: when the storage fails, a
    ValidationError on ``veld``, so the transaction stores nothing and the view shows the form again (with what was
    typed) and the message on the file field; an error in the log for the beheerder."""
    try:
        yield
    except OPSLAGFOUTEN as exc:
        logger.error("Opslag van bestanden niet bereikbaar bij het opslaan (%s): %s", type(exc).__name__, exc)
        raise ValidationError({veld: _(
            "Het bestand kon nu niet worden opgeslagen: de opslag van bestanden is even niet bereikbaar. Er is niets "
            "opgeslagen. Probeer het over een paar minuten opnieuw, of ga verder zonder bestand.")}) from exc
