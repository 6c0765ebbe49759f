"""Throwaway plugins for the plugin host's tests: proof that a methodology plugs in from outside.

Registered through ``PluginHost.load(extra=...)`` (or a fake installed distribution), never
installed for real.
"""
