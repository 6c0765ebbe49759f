"""The domain: models and services. Nothing in here knows about requests."""
