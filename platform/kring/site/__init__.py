"""The platform's own pages, outside any tenant: the front page, health checks, language."""

from kring.module import Module

module = Module(name="site", blueprints=("kring.site.views:bp",))
