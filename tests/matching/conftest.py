import pytest

from fact.matching.embedders import load_embedder


@pytest.fixture(scope="session")
def e5():
    """The bundled multilingual-e5-small, loaded once for the session."""
    return load_embedder("e5-small")
