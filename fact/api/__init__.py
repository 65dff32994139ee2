"""The REST API: one flask-smorest Blueprint per resource, under /api."""
from flask import Blueprint, Flask
from swagger_ui_bundle import swagger_ui_path

from fact.extensions import api


def register(app: Flask) -> None:
    from fact.api import auth, errors, limits, spec

    app.url_map.converters["int"] = limits.RowIdConverter  # before the routes: every <int:...> is a row id
    limits.register(app)
    errors.register(app)
    app.before_request(auth.guard_reads)
    spec.document(api)

    from fact.api import (
        adjudications, annotations, articles, claim_matches, claims, evidence, exports, health, labelstudio, spans,
        stats, tasks, verdicts,
    )

    for module in (health, articles, spans, evidence, tasks, claims, adjudications, claim_matches, verdicts,
                   annotations, stats, exports, labelstudio):
        api.register_blueprint(module.blp, url_prefix="/api")
    # Swagger UI's files come from a package, so /api/docs works without a CDN.
    app.register_blueprint(
        Blueprint("swagger_assets", __name__, static_folder=swagger_ui_path, static_url_path="/api/docs/assets")
    )
