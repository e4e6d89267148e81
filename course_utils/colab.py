"""Where the course lives on GitHub: the one place its Colab badges and install lines come from.

Every notebook's Open-in-Colab badge and its Colab-only install line are written
from REPOSITORY and REF by ``tools/run_notebooks.py``; a fork changes these two
values and re-runs that script.
"""

from __future__ import annotations

import re

REPOSITORY = "cnn-course/cnn-course"  # GitHub owner/name
REF = "main"  # branch or tag the badges and installs point at

BADGE_IMAGE = "https://colab.research.google.com/assets/colab-badge.svg"
BADGE_RE = re.compile(
    r"\[!\[Open In Colab\]\([^)]*\)\]\(https://colab\.research\.google\.com/github/[^)]*\)"
)
INSTALL_RE = re.compile(
    r'%pip install -q --no-deps "course_utils @ git\+https://github\.com/[^"]*"'
)


def badge_url(notebook_path: str, repository: str = REPOSITORY, ref: str = REF) -> str:
    """The Colab URL that opens `notebook_path` (relative to the repository root)."""
    path = notebook_path.replace("\\", "/").lstrip("/")
    return f"https://colab.research.google.com/github/{repository}/blob/{ref}/{path}"


def badge_markdown(notebook_path: str, repository: str = REPOSITORY, ref: str = REF) -> str:
    """The Markdown of the Open-in-Colab badge for `notebook_path`."""
    return f"[![Open In Colab]({BADGE_IMAGE})]({badge_url(notebook_path, repository, ref)})"


def install_line(repository: str = REPOSITORY, ref: str = REF) -> str:
    """The line a notebook runs on Colab only: course_utils from GitHub, Colab's packages kept."""
    return f'%pip install -q --no-deps "course_utils @ git+https://github.com/{repository}@{ref}"'
