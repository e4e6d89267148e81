"""Where the course lives on GitHub: the one place its Colab badges and install lines come from.

Every notebook's Open-in-Colab badge and its Colab-only install line are written
from REPOSITORY and REF below (by ``tools/run_notebooks.py`` and by the command
here). A fork or a teacher's copy points everything at itself with one command,
run from the repository's root folder:

    python -m course_utils.colab retarget OWNER/REPO[@REF]
    python -m course_utils.colab check

``retarget`` rewrites the two lines below and the badge and install line of every
notebook in ``notebooks/`` (outputs are kept: nothing is re-executed); without
``@REF`` the current ref is kept. ``check`` reports any notebook that disagrees.

A classroom hub (JupyterHub) gets its links from the same place: one nbgitpuller link
per lesson, which copies (or updates) the course into the student's home folder and
opens that lesson in JupyterLab:

    python -m course_utils.colab hub-links --hub https://hub.example.edu [--lesson 03]
    python -m course_utils.colab binder-links [--binderhub https://mybinder.org]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from course_utils import _validate

# The one place. `retarget` rewrites these two lines: keep each a plain string literal.
REPOSITORY = "cnn-course/cnn-course"  # GitHub owner/name
REF = "main"  # branch or tag the badges and installs point at

BADGE_IMAGE = "https://colab.research.google.com/assets/colab-badge.svg"
BADGE_RE = re.compile(
    r"\[!\[Open In Colab\]\([^)]*\)\]\(https://colab\.research\.google\.com/github/[^)]*\)"
)
INSTALL_RE = re.compile(
    r'%pip install -q --no-deps "course_utils @ git\+https://github\.com/[^"]*"'
)
_SETTING_RE = {
    "REPOSITORY": re.compile(r'^REPOSITORY = "([^"]*)"', re.MULTILINE),
    "REF": re.compile(r'^REF = "([^"]*)"', re.MULTILINE),
}
# GitHub: owner 1-39 letters, digits or single hyphens inside; repository name letters,
# digits, '.', '_' and '-' (not "." or ".."); at most 100 characters.
_OWNER_RE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}")
_NAME_RE = re.compile(r"[A-Za-z0-9._-]{1,100}")
# A branch or tag name that also survives a URL and pip's `@ref` unquoted.
_REF_RE = re.compile(r"[A-Za-z0-9._/-]{1,200}")
NOTEBOOK_GLOB = "[0-9][0-9]_*.ipynb"


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


def _quote(text: str) -> str:
    return quote(text, safe="")


def check_hub(hub: object) -> str:
    """A hub's address without a trailing '/' ('https://hub.example.edu' or with a base path),
    else ValueError saying what is wrong."""
    rule = (
        "hub must be the address students open, as http(s)://HOST[/BASE-PATH]: no '/hub/...' "
        "part, no '?' or '#'"
    )
    if not isinstance(hub, str):
        raise _validate.fail("hub", hub, f"{rule}")
    parts = urlsplit(hub.strip())
    path = parts.path.rstrip("/")
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.query
        or parts.fragment
        or re.search(r"\s", hub.strip())
        or "hub" in path.split("/")
    ):
        raise _validate.fail("hub", hub, f"{rule}")
    return f"{parts.scheme}://{parts.netloc}{path}"


def clone_folder(repository: str = REPOSITORY) -> str:
    """The folder nbgitpuller clones `repository` into, in the student's home: its name."""
    return repository.split("/")[1]


def hub_link(hub: str, notebook_path: str, repository: str = REPOSITORY, ref: str = REF) -> str:
    """An nbgitpuller link: log in to `hub`, copy or update the course, open the notebook.

    nbgitpuller (installed on the hub) clones `repository` at `ref` into a folder named
    after it the first time and merges new commits afterwards without overwriting the
    student's own changes; the link then opens `notebook_path` in JupyterLab.
    """
    path = notebook_path.replace("\\", "/").lstrip("/")
    urlpath = f"lab/tree/{clone_folder(repository)}/{path}"
    return (
        f"{check_hub(hub)}/hub/user-redirect/git-pull"
        f"?repo={_quote(f'https://github.com/{repository}')}"
        f"&urlpath={_quote(urlpath)}"
        f"&branch={_quote(ref)}"
    )


