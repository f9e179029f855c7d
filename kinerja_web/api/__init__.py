"""The read-only JSON API (``/api/v1``) for integrations: token-authenticated, agency-scoped, paginated,
described by an OpenAPI document served at ``/api/v1/openapi.json``."""
