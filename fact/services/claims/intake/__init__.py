"""Claims from outside: read from files (files.py, claimreview.py), given our label by a verdict map
(verdicts.py), and stored as one claim per normalized text with its appearances by the rules of
store.py; imports.py runs a file through them a chunk of records at a time (batch.py), one record at
a time only for a chunk the database refuses."""
