"""Marshmallow schemas: request arguments, responses, and (later) Label Studio payloads and export records."""
