"""Benchmarks: `make bench`. Each measures a baseline in the same run and reports the ratio."""
