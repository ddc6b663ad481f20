"""Charts as SVG drawn on the server: no script, no inline style (the CSP forbids both); colours come from
classes in wsp.css. Each chart is an image with a title and a description that says every value, and the page
puts the same numbers in a real table next to it (monitor.tabellen)."""

from math import ceil

from django.utils.dateformat import format as datum_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from monitor.tabellen import kort

BREED = 400


def _svg(ident, titel, beschrijving, hoogte, inhoud, klasse=""):
    return format_html(
        '<svg class="wsp-grafiek__svg {}" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-titel {}-uitleg" '
        'focusable="false"><title id="{}-titel">{}</title><desc id="{}-uitleg">{}</desc>{}</svg>',
        klasse, BREED, hoogte, ident, ident, ident, titel, ident, beschrijving, inhoud)


def _beschrijving(rijen):
    return "; ".join(f"{label}: {cel.tekst}" for label, cel in rijen) + "."


def meter(ident, titel, cel):
    """One share as a filled bar (the 24-hour promise)."""
    hoogte = 28
    breedte = 0 if cel.waarde is None else round(BREED * max(0.0, min(1.0, cel.waarde)), 1)
    inhoud = format_html('<rect class="wsp-grafiek__achtergrond" x="0" y="0" width="{}" height="{}" rx="4"></rect>'
                         '<rect class="wsp-grafiek__balk" x="0" y="0" width="{}" height="{}" rx="4"></rect>',
                         BREED, hoogte, breedte, hoogte)
    return _svg(ident, titel, f"{cel.label}: {cel.tekst}.", hoogte, inhoud, "wsp-grafiek__svg--meter")


def balken(ident, titel, rijen, *, procent=False, uitgelicht=None):
    """Horizontal bars, the label above each bar, the value after it: a funnel, or regions side by side.
    ``rijen``: [(label, Cel)]. A suppressed cell gets no bar, only its text."""
    rij_hoogte, balk = 46, 16
    getallen = [c.waarde for _label, c in rijen if c.waarde is not None]
    maximum = 1.0 if procent else (max(getallen) if getallen and max(getallen) > 0 else 1.0)
    ruimte = BREED - 90  # room after the longest bar for its value
    delen = []
    for i, (label, cel) in enumerate(rijen):
        y = i * rij_hoogte
        klasse = "wsp-grafiek__balk" + (" wsp-grafiek__balk--uitgelicht" if label == uitgelicht else "")
        delen.append(format_html('<text class="wsp-grafiek__label" x="0" y="{}">{}</text>', y + 15, label))
        breedte = 0 if cel.waarde is None else round(ruimte * max(0.0, cel.waarde) / maximum, 1)
        if breedte:
            delen.append(format_html('<rect class="{}" x="0" y="{}" width="{}" height="{}" rx="3"></rect>',
                                     klasse, y + 22, breedte, balk))
        delen.append(format_html('<text class="wsp-grafiek__waarde" x="{}" y="{}">{}</text>',
                                 breedte + 6, y + 35, cel.tekst))
    return _svg(ident, titel, _beschrijving(rijen), max(rij_hoogte * len(rijen), 10), mark_safe("".join(delen)))


def _y_score(score):
    return round(20 + (5 - score) * 37.5, 1)  # 5 -> 20, 3 -> 95, 1 -> 170


