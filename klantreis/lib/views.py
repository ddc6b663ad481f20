import logging

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect, render

logger = logging.getLogger(__name__)


def fouten_naar_formulier(form, exc):
    """Put a service's ValidationError on the form, so the user sees it next to what they typed."""
    fouten = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
    for veld, lijst in fouten.items():
        for fout in lijst:
            form.add_error(veld if veld in form.fields else None, fout)


def intussen_veranderd(request, exc, bericht, *args):
    """A POST from a page opened before the row moved on (the back button, another tab, a colleague): the state
    machine refused it (``klantreis.lib.toestanden.OvergangNietToegestaan``). Back to the row's page (``redirect``
    with ``*args``) with ``bericht`` saying where it stands now (``%(status)s``), never the machine's own words."""
    messages.warning(request, bericht % {"status": exc.obj.OVERGANGEN.label(exc.status)})
    return redirect(*args)


def formulier(request, form, *, titel, knop, intro="", terug=None, template="formulier.html", **extra):
    return render(request, template, {"form": form, "titel": titel, "knop": knop, "intro": intro, "terug": terug,
                                      **extra}, status=400 if form.errors else 200)


def id_uit(waarde):
    """A row id from a query string or form value ("12"), or None for anything else (text, nothing, zero, a number
    no id column holds): for looking a row up without an error on bad input."""
    try:
        getal = int(waarde)
    except (TypeError, ValueError):
        return None
    return getal if 0 < getal < 2**62 else None


def download(request, veld, *, bestandsnaam, content_type, vastleggen):
    """A stored file (a FileField's value, on local disk or object storage) as a download nobody caches. When the
    storage no longer has it (a volume lost, a bucket restored without it), a page that says so with status 404, and
    an error in the log for the beheerder: never a 500. ``vastleggen()`` writes the line of the verwerkingenlog, once
    the file is there to be given: a download that did not happen is not logged as one."""
    try:
        bestand = veld.open("rb")
    except FileNotFoundError:
        logger.error("Bestand ontbreekt in de opslag: %s", veld.name)
        return render(request, "bestand_ontbreekt.html", status=404)
    vastleggen()
    response = FileResponse(bestand, as_attachment=True, content_type=content_type, filename=bestandsnaam)
    response["Cache-Control"] = "no-store"
    return response
