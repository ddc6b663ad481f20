"""Tags of the admin lists of tables that grow with the country (``klantreis.lib.beheerlijst``)."""

from django import template

from klantreis.lib.beheerlijst import begrensd_zoekformulier, begrensde_paginering, datumhierarchie

register = template.Library()

register.inclusion_tag("admin/date_hierarchy.html")(datumhierarchie)
register.inclusion_tag("admin/begrensde_paginering.html")(begrensde_paginering)
register.inclusion_tag("admin/begrensd_zoekformulier.html")(begrensd_zoekformulier)
