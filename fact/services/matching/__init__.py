"""Matching across articles: each sentence's candidate sources and dispute hints (candidates), and the
story clusters they form (stories)."""
