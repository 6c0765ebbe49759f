"""The JSON API: the same core services as the pages, described in OpenAPI."""
