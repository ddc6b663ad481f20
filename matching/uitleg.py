"""Why a vacature fits, in the werkzoekende's own words (B1, "je"), for "Mijn kansen".

Pure, like the engine: the same profiles the engine scored, no database. Staff words (score, percentage,
doelgroepregister, kandidaat) do not appear; what is missing says what, not how many points it costs."""

from dataclasses import dataclass, field

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from matching import engine

CONTRACTEN = {"vast": gettext_lazy("een vast contract"), "tijdelijk": gettext_lazy("een tijdelijk contract"),
              "uitzend": gettext_lazy("werk via een uitzendbureau"),
              "werkervaring": gettext_lazy("een werkervaringsplaats")}


@dataclass
class Woorden:
    past: list = field(default_factory=list)
    mist: list = field(default_factory=list)


def _lijst(ids, namen, maximum=4):
    gekozen = sorted(namen.get(i, "") for i in ids)
    tekst = ", ".join(n for n in gekozen[:maximum] if n)
    if len(gekozen) > maximum:
        tekst += " " + _("en nog %(n)s") % {"n": len(gekozen) - maximum}
    return tekst


def _contract(code):
    return str(CONTRACTEN.get(code, code))


def voor_werkzoekende(v: engine.VacatureProfiel, k: engine.KandidaatProfiel, *, namen, beroepnamen,
                      beroep_vaardigheden) -> Woorden:
    w = Woorden()
    # The occupation: one they look for, or one that shares skills with it.
    if v.beroep_id is not None:
        if v.beroep_id in k.beroepen:
            w.past.append(_("Je zoekt werk als %(b)s.") % {"b": beroepnamen.get(v.beroep_id, "")})
        else:
            eigen = beroep_vaardigheden.get(v.beroep_id, frozenset())
            beste, lijkt_op = 0.0, None
            for b in sorted(k.beroepen):
                andere = beroep_vaardigheden.get(b, frozenset())
                if eigen and andere and len(eigen & andere) / len(eigen | andere) > beste:
                    beste, lijkt_op = len(eigen & andere) / len(eigen | andere), b
            if lijkt_op is not None:
                w.past.append(_("Dit werk lijkt op werk dat je zoekt: %(b)s.") % {"b": beroepnamen.get(lijkt_op, "")})

    # Skills: what they can already, and what the werkgever asks that is not in their profile yet.
    kan = (v.vereist | v.gewenst) & k.vaardigheden
    if kan:
        w.past.append(_("Je kunt al: %(v)s.") % {"v": _lijst(kan, namen)})
    if ontbreekt := v.vereist - k.vaardigheden:
        w.mist.append(_("Dit vragen ze en heb je nog niet: %(v)s.") % {"v": _lijst(ontbreekt, namen)})

    if None not in (v.lat, v.lon, k.lat, k.lon):
        km = round(engine.afstand_km(v.lat, v.lon, k.lat, k.lon))
        maximum = k.max_km or engine.STANDAARD_MAX_KM
        if km <= maximum:
            w.past.append(_("Je woont op %(km)s km.") % {"km": km})
        else:
            w.mist.append(_("Het is %(km)s km van je huis. Dat is verder dan je wilt reizen (%(max)s km).")
                          % {"km": km, "max": maximum})

    if k.uren and min(k.uren, v.uren) / max(k.uren, v.uren) >= 0.8:
        w.past.append(_("Het is %(v)s uur per week. Dat past bij de %(k)s uur die je wilt werken.")
                      % {"v": v.uren, "k": k.uren})
    elif k.uren:
        w.mist.append(_("Het is %(v)s uur per week. Jij wilt %(k)s uur werken.") % {"v": v.uren, "k": k.uren})

    if v.contracttype and k.contracttype:
        if v.contracttype == k.contracttype:
            w.past.append(_("Het is %(c)s, zoals je zoekt.") % {"c": _contract(v.contracttype)})
        else:
            w.mist.append(_("Het is %(c)s. Jij zoekt %(k)s.") % {"c": _contract(v.contracttype),
                                                                  "k": _contract(k.contracttype)})
    if v.startdatum and k.beschikbaar_per and k.beschikbaar_per > v.startdatum:
        w.mist.append(_("Het werk begint op %(s)s. Jij kunt pas vanaf %(b)s.") % {
            "s": formats.date_format(v.startdatum, "j F Y"), "b": formats.date_format(k.beschikbaar_per, "j F Y")})

    if v.rijbewijs:
        if v.rijbewijs in (k.rijbewijs or ""):
            w.past.append(_("Je hebt rijbewijs %(r)s.") % {"r": v.rijbewijs})
        else:
            w.mist.append(_("Je hebt nog geen rijbewijs %(r)s.") % {"r": v.rijbewijs})
    if v.taalniveau:
        gevraagd = engine.TAALNIVEAUS[v.taalniveau]
        if not k.taalniveau:
            w.mist.append(_("Ze vragen Nederlands op niveau %(n)s. We weten nog niet hoe goed jouw Nederlands is.")
                          % {"n": gevraagd})
        elif k.taalniveau >= v.taalniveau:
            w.past.append(_("Je spreekt genoeg Nederlands voor dit werk."))
        else:
            w.mist.append(_("Ze vragen Nederlands op niveau %(n)s. Jij hebt nu niveau %(k)s.")
                          % {"n": gevraagd, "k": engine.TAALNIVEAUS[k.taalniveau]})
    return w