def binder_link(
    notebook_path: str,
    repository: str = REPOSITORY,
    ref: str = REF,
    binderhub: str = "https://mybinder.org",
) -> str:
    """A Binder link: the image is built from the repository itself (repo2docker reads
    environment.yml and apt.txt at its root) and opens `notebook_path` in JupyterLab."""
    path = notebook_path.replace("\\", "/").lstrip("/")
    return (
        f"{check_hub(binderhub)}/v2/gh/{repository}/{_quote(ref)}"
        f"?urlpath={_quote(f'lab/tree/{path}')}"
    )


# ---------------------------------------------------------------- validating a target


def check_repository(repository: object) -> str:
    """`repository` if it is a GitHub 'owner/name', else ValueError saying what is wrong."""
    rule = (
        "repository must be 'OWNER/NAME' as on GitHub: the owner letters, digits and single "
        "hyphens (not first or last, at most 39), the name letters, digits, '.', '_' or '-'"
    )
    if not isinstance(repository, str) or repository.count("/") != 1:
        raise _validate.fail("repository", repository, f"{rule}")
    owner, name = repository.split("/")
    if not _OWNER_RE.fullmatch(owner) or not _NAME_RE.fullmatch(name) or name in {".", ".."}:
        raise _validate.fail("repository", repository, f"{rule}")
    if name.endswith(".git"):
        raise _validate.fail(
            "repository", repository, f"leave out '.git' (write {repository[:-4]!r})"
        )
    return repository


def check_ref(ref: object) -> str:
    """`ref` if it is a usable branch or tag name, else ValueError saying what is wrong."""
    rule = (
        "ref must be a branch or tag name: letters, digits, '.', '_', '-' and '/', not starting "
        "with '-', '/' or '.', without '..' or '//', not ending with '/', '.' or '.lock'"
    )
    if (
        not isinstance(ref, str)
        or not _REF_RE.fullmatch(ref)
        or ref[0] in "-/."
        or ".." in ref
        or "//" in ref
        or ref.endswith(("/", ".", ".lock"))
        or "/." in ref
    ):
        raise _validate.fail("ref", ref, f"{rule}")
    return ref


def parse_target(target: str, default_ref: str = REF) -> tuple[str, str]:
    """'OWNER/REPO' or 'OWNER/REPO@REF' -> (repository, ref); ValueError if malformed."""
    if not isinstance(target, str):
        raise _validate.fail("target", target, "write OWNER/REPO or OWNER/REPO@REF")
    repository, at, ref = target.strip().partition("@")
    if at and not ref:
        raise _validate.fail("target", target, "after '@' comes a branch or tag")
    return check_repository(repository), check_ref(ref if at else default_ref)


# ---------------------------------------------------------------- notebooks


def sync_notebook(
    nb: Any, rel_path: str, repository: str = REPOSITORY, ref: str = REF
) -> list[str]:
    """Rewrite a notebook's badge and Colab install line (in place); return what is missing.

    The first cell must be Markdown holding the badge; the first code cell must hold
    the install line. Nothing else in the notebook changes.
    """
    problems = []
    first = nb.cells[0] if nb.cells else None
    if first is None or first.cell_type != "markdown" or not BADGE_RE.search(first.source):
        problems.append("the first cell must be Markdown with an Open-in-Colab badge")
    else:
        badge = badge_markdown(rel_path, repository, ref)
        first.source = BADGE_RE.sub(lambda _m: badge, first.source)
    setup = next((c for c in nb.cells if c.cell_type == "code"), None)
    if setup is None or not INSTALL_RE.search(setup.source):
        problems.append("the first code cell must hold the Colab install line")
    else:
        line = install_line(repository, ref)
        setup.source = INSTALL_RE.sub(lambda _m: line, setup.source)
    return problems


