"""The central trainer: a methodology's own quality staff, signed in outside any tenant, who see
every circle of their methodology in every tenant that enabled it, pseudonymised by
construction (a read layer of aggregates and circle-level facts only, counts under five
suppressed), review audits and compare circles and tenants."""

from kring.module import Module

module = Module(name="trainer")
