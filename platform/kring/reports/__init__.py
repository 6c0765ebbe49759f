"""Quality exports: an audit report as PDF and CSV, a tenant's yearly quality report, and a
pseudonymised research export with documented columns; every export is written to the access
log."""

from kring.module import Module

module = Module(name="reports")
