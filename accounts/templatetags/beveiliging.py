import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder

register = template.Library()


@register.filter
def als_json(waarde):
    """JSON for a data-attribute (autoescaping quotes it): pages carry no inline script, not even a
    JSON block, under the Content-Security-Policy."""
    return json.dumps(waarde, cls=DjangoJSONEncoder)