def notebook_problems(
    nb: Any, rel_path: str, repository: str = REPOSITORY, ref: str = REF
) -> list[str]:
    """What in a notebook disagrees with `repository`/`ref` (empty when all is in order)."""
    problems = []
    first = nb.cells[0] if nb.cells else None
    source = first.source if first is not None and first.cell_type == "markdown" else ""
    badges = BADGE_RE.findall(source)
    want = badge_markdown(rel_path, repository, ref)
    if not badges:
        problems.append("the first cell must be Markdown with an Open-in-Colab badge")
    elif any(b != want for b in badges):
        problems.append(f"its badge must be {want}")
    setup = next((c for c in nb.cells if c.cell_type == "code"), None)
    lines = INSTALL_RE.findall(setup.source) if setup is not None else []
    if not lines:
        problems.append("the first code cell must hold the Colab install line")
    elif any(line != install_line(repository, ref) for line in lines):
        problems.append(f"its install line must be {install_line(repository, ref)}")
    return problems


def read_settings(colab_py: Path) -> tuple[str, str]:
    """REPOSITORY and REF as written in a colab.py file (not as imported)."""
    text = Path(colab_py).read_text(encoding="utf-8")
    values = []
    for name, pattern in _SETTING_RE.items():
        found = pattern.findall(text)
        if len(found) != 1:
            raise ValueError(f'{colab_py}: expected one line `{name} = "..."`, found {len(found)}')
        values.append(found[0])
    return values[0], values[1]


def _write_settings(colab_py: Path, repository: str, ref: str) -> bool:
    text = colab_py.read_text(encoding="utf-8")
    new = _SETTING_RE["REPOSITORY"].sub(lambda _m: f'REPOSITORY = "{repository}"', text)
    new = _SETTING_RE["REF"].sub(lambda _m: f'REF = "{ref}"', new)
    if new != text:
        colab_py.write_text(new, encoding="utf-8")
    return new != text


def _notebook_text(nb: Any) -> str:
    """A notebook as tools/run_notebooks.py writes it (so a rewrite changes only what it must)."""
    import nbformat

    return nbformat.writes(nb) + "\n"


def _paths(root: Path) -> tuple[Path, list[Path]]:
    root = Path(root)
    colab_py = root / "course_utils" / "colab.py"
    if not colab_py.is_file():
        raise ValueError(
            f"root={str(root)!r} is not allowed: run this from the course repository's root "
            "folder (the one holding course_utils/colab.py), or pass --root"
        )
    return colab_py, sorted((root / "notebooks").glob(NOTEBOOK_GLOB))


def retarget(root: Path | str, target: str) -> list[Path]:
    """Point the one place and every notebook at `target` ('OWNER/REPO[@REF]').

    Rewrites REPOSITORY/REF in root/course_utils/colab.py and the badge and install
    line of each root/notebooks/NN_*.ipynb, keeping outputs. Nothing is written unless
    every notebook can be rewritten. Returns the files that changed.
    """
    colab_py, notebooks = _paths(Path(root))
    _, current_ref = read_settings(colab_py)
    repository, ref = parse_target(target, default_ref=current_ref)
    import nbformat  # only now: it is slow to import, and a typo needs no notebook

    rewritten, problems = {}, []
    for path in notebooks:
        rel = path.relative_to(root).as_posix()
        old = path.read_text(encoding="utf-8")
        nb = nbformat.reads(old, as_version=4)
        problems += [f"{rel}: {p}" for p in sync_notebook(nb, rel, repository, ref)]
        new = _notebook_text(nb)
        if new != old:
            rewritten[path] = new
    if problems:
        raise ValueError("nothing was changed, because:\n  " + "\n  ".join(problems))
    changed = [colab_py] if _write_settings(colab_py, repository, ref) else []
    for path, text in rewritten.items():
        path.write_text(text, encoding="utf-8")
        changed.append(path)
    return changed


