from kring.web.signals.views import bp

__all__ = ["bp"]
