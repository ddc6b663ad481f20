"""The klantreis monitor: one dashboard for a period and a place, every table also as CSV and Excel."""

from urllib.parse import urlencode

from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.models import Organisatie
from accounts.permissions import rol_vereist
from monitor import export, grafieken, selectors, tabellen
from monitor.forms import SNELKEUZES, periode_uit
from monitor.permissions import LANDELIJK, MONITOR_ROLLEN, get_bereik_for_user


def _bereik(request):
    return get_bereik_for_user(request.user, regio_code=request.GET.get("regio", "").strip(),
                               organisatie_pk=request.GET.get("organisatie", "").strip())


def _plaats(bereik):
    if bereik.organisatie is not None:
        return f"{bereik.organisatie.naam} ({bereik.regio.naam})"
    return bereik.regio.naam if bereik.regio is not None else _("Heel Nederland (alle regio's samen)")


def _tabellen(bereik, monitor, per_regio):
    result = {"kerncijfers": tabellen.kerncijfers(monitor), "funnel": tabellen.funnel(monitor),
              "heartbeat": tabellen.heartbeat(monitor), "trend": tabellen.trend(monitor),
              "fasen": tabellen.fasen(monitor)}
    if bereik.landelijk:
        result["regios"] = tabellen.regios(per_regio, selectors.REGIOS)
    return result


@rol_vereist(*MONITOR_ROLLEN)
def monitor(request):
    """24-hour figure, funnel, heartbeat of both journeys, trend per month, regions side by side (beheerder,
    programma) and the comments of the region (coordinator). Only aggregates."""
    try:
        bereik = _bereik(request)
    except Http404:
        if request.user.rol in LANDELIJK and request.GET.get("organisatie"):
            # The organisation chosen before she picked another region (or the whole country) in the same form: show
            # the new choice as a whole instead of a 404. She may see every organisation, so this tells her nothing.
            params = request.GET.copy()
            del params["organisatie"]
            return redirect(f"{request.path}?{params.urlencode()}" if params else request.path)
        raise
    form, van, tot = periode_uit(request.GET)
    m = selectors.monitor_voor(regio=bereik.regio, organisatie=bereik.organisatie, van=van, tot=tot)
    per_regio = selectors.regios_naast_elkaar(van=van, tot=tot) if bereik.landelijk else []
    alle = _tabellen(bereik, m, per_regio)
    params = {"van": f"{van:%Y-%m}", "tot": f"{tot:%Y-%m}"}
    plaats_params = {}
    if bereik.landelijk and bereik.regio is not None:
        plaats_params["regio"] = bereik.regio.code
    if bereik.organisatie is not None:
        plaats_params["organisatie"] = bereik.organisatie.pk
    belofte = m.cel("belofte_24u")
    context = {
        "form": form, "van": van, "tot": tot, "bereik": bereik, "plaats": _plaats(bereik),
        "querystring": urlencode({**params, **plaats_params}),
        "snelkeuzes": [(k, label, urlencode({"snel": k, **plaats_params})) for k, label in SNELKEUZES.items()],
        "regios": [regio for regio, _cellen in per_regio],
        "organisaties": list(Organisatie.objects.filter(regio=bereik.regio).exclude(
            soort=Organisatie.Soort.WERKGEVER).order_by("soort", "naam")) if bereik.regio is not None else [],
        "belofte": belofte,
        "bijgewerkt_op": m.bijgewerkt_op,
        "belofte_grafiek": grafieken.meter("g-belofte", belofte.label, belofte),
        "tijd_eerste_contact": m.cel("tijd_eerste_contact"),
        "funnel_grafiek": grafieken.balken("g-funnel", tabellen.TABELLEN["funnel"],
                                           [(str(c.label), c) for c in m.funnel]),
        "heartbeats": [
            (reis, titel, grafieken.heartbeat(f"g-hb-{reis}", titel, m.heartbeat(reis)),
             [(i, tabellen.kort(c.label), c) for i, c in enumerate(m.heartbeat(reis), start=1)])
            for reis, titel in (("werkgever", _("Werkgeversreis")), ("werkzoekende", _("Werkzoekendereis")))],
        "trend_grafiek": grafieken.lijn("g-trend", _("Binnen één werkdag contact, per maand"),
                                        m.trend["belofte_24u"], procent=True),
        "regio_grafiek": grafieken.balken(
            "g-regios", _("Binnen één werkdag contact, per regio"),
            [(regio.naam, cellen[0]) for regio, cellen in per_regio], procent=True,
            uitgelicht=bereik.regio.naam if bereik.regio is not None else None) if per_regio else "",
        "tabellen": alle,
        "opmerkingen": selectors.opmerkingen_voor(bereik.regio, bereik.organisatie, van=van, tot=tot)
        if bereik.opmerkingen else [],
    }
    return render(request, "monitor/dashboard.html", context, status=400 if form.errors else 200)


@rol_vereist(*MONITOR_ROLLEN)
def monitor_export(request, tabel, formaat):
    """One table of the dashboard as CSV or Excel, for the same place and period, suppressed the same way."""
    bereik = _bereik(request)
    if formaat not in ("csv", "xlsx") or tabel not in tabellen.TABELLEN or (tabel == "regios" and not bereik.landelijk):
        raise Http404
    form, van, tot = periode_uit(request.GET)
    if form.errors:
        return HttpResponseBadRequest(_("Kies een geldige periode, bijvoorbeeld van 2026-01 tot en met 2026-06."),
                                      content_type="text/plain; charset=utf-8")
    m = selectors.monitor_voor(regio=bereik.regio, organisatie=bereik.organisatie, van=van, tot=tot)
    per_regio = selectors.regios_naast_elkaar(van=van, tot=tot) if tabel == "regios" else []
    gekozen = _tabellen(bereik, m, per_regio)[tabel]
    plaats = bereik.regio.code if bereik.regio is not None else "landelijk"
    if bereik.organisatie is not None:
        plaats += f"-organisatie-{bereik.organisatie.pk}"
    naam = f"klantreis-monitor-{tabel}-{plaats}-{van:%Y-%m}-{tot:%Y-%m}"
    return (export.csv_download if formaat == "csv" else export.xlsx_download)(gekozen, naam)
