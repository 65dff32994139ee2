"""Run every benchmark; print the tables to paste into docs/benchmarks.md."""
import platform
import sys
from datetime import date

from bench import ingest

if __name__ == "__main__":
    print(f"# {date.today()} on {platform.node()}: {platform.processor() or platform.machine()}, "
          f"Python {platform.python_version()}\n")
    ingest.main(sys.argv[1:])
