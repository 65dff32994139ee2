"""Configuration from the environment: one class, read once when the app is created."""
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


class Config:
    # None means: a SQLite file under the app's instance folder (filled in by create_app).
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}

    FACT_API_TOKEN = os.environ.get("FACT_API_TOKEN") or None
    FACT_WEBHOOK_SECRET = os.environ.get("FACT_WEBHOOK_SECRET") or None
    LABEL_STUDIO_URL = os.environ.get("LABEL_STUDIO_URL") or f"http://127.0.0.1:{os.environ.get('LABEL_STUDIO_PORT') or 8080}"
    LABEL_STUDIO_TOKEN = os.environ.get("LABEL_STUDIO_TOKEN") or None
    LABEL_STUDIO_TIMEOUT = float(os.environ.get("LABEL_STUDIO_TIMEOUT") or 120)
    FACT_LS_PROJECT_TITLE = os.environ.get("FACT_LS_PROJECT_TITLE") or "Fact-check"
    # Where Label Studio reaches our API (for its webhook).
    FACT_PUBLIC_URL = os.environ.get("FACT_PUBLIC_URL") or f"http://127.0.0.1:{os.environ.get('PORT') or 5000}"
    FACT_PUSH_BATCH = _int("FACT_PUSH_BATCH", 500)
    FACT_TASK_SOURCE_ARTICLES = _int("FACT_TASK_SOURCE_ARTICLES", 20)
    FACT_MATCH_CANDIDATES = _int("FACT_MATCH_CANDIDATES", 5)  # candidate passages kept per sentence
    FACT_MATCH_WIDE = _int("FACT_MATCH_WIDE", 20)  # neighbours looked at, of which k are kept
    FACT_MATCH_MAX_DF = float(os.environ.get("FACT_MATCH_MAX_DF") or 1.0)  # tokens in more sentences are noise
    FACT_STORY_SCORE = float(os.environ.get("FACT_STORY_SCORE") or 0.6)  # a sentence "carried over" to another article
    FACT_STORY_SHARE = float(os.environ.get("FACT_STORY_SHARE") or 0.3)  # of the smaller article's sentences
    FACT_PREDICTION_SCORE = float(os.environ.get("FACT_PREDICTION_SCORE") or 0.2)  # a hinted candidate this close pre-annotates
    FACT_MAX_ARTICLE_BYTES = _int("FACT_MAX_ARTICLE_BYTES", 5 * 1024 * 1024)

    API_TITLE = "fact"
    API_VERSION = "1"
    OPENAPI_VERSION = "3.0.3"  # the bundled Swagger UI 4 reads 3.0
    OPENAPI_URL_PREFIX = "/api"
    OPENAPI_JSON_PATH = "openapi.json"
    OPENAPI_SWAGGER_UI_PATH = "/docs"
    # The UI assets ship with the swagger-ui-bundle package: no CDN on a closed machine.
    OPENAPI_SWAGGER_UI_URL = "/api/docs/assets/"
    API_SPEC_OPTIONS = {
        "info": {"description": "Fact-check annotation backend: articles, spans, claims, verdicts."},
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }
