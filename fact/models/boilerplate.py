"""What ingest learns about an outlet's pages: how many of its articles repeat a paragraph, or start
or end the same way (fact.services.ingest.boilerplate). Kept as counts, so that a new batch of
articles updates them instead of a rescan of the corpus."""
from sqlalchemy import BigInteger, ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column

from fact.extensions import db


class RepeatCount(db.Model):
    """How many articles of one outlet hold one paragraph (kind "p"), start their first paragraph with
    the same words ("h"), or end their last one so ("t"); `key` hashes the words
    (fact.text.repeats). `learned`: the count has made it boilerplate, and its spans were flagged."""

    __tablename__ = "repeat_counts"

    outlet_id: Mapped[int] = mapped_column(ForeignKey("outlets.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(1), primary_key=True)
    key: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    articles: Mapped[int]
    learned: Mapped[bool] = mapped_column(default=False, server_default=false())
