"""Tenants as code: ``tenants/<slug>.yaml`` files, and the commands that load them."""

from kring.module import Module

module = Module(name="tenants", commands=("kring.tenants.cli:tenants", "kring.tenants.cli:demo"))
