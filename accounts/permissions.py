"""The one permission layer of the portal. Default deny.

* ``rol_vereist`` guards a page by role: anonymous people are sent to the login page, people with
  another role get a 404, as if the page did not exist for them.
* ``get_<obj>_for_user`` functions (in each app's ``permissions.py``) are the only door to an
  object: they return it or raise 404. A relation grants access (the vaste klantmanager of a
  kandidaat), or a per-object grant through django-guardian (a colleague covering a caseload).
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from guardian.models import UserObjectPermission
from guardian.shortcuts import assign_perm, remove_perm

from accounts.models import Rol
from klantreis.lib import vaste_vorm


def heeft_rol(user, *rollen):
    return bool(user.is_authenticated and user.is_active and user.rol in rollen)


def rol_vereist(*rollen):
    for rol in rollen:
        Rol(rol)  # a typo in a role name fails at import time, not silently at request time

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not heeft_rol(request.user, *rollen):
                raise Http404
            return view(request, *args, **kwargs)

        wrapper.toegestane_rollen = tuple(rollen)
        return wrapper

    return decorator


def heeft_objectrecht(user, perm, obj):
    """True when ``user`` was granted ``perm`` on this one object (django-guardian).

    Asked of guardian's table directly: ``user.has_perm`` would say yes to every superuser, and a
    beheerder manages the portal without reading dossiers.
    """
    if not (user.is_authenticated and user.is_active):
        return False
    codename = perm.split(".", 1)[-1]
    return UserObjectPermission.objects.filter(
        user=user,
        permission__codename=codename,
        content_type=ContentType.objects.get_for_model(obj),
        object_pk=str(obj.pk),
    ).exists()


def objecten_met_recht(user, perm, model):
    """The ids of the objects of ``model`` on which ``user`` was granted ``perm`` (django-guardian), as ints: the
    dossiers granted to a klantmanager for their inbox. Asked on every visit of the inbox: compiled once per
    process."""
    if not (user.is_authenticated and user.is_active):
        return []
    return [int(pk) for (pk,) in vaste_vorm.rijen(
        "accounts.objecten_met_recht", _objecten_met_recht, user_id=user.pk, codename=perm.split(".", 1)[-1],
        content_type_id=ContentType.objects.get_for_model(model).pk) if pk.isdigit()]


def _objecten_met_recht(user_id, codename, content_type_id):
    return UserObjectPermission.objects.filter(user_id=user_id, permission__codename=codename,
                                               content_type_id=content_type_id).values_list("object_pk")


def geef_objectrecht(user, perm, obj):
    assign_perm(perm, user, obj)


def trek_objectrecht_in(user, perm, obj):
    remove_perm(perm, user, obj)