def heartbeat(ident, titel, cellen):
    """The journey as the study draws it: the steps from left to right, how each felt as a line that goes up
    (good) and down (bad) around the neutral middle (3). Steps are numbered; their names are in the table."""
    n = max(len(cellen), 1)
    stap = (BREED - 40) / n
    delen = [
        format_html('<line class="wsp-grafiek__as" x1="30" y1="{}" x2="{}" y2="{}"></line>', _y_score(3), BREED,
                    _y_score(3)),
        format_html('<text class="wsp-grafiek__klein" x="0" y="{}">5</text>', _y_score(5) + 4),
        format_html('<text class="wsp-grafiek__klein" x="0" y="{}">3</text>', _y_score(3) + 4),
        format_html('<text class="wsp-grafiek__klein" x="0" y="{}">1</text>', _y_score(1) + 4),
    ]
    punten, lijnen = [], []
    for i, cel in enumerate(cellen):
        x = round(40 + (i + 0.5) * stap, 1)
        delen.append(format_html('<text class="wsp-grafiek__label wsp-grafiek__midden" x="{}" y="198">{}</text>',
                                 x, i + 1))
        if cel.waarde is None:
            delen.append(format_html('<text class="wsp-grafiek__klein wsp-grafiek__midden" x="{}" y="{}">–</text>',
                                     x, _y_score(3) - 6))
            lijnen.append(punten)
            punten = []
            continue
        y = _y_score(cel.waarde)
        punten.append((x, y))
        stemming = "goed" if cel.waarde >= 3.5 else "slecht" if cel.waarde < 2.5 else "neutraal"
        delen.append(format_html('<circle class="wsp-grafiek__punt wsp-grafiek__punt--{}" cx="{}" cy="{}" r="6">'
                                 '</circle>', stemming, x, y))
    lijnen.append(punten)
    for reeks in lijnen:
        if len(reeks) > 1:
            delen.insert(1, format_html('<polyline class="wsp-grafiek__lijn" points="{}"></polyline>',
                                        " ".join(f"{x},{y}" for x, y in reeks)))
    beschrijving = "; ".join(f"{i}. {kort(c.label)}: {c.tekst}" for i, c in enumerate(cellen, start=1)) + "."
    return _svg(ident, titel, beschrijving, 210, mark_safe("".join(delen)), "wsp-grafiek__svg--heartbeat")


def lijn(ident, titel, reeks, *, procent=False):
    """A value per month: [(maand, Cel)]. Gaps where a month is suppressed or empty."""
    n = max(len(reeks), 1)
    stap = (BREED - 50) / n
    waarden = [c.waarde for _m, c in reeks if c.waarde is not None]
    maximum = 1.0 if procent else (max(waarden) * 1.1 if waarden and max(waarden) > 0 else 1.0)
    boven, onder = 15, 160

    def y(waarde):
        return round(onder - (onder - boven) * waarde / maximum, 1)

    as_tekst = ("100%", "50%", "0%") if procent else (f"{maximum:.0f}", f"{maximum / 2:.0f}", "0")
    delen = [format_html('<line class="wsp-grafiek__raster" x1="45" y1="{}" x2="{}" y2="{}"></line>', hy, BREED, hy)
             for hy in (boven, (boven + onder) / 2, onder)]
    delen += [format_html('<text class="wsp-grafiek__klein" x="0" y="{}">{}</text>', hy + 4, t)
              for hy, t in zip((boven, (boven + onder) / 2, onder), as_tekst)]
    elke = ceil(n / 12)
    punten, lijnen = [], []
    for i, (maand, cel) in enumerate(reeks):
        x = round(50 + (i + 0.5) * stap, 1)
        if i % elke == 0:
            delen.append(format_html('<text class="wsp-grafiek__klein wsp-grafiek__midden" x="{}" y="180">{}</text>',
                                     x, datum_format(maand, "b")))
        if cel.waarde is None:
            lijnen.append(punten)
            punten = []
            continue
        punten.append((x, y(cel.waarde)))
        delen.append(format_html('<circle class="wsp-grafiek__punt" cx="{}" cy="{}" r="4"></circle>', x,
                                 y(cel.waarde)))
    lijnen.append(punten)
    for p in lijnen:
        if len(p) > 1:
            delen.insert(0, format_html('<polyline class="wsp-grafiek__lijn" points="{}"></polyline>',
                                        " ".join(f"{px},{py}" for px, py in p)))
    beschrijving = "; ".join(f"{datum_format(m, 'F Y')}: {c.tekst}" for m, c in reeks) + "."
    return _svg(ident, titel, beschrijving, 190, mark_safe("".join(delen)))

