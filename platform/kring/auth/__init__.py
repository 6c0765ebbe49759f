"""Authentication mechanisms: password reset tokens today; OIDC and API tokens build on this."""
