"""course_utils.colab: the one place, badges that open their own file, and `retarget` for a fork.

`retarget` is only ever run here on copies in tmp_path, never on the repository's files.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import nbformat
import pytest

from course_utils import colab

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the `test` extra installs tomli there
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob(colab.NOTEBOOK_GLOB))
BADGE_URL_RE = re.compile(
    r"\]\(https://colab\.research\.google\.com/github/([^/]+/[^/]+)/blob/([^)]+?)/(notebooks/[^)]+)\)"
)


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """The command line, run in this process (fast); one test below runs it for real."""
    out, err = io.StringIO(), io.StringIO()
    previous = os.getcwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = colab.main(list(args))
    finally:
        os.chdir(previous)
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def test_the_module_runs_as_a_command(tmp_path):
    run = [sys.executable, "-m", "course_utils.colab"]
    out = subprocess.run([*run, "check"], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stdout + out.stderr
    out = subprocess.run(
        [*run, "retarget", "me/fork"], capture_output=True, text=True, cwd=tmp_path
    )
    assert out.returncode == 2 and "repository's root" in out.stderr
    out = subprocess.run([*run, "--help"], capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 0 and "retarget" in out.stdout


# ---------------------------------------------------------------- the repository as committed


def test_the_one_place_is_the_imported_module_and_is_valid():
    assert colab.read_settings(Path(colab.__file__)) == (colab.REPOSITORY, colab.REF)
    assert colab.check_repository(colab.REPOSITORY) == colab.REPOSITORY
    assert colab.check_ref(colab.REF) == colab.REF


@pytest.mark.parametrize("path", [pytest.param(p, id=p.name) for p in NOTEBOOKS])
def test_every_notebook_agrees_with_the_one_place_and_its_badge_opens_itself(path):
    rel = path.relative_to(ROOT).as_posix()
    nb = nbformat.read(path, as_version=4)
    assert colab.notebook_problems(nb, rel) == []
    badges = BADGE_URL_RE.findall(nb.cells[0].source)
    assert len(badges) == 1, "exactly one Colab badge, in the first cell"
    repository, ref, badge_path = badges[0]
    assert (repository, ref) == (colab.REPOSITORY, colab.REF)
    assert badge_path == rel, "the badge opens this notebook"
    assert (ROOT / badge_path).is_file()
    setup = next(c for c in nb.cells if c.cell_type == "code")
    assert colab.install_line() in setup.source
    # Only on Colab, and without touching Colab's TensorFlow, Keras or ipywidgets.
    assert '"google.colab" in sys.modules' in setup.source
    assert "--no-deps" in colab.install_line()


def test_check_command_passes_on_the_repository():
    out = _cli("check", "--root", str(ROOT), cwd=ROOT)
    assert out.returncode == 0, out.stdout + out.stderr


def test_package_dependencies_are_what_colab_already_has():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = {re.split(r"[<>=!~ \[]", d, maxsplit=1)[0].lower() for d in project["dependencies"]}
    assert names <= {"numpy", "matplotlib", "ipywidgets"}, "Colab must have every dependency"
    assert not any(re.search(r"==|<", d) for d in project["dependencies"]), "lower bounds only"
    assert "ipywidgets>=7.7.1" in project["dependencies"], "Colab ships 7.7.1"


# ---------------------------------------------------------------- building blocks


def test_badge_and_install_line():
    url = colab.badge_url("notebooks/04_stride.ipynb", "me/fork", "v1.0")
    assert (
        url
        == "https://colab.research.google.com/github/me/fork/blob/v1.0/notebooks/04_stride.ipynb"
    )
    assert colab.badge_url("\\notebooks\\x.ipynb", "a/b", "main").endswith(
        "/blob/main/notebooks/x.ipynb"
    )
    assert colab.BADGE_RE.fullmatch(colab.badge_markdown("notebooks/x.ipynb", "a/b", "c"))
    line = colab.install_line("me/fork", "v1.0")
    assert line == '%pip install -q --no-deps "course_utils @ git+https://github.com/me/fork@v1.0"'
    assert colab.INSTALL_RE.fullmatch(line)


@pytest.mark.parametrize(
    "target, expected",
    [
        ("me/fork", ("me/fork", colab.REF)),
        ("me/fork@v1.2", ("me/fork", "v1.2")),
        ("Some-Teacher/cnn_course.2025@fall/2025", ("Some-Teacher/cnn_course.2025", "fall/2025")),
        ("  me/fork@main ", ("me/fork", "main")),
    ],
)
def test_parse_target(target, expected):
    assert colab.parse_target(target) == expected


@pytest.mark.parametrize(
    "target, words",
    [
        ("fork", "repository='fork'"),
        ("me/fork/extra", "OWNER/NAME"),
        ("-me/fork", "repository='-me/fork'"),
        ("me-/fork", "not first or last"),
        ("m e/fork", "repository="),
        ("me/fork.git", "leave out '.git'"),
        ("me/..", "repository='me/..'"),
        ("me/fork@", "after '@' comes a branch or tag"),
        ("me/fork@-x", "ref='-x'"),
        ("me/fork@a..b", "ref='a..b'"),
        ("me/fork@x.lock", "ref='x.lock'"),
        ("me/fork@br anch", "ref='br anch'"),
        ('me/fork@a"b', "ref="),
        ("me/fork@a@b", "ref='a@b'"),
        ("me/fork@feature/", "ref='feature/'"),
    ],
)
def test_bad_targets_raise_value_error(target, words):
    with pytest.raises(ValueError, match=re.escape(words)):
        colab.parse_target(target)


def _tiny_notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            "# 99 · T\n" + colab.badge_markdown("notebooks/99_t.ipynb", "x/y", "z")
        ),
        nbformat.v4.new_code_cell(
            'import sys\nif "google.colab" in sys.modules:\n    ' + colab.install_line("x/y", "z")
        ),
    ]
    return nb


def test_sync_notebook_rewrites_only_badge_and_install_line():
    nb = _tiny_notebook()
    assert colab.notebook_problems(nb, "notebooks/99_t.ipynb") != []
    assert colab.sync_notebook(nb, "notebooks/99_t.ipynb", "me/f", "r") == []
    assert colab.notebook_problems(nb, "notebooks/99_t.ipynb", "me/f", "r") == []
    assert nb.cells[0].source == "# 99 · T\n" + colab.badge_markdown(
        "notebooks/99_t.ipynb", "me/f", "r"
    )
    assert nb.cells[1].source.startswith('import sys\nif "google.colab" in sys.modules:\n    %pip')
    empty = nbformat.v4.new_notebook()
    assert len(colab.sync_notebook(empty, "notebooks/x.ipynb")) == 2
    assert len(colab.notebook_problems(empty, "notebooks/x.ipynb")) == 2


# ---------------------------------------------------------------- hub and Binder links

HUB = "https://hub.example.edu"


def _query(link: str) -> dict[str, str]:
    parts = urlsplit(link)
    query = parse_qs(parts.query, strict_parsing=True)
    assert all(len(v) == 1 for v in query.values()), "each parameter once"
    return {k: v[0] for k, v in query.items()}


def test_hub_link_is_an_nbgitpuller_link_that_opens_the_lesson():
    link = colab.hub_link(HUB, "notebooks/03_padding.ipynb", "me/fork", "fall-2026")
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc, parts.path) == (
        "https",
        "hub.example.edu",
        "/hub/user-redirect/git-pull",
    )
    assert _query(link) == {
        "repo": "https://github.com/me/fork",
        "branch": "fall-2026",
        # nbgitpuller clones into a folder named after the repository
        "urlpath": "lab/tree/fork/notebooks/03_padding.ipynb",
    }
    # Everything in the query is escaped: the link survives being pasted anywhere.
    assert "/" not in parts.query and " " not in link
    assert colab.clone_folder("me/fork") == "fork"


@pytest.mark.parametrize(
    "hub, base",
    [
        ("https://hub.example.edu/", "https://hub.example.edu"),
        ("http://localhost:8000", "http://localhost:8000"),
        ("  https://uni.example/jupyter/ ", "https://uni.example/jupyter"),
    ],
)
def test_hub_address_forms(hub, base):
    assert colab.check_hub(hub) == base
    assert colab.hub_link(hub, "notebooks/x.ipynb").startswith(
        base + "/hub/user-redirect/git-pull?"
    )


@pytest.mark.parametrize(
    "hub",
    [
        "hub.example.edu",
        "ftp://hub.example.edu",
        "https://hub.example.edu/hub/home",
        "https://hub.example.edu/hub/user-redirect/git-pull",
        "https://hub.example.edu/?next=x",
        "https://hub.example.edu/#x",
        "https://",
        "https://hub example.edu",
        None,
    ],
)
def test_bad_hub_addresses_raise_value_error(hub):
    with pytest.raises(ValueError, match="hub="):
        colab.check_hub(hub)


def test_binder_link_builds_from_the_repository_and_opens_the_lesson():
    link = colab.binder_link("notebooks/03_padding.ipynb", "me/fork", "fall/2026")
    assert link.startswith("https://mybinder.org/v2/gh/me/fork/fall%2F2026?")
    assert _query(link) == {"urlpath": "lab/tree/notebooks/03_padding.ipynb"}


def test_hub_links_command_prints_one_link_per_lesson_from_the_one_place():
    out = _cli("hub-links", "--hub", HUB + "/", "--root", str(ROOT), cwd=ROOT)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert len(lines) == len(NOTEBOOKS) >= 1
    for path, line in zip(NOTEBOOKS, lines, strict=True):
        name, link = line.split("  ")
        assert name == path.stem
        query = _query(link)
        assert query["repo"] == f"https://github.com/{colab.REPOSITORY}"
        assert query["branch"] == colab.REF
        folder = colab.clone_folder()
        assert query["urlpath"] == f"lab/tree/{folder}/{path.relative_to(ROOT).as_posix()}"
        assert link.startswith(HUB + "/hub/user-redirect/git-pull?")
    one = _cli("hub-links", "--hub", HUB, "--lesson", NOTEBOOKS[0].name[:2], cwd=ROOT)
    assert one.stdout.splitlines() == lines[:1]
    binder = _cli("binder-links", "--root", str(ROOT), cwd=ROOT)
    assert binder.returncode == 0 and len(binder.stdout.splitlines()) == len(NOTEBOOKS)
    assert all(
        f"/v2/gh/{colab.REPOSITORY}/" in line and "?urlpath=lab%2Ftree%2Fnotebooks%2F" in line
        for line in binder.stdout.splitlines()
    )


def test_hub_links_follow_a_retarget(repo_copy):
    assert _cli("retarget", "teacher-x/cnn-fork@fall-2026", cwd=repo_copy).returncode == 0
    out = _cli("hub-links", "--hub", HUB, cwd=repo_copy)
    assert out.returncode == 0, out.stderr
    for line in out.stdout.splitlines():
        query = _query(line.split("  ")[1])
        assert query["repo"] == "https://github.com/teacher-x/cnn-fork"
        assert query["branch"] == "fall-2026"
        assert query["urlpath"].startswith("lab/tree/cnn-fork/notebooks/")


@pytest.mark.parametrize(
    "args, words",
    [
        (["hub-links", "--hub", "hub.example.edu"], "hub="),
        (["hub-links", "--hub", HUB, "--lesson", "99"], "lessons="),
    ],
)
def test_hub_links_refuses_bad_input_in_one_line(args, words):
    out = _cli(*args, "--root", str(ROOT), cwd=ROOT)
    assert out.returncode == 2
    assert out.stderr.startswith("error: ") and words in out.stderr
    assert "Traceback" not in out.stderr and out.stdout == ""


# ---------------------------------------------------------------- retarget, on a copy


@pytest.fixture
def repo_copy(tmp_path):
    (tmp_path / "course_utils").mkdir()
    shutil.copy(ROOT / "course_utils" / "colab.py", tmp_path / "course_utils" / "colab.py")
    (tmp_path / "notebooks").mkdir()
    for path in NOTEBOOKS:
        shutil.copy(path, tmp_path / "notebooks" / path.name)
    if not NOTEBOOKS:  # the tests still mean something before the first lesson exists
        nbformat.write(_tiny_notebook(), tmp_path / "notebooks" / "99_t.ipynb")
        colab.retarget(tmp_path, f"{colab.REPOSITORY}@{colab.REF}")
    return tmp_path


def _load(colab_py: Path):
    spec = importlib.util.spec_from_file_location("colab_copy", colab_py)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_retarget_rewrites_the_one_place_and_every_notebook_keeping_outputs(repo_copy):
    notebooks = sorted((repo_copy / "notebooks").glob("*.ipynb"))
    before = {p: nbformat.read(p, as_version=4) for p in notebooks}
    original = {p: p.read_bytes() for p in [*notebooks, repo_copy / "course_utils" / "colab.py"]}
    out = _cli("retarget", "teacher-x/cnn-fork@fall-2025", cwd=repo_copy)
    assert out.returncode == 0, out.stderr
    assert "teacher-x/cnn-fork@fall-2025" in out.stdout
    copied = _load(repo_copy / "course_utils" / "colab.py")
    assert (copied.REPOSITORY, copied.REF) == ("teacher-x/cnn-fork", "fall-2025")
    assert _cli("check", cwd=repo_copy).returncode == 0
    for path, old in before.items():
        new = nbformat.read(path, as_version=4)
        rel = path.relative_to(repo_copy).as_posix()
        assert colab.notebook_problems(new, rel, "teacher-x/cnn-fork", "fall-2025") == []
        assert len(new.cells) == len(old.cells)
        for a, b in zip(old.cells, new.cells, strict=True):
            assert a.get("outputs") == b.get("outputs"), "outputs are kept"
            assert a.get("execution_count") == b.get("execution_count")
            if a.source != b.source:
                diff = set(b.source.splitlines()) - set(a.source.splitlines())
                assert all("teacher-x/cnn-fork" in line for line in diff)
    # Without @REF the ref stays; retargeting back restores every byte.
    assert _cli("retarget", "someone/else", cwd=repo_copy).returncode == 0
    assert _load(repo_copy / "course_utils" / "colab.py").REF == "fall-2025"
    back = _cli("retarget", f"{colab.REPOSITORY}@{colab.REF}", "--root", str(repo_copy), cwd=ROOT)
    assert back.returncode == 0, back.stderr
    for path, data in original.items():
        assert path.read_bytes() == data, f"{path.name} is not back to every byte"
    again = _cli("retarget", f"{colab.REPOSITORY}@{colab.REF}", cwd=repo_copy)
    assert "already pointed there" in again.stdout


@pytest.mark.parametrize("target", ["not-a-repo", "me/fork@..", "me/fork@"])
def test_retarget_refuses_bad_targets_and_changes_nothing(repo_copy, target):
    files = sorted(repo_copy.rglob("*.*"))
    before = [p.read_bytes() for p in files]
    out = _cli("retarget", target, cwd=repo_copy)
    assert out.returncode == 2
    assert out.stderr.startswith("error: ") and "is not allowed" in out.stderr
    assert "Traceback" not in out.stderr
    assert [p.read_bytes() for p in files] == before


def test_retarget_changes_nothing_if_a_notebook_lacks_its_badge(repo_copy):
    broken = nbformat.v4.new_notebook()
    broken.cells = [nbformat.v4.new_markdown_cell("# 98 · no badge")]
    nbformat.write(broken, repo_copy / "notebooks" / "98_broken.ipynb")
    colab_before = (repo_copy / "course_utils" / "colab.py").read_bytes()
    out = _cli("retarget", "me/fork", cwd=repo_copy)
    assert out.returncode == 2
    assert "nothing was changed" in out.stderr and "98_broken.ipynb" in out.stderr
    assert (repo_copy / "course_utils" / "colab.py").read_bytes() == colab_before
    assert "me/fork" not in "".join(p.read_text() for p in (repo_copy / "notebooks").glob("*"))


def test_retarget_outside_the_repository_says_where_to_run_it(tmp_path):
    out = _cli("retarget", "me/fork", cwd=tmp_path)
    assert out.returncode == 2 and "repository's root" in out.stderr
    with pytest.raises(ValueError, match="root="):
        colab.retarget(tmp_path, "me/fork")
