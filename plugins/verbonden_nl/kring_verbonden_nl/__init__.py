"""Verbonden in de buurt for Kring: neighbourhood teams against loneliness."""
