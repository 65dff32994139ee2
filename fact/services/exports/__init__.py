"""Dataset exports of the claims, their verdicts and the articles' stances, for model training (FEVER,
stance, claim spans, the flat verdict table as CSV or Parquet, ClaimReview) and of the already-checked
matches (TREC qrels), each with its dataset card."""
from fact.services.exports.formats import FORMATS
from fact.services.exports.splits import parse_split
from fact.services.exports.writer import ExportError, ExportOptions, export_to_directory, get_format, stream

__all__ = ["FORMATS", "ExportError", "ExportOptions", "export_to_directory", "get_format", "parse_split", "stream"]
