"""Every lesson with an explorer, in a real browser: JupyterLab + Debian's Chromium via Playwright.

For each lesson that builds an explorer: open it in JupyterLab, run all cells, then check
that no output is an error or stderr text, that each explorer rendered as a live widget
(controls and a picture), and that moving a slider or changing a control changes what
the explorer shows (its caption and picture).

Needs `chromium` (Debian's package; Playwright never downloads a browser here) and the
`playwright` Python package. Without them the test skips and says why, unless
COURSE_REQUIRE_BROWSER=1 (CI sets it), where it fails instead. Screenshots go to
.test-output/browser/ (git-ignored). The server and the browser are stopped even when
a check fails.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest

from course_utils._runtime import CI_ENV, QUIET_ENV

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = ROOT / ".test-output" / "browser"
EXPLORER_RE = re.compile(r"\b\w+_(?:explorer|stepper|playground)\(|\bExplorer\(")
REQUIRED = os.environ.get("COURSE_REQUIRE_BROWSER", "").strip() in {"1", "true", "yes"}
RUN_TIMEOUT_S = 480  # one lesson's "Run All" (TensorFlow import and all) on a busy 2-core machine
UPDATE_TIMEOUT_S = 30  # a control change reaching the picture
MAX_TRIES = 4  # controls of one kind tried before concluding that none responds


def _lessons_with_explorers() -> list[Path]:
    found = []
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        if any(c.cell_type == "code" and EXPLORER_RE.search(c.source) for c in nb.cells):
            found.append(path)
    return found


LESSONS = _lessons_with_explorers()


def _unavailable(reason: str) -> None:
    if REQUIRED:
        pytest.fail(f"COURSE_REQUIRE_BROWSER=1, but {reason}", pytrace=False)
    pytest.skip(f"{reason} (set COURSE_REQUIRE_BROWSER=1 to make this a failure)")


def _chromium() -> str | None:
    explicit = os.environ.get("COURSE_CHROMIUM")
    if explicit:
        return explicit if Path(explicit).is_file() else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _write_lab_settings(folder: Path) -> None:
    """User settings for this throwaway JupyterLab: no news pop-up, every cell in the page."""
    settings = {
        "@jupyterlab/apputils-extension/notification": {
            "fetchNews": "false",
            "checkForUpdates": False,
        },
        "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    }
    for plugin, values in settings.items():
        package, name = plugin.rsplit("/", 1)
        target = folder / package / f"{name}.jupyterlab-settings"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values), encoding="utf-8")


class Lab:
    """A JupyterLab server on 127.0.0.1 with a random free port and a token."""

    def __init__(self, root_dir: Path, home: Path):
        self.port = _free_port()
        self.token = secrets.token_hex(24)
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = home / "jupyterlab.log"
        settings = home / "lab-settings"
        _write_lab_settings(settings)
        env = {
            **CI_ENV,  # CI mode (the capstone trains less) unless already set otherwise
            **os.environ,
            **QUIET_ENV,  # kernels inherit the test settings: offline, quiet, one thread
            "JUPYTER_CONFIG_DIR": str(home / "config"),
            "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
            "JUPYTERLAB_SETTINGS_DIR": str(settings),
            "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
        }
        env.pop("MPLBACKEND", None)  # the notebooks use Jupyter's inline backend
        command = [
            sys.executable,
            "-m",
            "jupyter",
            "lab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={root_dir}",
            "--ServerApp.allow_root=True",
            "--LabApp.expose_app_in_browser=True",
        ]
        self._log = open(self.log_path, "w", encoding="utf-8")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            command,
            cwd=root_dir,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )

    def api(self, path: str, method: str = "GET") -> object:
        request = urllib.request.Request(
            f"{self.url}{path}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def wait_until_ready(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterLab exited early:\n{self.log()}")
            try:
                self.api("/api/status")
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        raise RuntimeError(f"JupyterLab did not answer in {timeout:.0f} s:\n{self.log()}")

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text(encoding="utf-8", errors="replace")[-4000:]

    def shutdown_kernels(self) -> None:
        try:
            for kernel in self.api("/api/kernels") or []:
                self.api(f"/api/kernels/{kernel['id']}", method="DELETE")
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass

    def stop(self) -> None:
        """Kernels first (they live in their own sessions), then the server, politely then not."""
        if self.process.poll() is None:
            self.shutdown_kernels()
            try:
                self.api("/api/shutdown", method="POST")
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGTERM)
                try:
                    self.process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.killpg(self.process.pid, signal.SIGKILL)
                    self.process.wait(timeout=10)
        self._log.close()


@pytest.fixture(scope="module")
def browser_tools():
    """(playwright's sync_playwright, the chromium path), or skip / fail saying what is missing."""
    chromium = _chromium()
    if chromium is None:
        _unavailable(
            "Chromium is not installed (Debian/Ubuntu: `sudo apt-get install chromium`; "
            "or point COURSE_CHROMIUM at a Chromium binary)"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the Python package playwright is not installed (pip install playwright)")
    if not LESSONS:
        _unavailable("no lesson builds an explorer yet")
    return sync_playwright, chromium


@pytest.fixture(scope="module")
def lab(browser_tools, tmp_path_factory):
    """JupyterLab serving copies of the lessons (outputs cleared, so nothing stale is checked)."""
    home = tmp_path_factory.mktemp("jupyterlab-home")
    root_dir = tmp_path_factory.mktemp("lessons")
    for path in LESSONS:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = [], None
        nbformat.write(nb, root_dir / path.name)
    server = Lab(root_dir, home)
    try:
        server.wait_until_ready()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def browser(browser_tools):
    sync_playwright, chromium = browser_tools
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium,
            headless=True,
            args=[
                "--no-sandbox",  # CI runs as root
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-extensions",
            ],
        )
        try:
            yield launched
        finally:
            launched.close()


# ---------------------------------------------------------------- in-page helpers (JupyterLab 4)

JS_NOTEBOOK_READY = """() => {
  const app = window.jupyterapp;
  const panel = app && app.shell.currentWidget;
  return !!(panel && panel.content && panel.sessionContext && panel.context
            && panel.context.isReady && panel.sessionContext.session
            && panel.sessionContext.session.kernel);
}"""

JS_RUN_ALL = """async (limitMs) => {
  const panel = window.jupyterapp.shell.currentWidget;
  await panel.sessionContext.ready;
  const run = window.jupyterapp.commands.execute('notebook:run-all-cells');
  return await Promise.race([run, new Promise(done => setTimeout(() => done(null), limitMs))]);
}"""

JS_STATE = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const cells = panel.content.widgets;
  const result = {kernel: panel.sessionContext.session.kernel.status, pending: 0, problems: []};
  cells.forEach((cell, i) => {
    cell.node.setAttribute('data-course-cell', String(i));
    if (cell.model.type !== 'code' || !cell.model.sharedModel.getSource().trim()) return;
    const prompt = cell.promptNode ? cell.promptNode.textContent : '';
    if (cell.model.executionCount === null || prompt.includes('*')) { result.pending += 1; }
    for (const out of cell.model.outputs.toJSON()) {
      if (out.output_type === 'error') {
        result.problems.push(`cell ${i}: ${out.ename}: ${out.evalue}`);
      } else if (out.output_type === 'stream' && out.name === 'stderr') {
        result.problems.push(`cell ${i}: stderr: ${String(out.text).slice(0, 300)}`);
      }
    }
  });
  result.stderrShown = document.querySelectorAll(
    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').length;
  return result;
}"""

JS_SHUTDOWN = """async () => {
  const panel = window.jupyterapp.shell.currentWidget;
  if (panel && panel.sessionContext) { await panel.sessionContext.shutdown(); }
}"""


def _dismiss_dialogs(page) -> None:
    """Accept a kernel chooser (or any dialog) that JupyterLab may put up."""
    dialog = page.locator(".jp-Dialog")
    if dialog.count():
        accept = dialog.locator(".jp-Dialog-button.jp-mod-accept")
        (accept if accept.count() else dialog.locator("button").first).click()


def _explorer_view(output_area):
    """What the learner sees of an explorer: caption texts and picture sources."""
    return output_area.evaluate(
        """node => ({
          html: Array.from(node.querySelectorAll('.widget-html-content, .widget-html'))
                     .map(e => e.innerText).join(' | '),
          images: Array.from(node.querySelectorAll('img')).map(i => i.src),
        })"""
    )


def _changed(output_area, before: dict, timeout: float) -> bool:
    """Wait for a new picture, then for the view to settle (the caption may come first)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        now = _explorer_view(output_area)
        if now["images"] and now["images"] != before["images"]:
            time.sleep(0.5)
            if _explorer_view(output_area) == now:
                return True
        time.sleep(0.2)
    return False


def _slider_moves(page, output_area):
    """Arrow keys on slider handles (ipywidgets 8: noUiSlider; 7: jQuery UI), first ones first."""
    handles = output_area.locator(".widget-slider .noUi-handle, .widget-slider .ui-slider-handle")
    for n in range(min(handles.count(), MAX_TRIES)):

        def move(n=n):
            handle = handles.nth(n)
            now, top = handle.get_attribute("aria-valuenow"), handle.get_attribute("aria-valuemax")
            key = "ArrowLeft" if now is not None and now == top else "ArrowRight"
            handle.focus()
            page.keyboard.press(key)
            return f"pressing {key} on slider {n + 1}"

        yield move


def _other_changes(output_area):
    """Clicks on toggle buttons not selected, then other options of drop-downs."""
    buttons = output_area.locator(".widget-toggle-buttons button:not(.mod-active)")
    labels = [b.strip() for b in buttons.all_inner_texts()][:MAX_TRIES]
    for label in labels:

        def click(label=label):
            output_area.locator(".widget-toggle-buttons button").filter(
                has_text=label
            ).first.click()
            return f"clicking the toggle button {label!r}"

        yield click
    selects = output_area.locator(".widget-dropdown select")
    for n in range(min(selects.count(), MAX_TRIES)):
        select = selects.nth(n)
        values = select.evaluate("s => Array.from(s.options).map(o => o.value)")
        others = [v for v in values if v != select.input_value()][:2]
        for value in others:

            def choose(select=select, value=value, n=n):
                select.select_option(value)
                return f"choosing {value!r} in drop-down {n + 1}"

            yield choose


JS_FITS = """node => {
  const area = node.querySelector('.jp-OutputArea-output') || node;
  const right = area.getBoundingClientRect().right;
  const problems = [];
  node.querySelectorAll('.jupyter-widgets img').forEach((img, i) => {
    const box = img.getBoundingClientRect();
    if (box.right > right + 1) {
      problems.push(`picture ${i} ends ${Math.round(box.right - right)} px past its output area`);
    }
    if (img.naturalWidth < 2 * box.width - 1) {
      problems.push(`picture ${i}: ${img.naturalWidth} px drawn into ${Math.round(box.width)} px`
                    + ' (soft on a high-density screen)');
    }
  });
  node.querySelectorAll('.jupyter-widgets').forEach((w) => {
    if (w.scrollWidth > w.clientWidth + 1) {
      problems.push(`a widget box scrolls sideways (${w.scrollWidth} > ${w.clientWidth} px)`);
    }
  });
  return problems;
}"""


def _fits(output_area, when: str) -> None:
    """The explorer fits its output area: no picture or row cut off on the right, and its
    picture has at least 2 pixels per CSS pixel (sharp on a high-density screen)."""
    problems = output_area.evaluate(JS_FITS)
    assert problems == [], f"{when}: " + "; ".join(problems)


def _explorer_responds(output_area, changes, shot: str) -> list[str] | None:
    """Try the changes in turn until one gives a new picture; None if there was none to try.

    A control may rightly change nothing in some states (a colour channel of a grey
    image), so one change per kind of control that does update the picture is the proof.
    """
    tried = []
    for change in changes:
        before = _explorer_view(output_area)
        tried.append(change())
        if _changed(output_area, before, UPDATE_TIMEOUT_S if len(tried) == 1 else 10):
            output_area.screenshot(path=shot)
            _fits(output_area, f"after {tried[-1]}")
            return []
    return tried or None


@pytest.mark.parametrize("path", [pytest.param(p, id=p.name) for p in LESSONS])
def test_lesson_runs_and_its_explorers_respond(path, lab, browser):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / path.stem
    # The page width the issue measured a learner's JupyterLab at.
    context = browser.new_context(viewport={"width": 1032, "height": 1000})
    page = context.new_page()
    page_errors: list[str] = []
    page.on("pageerror", lambda err: page_errors.append(str(err)))
    try:
        page.goto(f"{lab.url}/lab/tree/{path.name}?reset&token={lab.token}")
        deadline = time.monotonic() + 120
        while True:
            _dismiss_dialogs(page)
            if page.evaluate(JS_NOTEBOOK_READY):
                break
            assert time.monotonic() < deadline, "the notebook and its kernel did not open"
            time.sleep(0.5)

        start = time.monotonic()
        # Resolves when the last cell has run, one failed, or the time is up.
        page.evaluate(JS_RUN_ALL, RUN_TIMEOUT_S * 1000)
        state = page.evaluate(JS_STATE)
        while state["problems"] == [] and (state["pending"] or state["kernel"] != "idle"):
            assert time.monotonic() - start < RUN_TIMEOUT_S, f"still running: {state}"
            time.sleep(0.5)
            state = page.evaluate(JS_STATE)
        print(f"{path.name}: Run All took {time.monotonic() - start:.1f} s in the browser")
        page.screenshot(path=f"{shot}-after-run.png")
        assert state["problems"] == [], "outputs with errors or stderr: " + "; ".join(
            state["problems"]
        )
        assert state["stderrShown"] == 0, "an error or stderr output is on the page"

        nb = nbformat.read(path, as_version=4)
        explorer_cells = [
            i
            for i, c in enumerate(nb.cells)
            if c.cell_type == "code" and EXPLORER_RE.search(c.source)
        ]
        for i in explorer_cells:
            area = page.locator(f'[data-course-cell="{i}"] .jp-OutputArea')
            widget = area.locator(".jupyter-widgets").first
            widget.wait_for(state="visible", timeout=30_000)
            assert (
                not area.locator(".jupyter-widgets-view-error, .jp-RenderedText")
                .filter(has_text="Error displaying widget")
                .count()
            ), f"cell {i}: the widget could not be displayed"
            assert area.locator("img").count(), f"cell {i}: the explorer shows no picture"
            widget.scroll_into_view_if_needed()
            area.screenshot(path=f"{shot}-cell{i}-before.png")
            _fits(area, f"cell {i}, as built")
            kinds = {
                "a slider": _slider_moves(page, area),
                "a toggle or drop-down": _other_changes(area),
            }
            responded = 0
            for n, (kind, changes) in enumerate(kinds.items()):
                failed = _explorer_responds(area, changes, f"{shot}-cell{i}-after-{n + 1}.png")
                if failed:
                    raise AssertionError(
                        f"cell {i}: changing {kind} never changed the explorer's picture "
                        f"(tried {'; '.join(failed)})"
                    )
                responded += failed is not None
            assert responded, f"cell {i}: the explorer has no slider, toggle or drop-down"
        assert page.evaluate(JS_STATE)["problems"] == [], "a control change raised an error"
    except BaseException:
        page.screenshot(path=f"{shot}-FAILED.png")
        if page_errors:
            print("errors in the page:", *page_errors[:5], sep="\n  ")
        print("JupyterLab log (end):\n" + lab.log())
        raise
    finally:
        try:
            page.evaluate(JS_SHUTDOWN)
        except Exception:  # noqa: BLE001 (the page may be gone; the server cleans up anyway)
            pass
        lab.shutdown_kernels()
        context.close()
