"""The generators' check that the package they read is the pinned release.

A table generated from another release would differ from the one in
data/ for reasons no diff explains, so the generators stop instead.
"""

from __future__ import annotations

import importlib.metadata
import sys


def require(package: str, pinned: str) -> str:
    """The installed version of `package`; exits with a message unless it
    is `pinned`."""
    version = importlib.metadata.version(package)
    if version != pinned:
        sys.exit(
            f"error: {package} {version} is installed, expected {pinned} "
            "(pip install -r scripts/requirements.txt)"
        )
    return version
