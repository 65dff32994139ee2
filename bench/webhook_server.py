"""WSGI module for the webhook benchmark: `gunicorn bench.webhook_server:app`.

The same app as app.py, configured from the process environment alone (DATABASE_URL,
FACT_WEBHOOK_SECRET): unlike app.py it never reads instance/secrets.env, so a benchmark run
cannot pick up a developer's Label Studio token or database.
"""
from fact import create_app

app = create_app()
