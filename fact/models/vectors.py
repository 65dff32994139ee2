"""Sentence embeddings kept with the spans they were made from, by the model that made them."""
from sqlalchemy import ForeignKey, Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from fact.extensions import db


class SpanVector(db.Model):
    """A sentence's embedding. `model` names the embedder and its version: a span whose vector was made
    by another model is embedded again. `text_hash` lets a wire copy's sentence reuse the vector of
    the same text elsewhere instead of running the model. The vector is float16, little-endian: half
    the bytes of float32, and cosine ranks do not move at that precision."""

    __tablename__ = "span_vectors"
    __table_args__ = (Index("ix_span_vectors_model_text_hash", "model", "text_hash"),)

    span_id: Mapped[int] = mapped_column(ForeignKey("spans.id", ondelete="CASCADE"), primary_key=True)
    model: Mapped[str] = mapped_column(String(300))
    text_hash: Mapped[str] = mapped_column(String(32))
    vector: Mapped[bytes] = mapped_column(LargeBinary)
