"""Configuration: the environment, read when the app is created, then a config class over it."""
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def _float(name: str, default: float) -> float:
    value = os.environ.get(name)
    return float(value) if value else default


def from_environment() -> dict:
    """The settings the environment gives, read when an app is created (not when this is imported)."""
    env = os.environ.get
    return {
        # None means: a SQLite file under the app's instance folder (filled in by create_app).
        "SQLALCHEMY_DATABASE_URI": env("DATABASE_URL"),
        "FACT_API_TOKEN": env("FACT_API_TOKEN") or None,
        # Set: the API's reads need it (or FACT_API_TOKEN, or the lead's session); unset, reads are open.
        "FACT_READ_TOKEN": env("FACT_READ_TOKEN") or None,
        "FACT_WEBHOOK_SECRET": env("FACT_WEBHOOK_SECRET") or None,
        # The lead's page (fact/lead/): its session and CSRF tokens are signed with SECRET_KEY; without
        # one, or without a lead password, nobody can log in.
        "SECRET_KEY": env("FACT_SECRET_KEY") or None,
        "FACT_LEAD_EMAIL": env("FACT_LEAD_EMAIL") or "lead@localhost",
        "FACT_LEAD_PASSWORD": env("FACT_LEAD_PASSWORD") or None,
        "FACT_LEAD_STATS_SECONDS": _float("FACT_LEAD_STATS_SECONDS", 60),  # the page's figures, kept at most this long
        # Failed logins a client address may make (Flask-Limiter's notation); with several workers or
        # machines, a shared store (FACT_RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379) makes it one limit.
        "FACT_LOGIN_LIMIT": env("FACT_LOGIN_LIMIT") or "5 per minute;20 per hour",
        "RATELIMIT_STORAGE_URI": env("FACT_RATELIMIT_STORAGE_URI") or "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,  # Retry-After on the refusal
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,  # a shared store that does not answer: each worker counts alone
        # Reverse proxies in front of the app that set X-Forwarded-For (0: none, the client's own address
        # counts): with one, the login limit counts each client, not the proxy.
        "FACT_PROXY_HOPS": _int("FACT_PROXY_HOPS", 0),
        "LABEL_STUDIO_URL": env("LABEL_STUDIO_URL") or f"http://127.0.0.1:{env('LABEL_STUDIO_PORT') or 8080}",
        "LABEL_STUDIO_TOKEN": env("LABEL_STUDIO_TOKEN") or None,
        "LABEL_STUDIO_TIMEOUT": _float("LABEL_STUDIO_TIMEOUT", 120),
        "FACT_LS_PROJECT_TITLE": env("FACT_LS_PROJECT_TITLE") or "Fact-check",
        "FACT_LS_CLAIMS_PROJECT_TITLE": env("FACT_LS_CLAIMS_PROJECT_TITLE") or "Fact-check claims",  # a task per claim from outside
        # Where Label Studio reaches our API (for its webhook).
        "FACT_PUBLIC_URL": env("FACT_PUBLIC_URL") or f"http://127.0.0.1:{env('PORT') or 5000}",
        "FACT_PUSH_BATCH": _int("FACT_PUSH_BATCH", 500),
        "FACT_TASK_SOURCE_ARTICLES": _int("FACT_TASK_SOURCE_ARTICLES", 20),
        "FACT_MATCH_CANDIDATES": _int("FACT_MATCH_CANDIDATES", 5),  # candidate passages kept per sentence
        "FACT_MATCH_WIDE": _int("FACT_MATCH_WIDE", 20),  # neighbours looked at, of which k are kept
        "FACT_MATCH_MAX_DF": _float("FACT_MATCH_MAX_DF", 1.0),  # tokens in more sentences than this share: noise
        "FACT_STORY_SCORE": _float("FACT_STORY_SCORE", 0.6),  # a sentence "carried over" to another article
        "FACT_STORY_SHARE": _float("FACT_STORY_SHARE", 0.25),  # of the smaller article's sentences, mean over two groups
        "FACT_PREDICTION_SCORE": _float("FACT_PREDICTION_SCORE", 0.2),  # a hinted candidate this close pre-annotates
        # Evidence per claim (fact.services.claims.evidence): the articles kept, and the passages of each.
        "FACT_CLAIM_EVIDENCE_ARTICLES": _int("FACT_CLAIM_EVIDENCE_ARTICLES", 10),
        "FACT_CLAIM_EVIDENCE_PASSAGES": _int("FACT_CLAIM_EVIDENCE_PASSAGES", 3),
        # e5-small (bundled), sentence-transformers:NAME_OR_PATH, or none (fact/matching/embedders.py)
        "FACT_EMBEDDER": env("FACT_EMBEDDER") or "e5-small",
        # A list counts its rows up to this many; past it X-Pagination says `total_at_least` (fact/api/pagination.py).
        "FACT_COUNT_LIMIT": _int("FACT_COUNT_LIMIT", 10_000),
        # An ingest that adds this many spans or more settles the tables (fact.services.ingest.settle).
        "FACT_SETTLE_SPANS": _int("FACT_SETTLE_SPANS", 10_000),
        "FACT_MAX_ARTICLE_BYTES": _int("FACT_MAX_ARTICLE_BYTES", 5 * 1024 * 1024),
        # Request bodies: larger answer 413. An article's text may take 3 bytes a character as JSON escapes.
        "MAX_CONTENT_LENGTH": _int("FACT_MAX_BODY_BYTES", 16 * 1024 * 1024),
        "FACT_WEBHOOK_MAX_BYTES": _int("FACT_WEBHOOK_MAX_BYTES", 1024 * 1024),  # one annotation, not an article
        "FACT_MAX_JSON_DEPTH": _int("FACT_MAX_JSON_DEPTH", 32),  # deeper JSON bodies answer 400 unparsed
        # PostgreSQL time limits (ms; 0 = none), so that a stuck database answers 503 instead of hanging.
        # libpq waits at least 2 s to connect; a request's statements and lock waits give up after their limit.
        "FACT_DB_CONNECT_TIMEOUT": _int("FACT_DB_CONNECT_TIMEOUT", 2),
        "FACT_DB_REQUEST_TIMEOUT_MS": _int("FACT_DB_REQUEST_TIMEOUT_MS", 10_000),
        "FACT_DB_LOCK_TIMEOUT_MS": _int("FACT_DB_LOCK_TIMEOUT_MS", 2000),  # a request's wait for a row or table lock
        "FACT_WEBHOOK_DB_TIMEOUT_MS": _int("FACT_WEBHOOK_DB_TIMEOUT_MS", 600),  # Label Studio waits 1 s
        "FACT_EXPORT_DB_TIMEOUT_MS": _int("FACT_EXPORT_DB_TIMEOUT_MS", 0),  # an export streams for minutes
        "FACT_SQLITE_BUSY_TIMEOUT_MS": _int("FACT_SQLITE_BUSY_TIMEOUT_MS", 5000),  # a SQLite writer waits for the lock
        "FACT_RETRY_AFTER": _int("FACT_RETRY_AFTER", 5),  # seconds, in a 503's Retry-After
        "FACT_RECONCILE_MINUTES": _float("FACT_RECONCILE_MINUTES", 5),  # between two syncs of `flask fact reconcile`
        # Deliveries the database could not take: None is a SQLite file in instance/, or redis://...
        "FACT_QUEUE_URL": env("FACT_QUEUE_URL") or None,
        "FACT_LOG_FILE": env("FACT_LOG_FILE") or None,  # the CLI's tracebacks; None: instance/fact.log
    }


class Config:
    """What does not come from the environment. A subclass (tests) overrides either."""

    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}  # PostgreSQL's connect_timeout: engine_options()

    SESSION_COOKIE_SAMESITE = "Lax"  # the lead's session is not sent along with other sites' forms
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


def engine_options(config) -> dict:
    """SQLALCHEMY_ENGINE_OPTIONS with the backend's connect timeout (SQLite's busy timeout is fact.database's)."""
    options = dict(config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    if config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        # No server-side prepared statements: psycopg prepares a query run five times, and PostgreSQL then
        # plans it once for any parameters; for `q` (a LIKE pattern) and the counts that stop at a limit,
        # that generic plan scans the table, and a request took 200-400 ms instead of 40 (docs/benchmarks.md).
        options["connect_args"] = {"connect_timeout": config["FACT_DB_CONNECT_TIMEOUT"], "prepare_threshold": None,
                                   **options.get("connect_args", {})}
    return options
