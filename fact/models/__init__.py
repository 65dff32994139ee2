"""The data model, one module per aggregate. Importing this package registers every table."""
from fact.models.articles import Article, Outlet, Span, SpanKind

__all__ = ["Article", "Outlet", "Span", "SpanKind"]
