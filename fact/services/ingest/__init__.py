"""Ingest: read input files (inputs) and store their articles, cut into spans (articles)."""