def check(root: Path | str) -> list[str]:
    """Every way the notebooks under `root` disagree with root/course_utils/colab.py."""
    colab_py, notebooks = _paths(Path(root))
    repository, ref = read_settings(colab_py)
    import nbformat

    problems = []
    for path in notebooks:
        rel = path.relative_to(root).as_posix()
        nb = nbformat.read(path, as_version=4)
        problems += [f"{rel}: {p}" for p in notebook_problems(nb, rel, repository, ref)]
    return problems


def lesson_links(
    root: Path | str,
    hub: str | None = None,
    lessons: Sequence[str] = (),
    binderhub: str = "https://mybinder.org",
) -> list[tuple[str, str]]:
    """(notebook path, link) for every lesson under `root` whose file name starts with one of
    `lessons` (all when empty): nbgitpuller links to `hub`, or Binder links when hub is None.
    The repository and ref come from root/course_utils/colab.py, as the badges' do."""
    colab_py, notebooks = _paths(Path(root))
    repository, ref = read_settings(colab_py)
    if hub is not None:
        check_hub(hub)
    chosen = [p for p in notebooks if not lessons or p.name.startswith(tuple(lessons))]
    if not chosen:
        raise ValueError(
            f"lessons={list(lessons)!r} is not allowed: no notebook in "
            f"{Path(root) / 'notebooks'} starts with that (e.g. 03 for 03_padding.ipynb)"
        )
    links = []
    for path in chosen:
        rel = path.relative_to(root).as_posix()
        if hub is None:
            links.append((rel, binder_link(rel, repository, ref, binderhub)))
        else:
            links.append((rel, hub_link(hub, rel, repository, ref)))
    return links


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: `retarget OWNER/REPO[@REF]`, `check`, `hub-links` or `binder-links`."""
    parser = argparse.ArgumentParser(
        prog="python -m course_utils.colab",
        description="Point the course's Colab badges and install lines at a repository.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    ret = sub.add_parser(
        "retarget",
        help="rewrite REPOSITORY/REF in course_utils/colab.py and every notebook's badge "
        "and install line",
    )
    ret.add_argument("target", help="OWNER/REPO or OWNER/REPO@REF (a branch or tag)")
    chk = sub.add_parser("check", help="list notebooks that disagree with course_utils/colab.py")
    hub = sub.add_parser(
        "hub-links",
        help="print one nbgitpuller link per lesson for a JupyterHub (copies the course into "
        "each student's home and opens the lesson)",
    )
    hub.add_argument("--hub", required=True, help="the hub's address, e.g. https://hub.example.edu")
    binder = sub.add_parser("binder-links", help="print one Binder link per lesson")
    binder.add_argument(
        "--binderhub", default="https://mybinder.org", help="default: https://mybinder.org"
    )
    for p in (hub, binder):
        p.add_argument(
            "--lesson", action="append", default=[], help="only this lesson, e.g. 03 (repeatable)"
        )
    for p in (ret, chk, hub, binder):
        p.add_argument(
            "--root", type=Path, default=Path.cwd(), help="the repository's root (default: here)"
        )
    args = parser.parse_args(argv)
    try:
        if args.command == "retarget":
            changed = retarget(args.root, args.target)
            repository, ref = read_settings(args.root / "course_utils" / "colab.py")
            print(f"Colab badges and installs now point at {repository}@{ref}")
            for path in changed:
                print(f"  rewrote {path.relative_to(args.root).as_posix()}")
            if not changed:
                print("  (everything already pointed there)")
            return 0
        if args.command in ("hub-links", "binder-links"):
            hub_address = args.hub if args.command == "hub-links" else None
            binderhub = getattr(args, "binderhub", "https://mybinder.org")
            for rel, link in lesson_links(args.root, hub_address, args.lesson, binderhub):
                print(f"{Path(rel).stem}  {link}")
            return 0
        problems = check(args.root)
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
