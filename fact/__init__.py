"""The application factory. It reads as the table of contents of the app."""
from pathlib import Path

from flask import Flask

from fact.config import Config, engine_options, from_environment


def create_app(config_class: type = Config) -> Flask:
    app = Flask(__name__, instance_path=str(Path(__file__).resolve().parent.parent / "instance"))
    app.config.from_mapping(from_environment())
    app.config.from_object(config_class)
    app.json.ensure_ascii = False  # Arabic stays readable in every response
    app.json.sort_keys = False  # fields keep the order their schema declares
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{Path(app.instance_path) / 'fact.db'}"
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(app.config)

    trust_proxies(app)
    register_extensions(app)
    register_blueprints(app)
    register_commands(app)
    return app


def trust_proxies(app: Flask) -> None:
    """Behind FACT_PROXY_HOPS reverse proxies, the client's address is the one they forwarded (the lead's
    login limit counts per client); with none, X-Forwarded-For is ignored, so no client can forge it."""
    hops = app.config["FACT_PROXY_HOPS"]
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)


def register_extensions(app: Flask) -> None:
    from fact import models  # noqa: F401  (the models must be known to Alembic and the mapper)
    from fact.database import configure_engine
    from fact.extensions import api, db, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).resolve().parent.parent / "migrations"))
    api.init_app(app)  # also installs the one JSON error handler for every HTTPException
    with app.app_context():
        configure_engine(db.engine)


def register_blueprints(app: Flask) -> None:
    from fact import api, lead

    api.register(app)
    lead.register(app)  # the lead's page: progress, agreement, the contested queue, disputes, downloads


def register_commands(app: Flask) -> None:
    from fact.claims_cli import claims_cli
    from fact.cli import fact_cli

    fact_cli.add_command(claims_cli)
    app.cli.add_command(fact_cli)
