"""A tenant's home page: who you are here, what your organisations work with, plugins' tiles."""

from flask_babel import lazy_gettext as _l

from kring.core.accounts import Role
from kring.module import Module, NavEntry

module = Module(
    name="home",
    permissions={"tenant.view": frozenset(Role)},
    blueprints=("kring.home.views:bp",),
    nav=(NavEntry(endpoint="home.index", label=_l("Home"), permission="tenant.view"),),
)
