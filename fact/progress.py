"""Progress bars for long work: shown on a terminal, silent in CI and in pipes."""
import os
import sys

from tqdm import tqdm


def quiet() -> bool:
    return bool(os.environ.get("CI")) or not sys.stderr.isatty()


def progress(**kwargs) -> tqdm:
    return tqdm(disable=quiet(), file=sys.stderr, dynamic_ncols=True, **kwargs)
