"""The JSON API (``/api/v1``): its views, its OpenAPI document, the reading of JSON bodies."""
