"""Run every benchmark (`make bench`); print the tables to paste into docs/benchmarks.md.

Takes about 25 minutes on 2 cores: it starts its own Label Studio and gunicorn, and uses the local
PostgreSQL for the webhook benchmark when one answers.
"""
import platform
import sys
from datetime import date

from bench import ingest, labelstudio, match

if __name__ == "__main__":
    print(f"# {date.today()} on {platform.node()}: {platform.processor() or platform.machine()}, "
          f"Python {platform.python_version()}\n")
    ingest.main(sys.argv[1:])
    labelstudio.main([])  # its options differ from ingest's
    match.main([])
