"""Labels from elsewhere: a labelled stance corpus imported as the annotations of a named annotator
(docs/claim-labels.md). lines.py maps a corpus's rationale lines to our sentences and back;
records.py reads its files; imports.py stores them through the one apply path."""
