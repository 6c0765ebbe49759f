"""Test support shipped with Kring, so plugin suites get the same fixtures and contracts."""
