from kring.web.home.views import bp

__all__ = ["bp"]
