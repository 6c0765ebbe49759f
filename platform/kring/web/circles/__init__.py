from kring.web.circles.views import bp

__all__ = ["bp"]
