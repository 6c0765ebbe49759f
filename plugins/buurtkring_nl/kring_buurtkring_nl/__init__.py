"""Buurtkring: KeyRing's idea in a Dutch neighbourhood. About ten vulnerable residents and one
volunteer from the same buurt, carried by a partnership of municipality, housing and care."""
