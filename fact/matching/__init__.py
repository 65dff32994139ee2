"""Cross-article matching: retrieval tokens, quantities, and dispute/corroboration hints."""
