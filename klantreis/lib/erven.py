"""``{% extends %}`` without walking the whole parent template on every render.

Django's ``ExtendsNode.render`` collects the ``{% block %}`` nodes of the root template (``base.html``) anew on
every render: a walk through every node of the parent, 186 calls and 0.15-0.3 ms per page, on every page of the
portal. A compiled template does not change, so this collects them once per compiled template and keeps them on
it; what the render does with them is Django's own. With the cached loader (production) that is once per process;
without it (DEBUG) every load is a new template and gets collected again, as before.

``TEMPLATES["OPTIONS"]["builtins"]`` loads this library after Django's own, so its ``extends`` tag is the one every
template uses, with the same syntax and checks.
"""

from django import template
from django.template.base import TextNode
from django.template.loader_tags import BLOCK_CONTEXT_KEY, BlockContext, BlockNode, ExtendsNode, do_extends

register = template.Library()

_GEEN_WORTEL = {}  # the parent extends another template itself: its blocks come from its own ExtendsNode


def _blokken_van_wortel(ouder):
    """The block nodes of a root template by name (as Django collects them), or _GEEN_WORTEL when the parent
    extends another template."""
    for node in ouder.nodelist:
        # The ExtendsNode has to be the first non-text node.
        if not isinstance(node, TextNode):
            if isinstance(node, ExtendsNode):
                return _GEEN_WORTEL
            return {n.name: n for n in ouder.nodelist.get_nodes_by_type(BlockNode)}
    return _GEEN_WORTEL


class ErfNode(ExtendsNode):
    def render(self, context):
        ouder = self.get_parent(context)
        if BLOCK_CONTEXT_KEY not in context.render_context:
            context.render_context[BLOCK_CONTEXT_KEY] = BlockContext()
        blokken = context.render_context[BLOCK_CONTEXT_KEY]
        blokken.add_blocks(self.blocks)
        van_wortel = ouder.__dict__.get("_erven_blokken")
        if van_wortel is None:
            van_wortel = ouder._erven_blokken = _blokken_van_wortel(ouder)
        if van_wortel is not _GEEN_WORTEL:
            # add_blocks only reads the dict: one dict for every render is safe.
            blokken.add_blocks(van_wortel)
        with context.render_context.push_state(ouder, isolated_context=False):
            return ouder._render(context)


@register.tag
def extends(parser, token):
    node = do_extends(parser, token)
    return ErfNode(node.nodelist, node.parent_name)
