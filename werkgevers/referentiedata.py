"""The instrumentengids as first loaded; the beheerder keeps it current in the admin."""

# The werkgeversinstrumenten a WSP offers, with their key conditions in plain words. The beheerder
# keeps them up to date in the admin (amounts and rules change by law each year).
INSTRUMENTEN = [
    ("Proefplaatsing",
     "Met behoud van uitkering een paar weken of maanden meewerken om te zien of het klikt.",
     "Maximaal 2 maanden, met een reden maximaal 6 maanden. Er moet uitzicht zijn op een contract van minimaal "
     "6 maanden. UWV of de gemeente moet vooraf toestemming geven. De werkgever betaalt geen loon.",
     "Werkzoekenden met een WW- of bijstandsuitkering", "UWV (WW) of de gemeente (bijstand)"),
    ("No-riskpolis",
     "Valt de nieuwe medewerker uit door ziekte, dan betaalt UWV de Ziektewet-uitkering.",
     "Voor medewerkers uit het doelgroepregister en mensen met een ziekte of handicap. Geldt tot 5 jaar na "
     "indiensttreding. De werkgever hoeft niets aan te vragen; bij ziekte meldt hij dit bij UWV.",
     "Doelgroepregister, mensen met een arbeidsbeperking", "UWV"),
    ("Loonkostenvoordeel (LKV)",
     "Een tegemoetkoming per verloond uur, via de loonaangifte, tot 3 jaar lang.",
     "Alleen met een doelgroepverklaring, die de werknemer binnen 3 maanden na de start aanvraagt. Voor "
     "oudere uitkeringsgerechtigden (56+), arbeidsgehandicapten en mensen uit het doelgroepregister.",
     "Werkgevers die iemand uit een LKV-doelgroep aannemen", "Belastingdienst (via de loonaangifte)"),
    ("Loonkostensubsidie",
     "De gemeente vult het loon aan tot het wettelijk minimumloon als iemand minder kan dan een ander.",
     "De loonwaarde wordt op de werkplek vastgesteld. De werkgever betaalt het cao-loon en krijgt het verschil "
     "met de loonwaarde (tot het minimumloon) vergoed.",
     "Mensen in de Participatiewet met een arbeidsbeperking", "Gemeente"),
    ("Loondispensatie",
     "De werkgever betaalt minder loon omdat de medewerker minder productief is; UWV vult het inkomen aan.",
     "Alleen voor Wajongers. UWV stelt de loonwaarde vast; de dispensatie geldt voor een afgesproken periode.",
     "Jongeren met een Wajong-uitkering", "UWV"),
    ("Jobcoach",
     "Een jobcoach begeleidt de medewerker (en de collega's) op de werkplek.",
     "Voor medewerkers die door een beperking begeleiding nodig hebben. De omvang van de begeleiding neemt meestal "
     "af in de tijd.",
     "Medewerkers met een arbeidsbeperking", "UWV of de gemeente"),
    ("Werkplekaanpassing",
     "Vergoeding van een aanpassing of hulpmiddel op de werkplek.",
     "Voor voorzieningen die nodig zijn door een ziekte of handicap en die niet gebruikelijk zijn in het bedrijf.",
     "Medewerkers met een ziekte of handicap", "UWV of de gemeente"),
    ("Praktijkleren",
     "Subsidie voor een werkgever die een praktijkleerplaats (bbl) of werkervaringsplaats biedt.",
     "Per leerling of deelnemer per schooljaar, via de subsidieregeling praktijkleren. Er is een "
     "praktijkovereenkomst of leerwerkovereenkomst nodig.",
     "Werkgevers met een erkende leerbedrijfplek", "Rijksdienst voor Ondernemend Nederland (RVO)"),
]



def laad_instrumenten(Instrument):
    for naam, samenvatting, voorwaarden, voor_wie, aanvragen_bij in INSTRUMENTEN:
        Instrument.objects.update_or_create(
            naam=naam,
            defaults={"samenvatting": samenvatting, "voorwaarden": voorwaarden, "voor_wie": voor_wie,
                      "aanvragen_bij": aanvragen_bij},
        )
