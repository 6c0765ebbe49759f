from kring.web.admin.views import bp

__all__ = ["bp"]
