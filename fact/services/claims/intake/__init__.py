"""Claims from outside: read from files (files.py, claimreview.py), given our label by a verdict map
(verdicts.py), and stored as one claim per normalized text with its appearances (store.py); imports.py
runs a file through them, record by record."""
