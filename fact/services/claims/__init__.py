"""Claims and what is known of them: highlights grouped into claims (grouping), the votes that count
(votes), each claim's aggregate and adjudication (aggregate), agreement, the list queries of the API
(queries) and the project's figures (stats)."""
