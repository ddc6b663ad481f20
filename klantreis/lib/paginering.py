from django.core.paginator import Paginator

PER_PAGINA = 25


def pagineer(request, queryset, per_pagina=PER_PAGINA):
    """One page of ``queryset``; a missing, wrong or too high ``?pagina=`` gives a valid page."""
    return Paginator(queryset, per_pagina).get_page(request.GET.get("pagina"))
