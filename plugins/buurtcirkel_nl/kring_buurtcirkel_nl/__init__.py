"""Buurtcirkel for Kring: the methodology as data, enforced by the core."""
