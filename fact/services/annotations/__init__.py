"""Annotations coming back from Label Studio: parse a result against the labeling config (parse),
decide and apply it (apply), write its claims, verdicts and evidence (write), read them by pages
(sync), and queue what the database could not take (spool)."""
