"""JupyterLab in a real browser, as students use it: headless Chromium (Debian's ``chromium`` and
``chromium-driver`` packages, never a downloaded browser) driven by selenium, JupyterLab on
127.0.0.1 only.

- In a built release, notebook 1 runs until the first stub and shows its NotImplementedError
  naming the function.
- In the master (fast mode), notebook 1 runs to the end: check cells print their error and PASS,
  plots appear inline, progress bars render without warnings.
- With a mistake in ``affine_backward`` (``db`` averaged instead of summed), its check cell shows a
  bold red FAIL line and, under it, the hint naming the cause.

Screenshots of both go to ``$CS231N_SCREENSHOTS`` (default: the test's temporary folder);
``docs/`` holds the committed ones. CI sets ``CS231N_BROWSER_TEST=required``, which turns a missing
browser into a failure instead of a skip.
"""

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from instructor import release

MASTER = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
NOTEBOOK = "notebooks/1_FullyConnectedNets.ipynb"
REQUIRED = os.environ.get("CS231N_BROWSER_TEST") == "required"


def _missing():
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (requirements-test.txt)"
    for path in (CHROMIUM, CHROMEDRIVER):
        if not os.access(path, os.X_OK):
            return f"{path} not found (apt-get install chromium chromium-driver)"
    if not _cifar10_source():
        return "no CIFAR-10: set CIFAR10_SOURCE"
    return None


def _cifar10_source():
    source = os.environ.get("CIFAR10_SOURCE")
    if source and "://" not in source:
        for candidate in (Path(source).expanduser(), MASTER / source):
            if candidate.exists():
                return str(candidate.resolve())
    shared = MASTER.parent / "shared" / "datasets" / "cifar-10-images.tar.xz"
    return source or (str(shared) if shared.exists() else None)


@pytest.fixture(scope="module", autouse=True)
def browser_available():
    why = _missing()
    if why and REQUIRED:
        pytest.fail(f"browser test required but {why}")
    if why:
        pytest.skip(why)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _write_settings(directory):
    """JupyterLab user settings: every cell rendered (so outputs off screen are in the page), no
    news or update checks (no internet here)."""
    settings = {
        "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
        "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
            "fetchNews": "false",
            "checkForUpdates": False,
        },
    }
    for relpath, value in settings.items():
        path = directory / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))


class Lab:
    """JupyterLab serving ``root`` on 127.0.0.1, with the package of ``package_root`` importable."""

    def __init__(self, root, package_root, tmp_path, fast):
        self.root, self.port, self.token = root, _free_port(), secrets.token_hex(16)
        home = tmp_path / "home"
        _write_settings(home / "lab-settings")
        env = {
            **os.environ,
            "PYTHONPATH": str(package_root),
            "CIFAR10_SOURCE": _cifar10_source(),
            "CS231N_FAST": "1" if fast else "0",
            "JUPYTERLAB_SETTINGS_DIR": str(home / "lab-settings"),
            "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
            "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
            "OPENBLAS_NUM_THREADS": "1",
        }
        self.log = open(tmp_path / "jupyterlab.log", "w")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "jupyter",
                "lab",
                "--no-browser",
                "--ServerApp.ip=127.0.0.1",
                f"--ServerApp.port={self.port}",
                "--ServerApp.port_retries=0",
                f"--IdentityProvider.token={self.token}",
                f"--ServerApp.root_dir={root}",
                "--LabApp.expose_app_in_browser=True",
                *(["--allow-root"] if os.geteuid() == 0 else []),
            ],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 90
        while True:
            try:
                url = f"http://127.0.0.1:{self.port}/api/status?token={self.token}"
                with urllib.request.urlopen(url, timeout=5):
                    break
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.close()
                    log = (tmp_path / "jupyterlab.log").read_text()[-3000:]
                    raise RuntimeError(f"JupyterLab did not start within 90 s:\n{log}") from None
                time.sleep(0.5)

    def url(self, relpath):
        return f"http://127.0.0.1:{self.port}/lab/tree/{relpath}?token={self.token}"

    def close(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, 15)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, 9)
                self.process.wait(timeout=10)
        self.log.close()


def _chromium(tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1100,850",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    return driver


def _wait(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


OUTPUT_TEXTS = """
return [...document.querySelectorAll('.jp-Notebook .jp-OutputArea-output')]
    .map(e => e.innerText);
"""
KERNEL_IDLE = """
const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
const kernel = panel && panel.sessionContext && panel.sessionContext.session
    && panel.sessionContext.session.kernel;
return Boolean(kernel && kernel.status === 'idle' && panel.content.widgets.length > 0);
"""
CELL_WITH_TEXT = """
return [...document.querySelectorAll('.jp-Notebook .jp-CodeCell')]
    .find(cell => [...cell.querySelectorAll('.jp-OutputArea-output')]
        .some(output => output.innerText.includes(arguments[0])));
"""
PROMPTS = """
return [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]
    .map(e => e.innerText.trim());
"""


def _open_and_run_all(driver, lab, relpath):
    driver.get(lab.url(relpath))
    _wait(lambda: driver.execute_script(KERNEL_IDLE), 120, "the notebook's kernel to be idle")
    driver.execute_script(
        "window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs');"
        "return window.jupyterapp.commands.execute('notebook:run-all-cells');"
    )


def _screenshot(driver, element, name, block="start"):
    """Scroll ``element`` to the top (or ``block="end"``: bottom) of the notebook and save a
    small PNG of the window."""
    driver.execute_script(f"arguments[0].scrollIntoView({{block: '{block}'}});", element)
    time.sleep(1.0)
    directory = Path(os.environ.get("CS231N_SCREENSHOTS") or driver.screenshot_folder)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    driver.save_screenshot(str(path))
    try:  # 256 colours keep the committed PNGs small
        from PIL import Image

        with Image.open(path) as image:
            image.convert("RGB").quantize(colors=256).save(path, optimize=True)
    except ImportError:
        pass
    return path


@pytest.fixture
def driver(tmp_path):
    driver = _chromium(tmp_path)
    driver.screenshot_folder = tmp_path / "screenshots"
    yield driver
    driver.quit()


def _link_data_cache(directory):
    cache = MASTER / "datasets" / "cifar10-cache"
    if cache.is_dir():  # saves decoding the images again (the cache is keyed to the source)
        shutil.copytree(cache, directory / "datasets" / "cifar10-cache", copy_function=os.link)


def test_release_notebook_stops_at_the_stub_in_jupyterlab(driver, tmp_path):
    directory = tmp_path / "release"
    release.build_release(MASTER, directory, make_zip=False)
    _link_data_cache(directory)
    lab = Lab(directory, directory, tmp_path, fast=False)
    try:
        _open_and_run_all(driver, lab, NOTEBOOK)
        texts = _wait(
            lambda: [t for t in driver.execute_script(OUTPUT_TEXTS) if "NotImplementedError" in t],
            240,
            "the stub's NotImplementedError",
        )
        assert "affine_forward: TODO" in texts[0], texts[0]
        cell = driver.execute_script(CELL_WITH_TEXT, "NotImplementedError")
        _screenshot(driver, cell, "release-stopped-at-stub.png", block="end")
        prompts = driver.execute_script(PROMPTS)
        assert prompts.count("[*]:") == 0 and "[ ]:" in prompts  # later cells did not run
    finally:
        lab.close()


def test_master_notebook_shows_checks_and_inline_plots_in_jupyterlab(driver, tmp_path):
    directory = tmp_path / "master"
    shutil.copytree(MASTER / "notebooks", directory / "notebooks")
    lab = Lab(directory, MASTER, tmp_path, fast=True)
    try:
        _open_and_run_all(driver, lab, NOTEBOOK)

        def finished():
            prompts = driver.execute_script(PROMPTS)
            done = prompts and all(p[1:-2].strip().isdigit() for p in prompts)
            return done and driver.execute_script(KERNEL_IDLE)

        _wait(finished, 600, "every cell of notebook 1 to run (fast mode)")
        texts = driver.execute_script(OUTPUT_TEXTS)
        checks = [line for t in texts for line in t.splitlines() if "relative error" in line]
        assert checks and all("PASS (needs < " in line for line in checks), checks
        assert not [t for t in texts if "Traceback" in t or "IProgress not found" in t]
        from selenium.webdriver.common.by import By

        plots = driver.find_elements(By.CSS_SELECTOR, ".jp-RenderedImage img")
        assert plots, "no inline plot"
        assert all(p.get_attribute("src").startswith("data:image/png") for p in plots)
        assert driver.execute_script("return arguments[0].naturalWidth;", plots[0]) > 100
        _screenshot(
            driver, driver.execute_script(CELL_WITH_TEXT, "PASS (needs"), "master-check-cell.png"
        )
        # docs/master-inline-plot.png is taken by tests/test_browser_answers.py (a student view).
    finally:
        lab.close()


FAIL_STYLE = """
const span = [...document.querySelectorAll('.jp-OutputArea-output span')]
    .find(e => e.innerText.trim() === 'FAIL');
if (!span) return null;
const style = getComputedStyle(span);
return {color: style.color, weight: style.fontWeight};
"""
PASS_STYLE = FAIL_STYLE.replace("'FAIL'", "'PASS'")


def test_a_failing_check_cell_shows_a_red_fail_and_its_hint_in_jupyterlab(driver, tmp_path):
    directory = tmp_path / "student"
    shutil.copytree(MASTER / "notebooks", directory / "notebooks")
    shutil.copytree(
        MASTER / "cs231n", directory / "cs231n", ignore=shutil.ignore_patterns("__pycache__")
    )
    _link_data_cache(directory)
    layers = directory / "cs231n" / "layers.py"
    source = layers.read_text(encoding="utf-8")
    assert source.count("db = dout.sum(axis=0)\n") == 1  # affine_backward's
    layers.write_text(
        source.replace("db = dout.sum(axis=0)\n", "db = dout.mean(axis=0)\n", 1), encoding="utf-8"
    )
    lab = Lab(directory, directory, tmp_path, fast=True)
    try:
        _open_and_run_all(driver, lab, NOTEBOOK)
        texts = _wait(
            lambda: [t for t in driver.execute_script(OUTPUT_TEXTS) if "hint:" in t],
            300,
            "the affine_backward check cell's hint",
        )
        lines = texts[0].splitlines()
        fail = [i for i, line in enumerate(lines) if "affine_backward db" in line][0]
        assert "FAIL (needs < 1e-08)" in lines[fail], lines
        assert lines[fail + 1].startswith("hint: db is N times too small"), lines
        assert "affine_backward dx: relative error" in texts[0] and "PASS" in lines[0], lines
        fail_style, pass_style = (
            driver.execute_script(FAIL_STYLE),
            driver.execute_script(PASS_STYLE),
        )
        assert fail_style and pass_style, texts
        assert int(fail_style["weight"]) >= 600 and fail_style["color"] != pass_style["color"]
        cell = driver.execute_script(CELL_WITH_TEXT, "hint:")
        _screenshot(driver, cell, "check-cell-hint.png", block="center")
    finally:
        lab.close()


PROGRESS_CELL = """\
import numpy as np
from cs231n.classifiers.fc_net import FullyConnectedNet
from cs231n.solver import Solver

rng = np.random.RandomState(0)
data = {"X_train": rng.randn(200, 5), "y_train": rng.randint(3, size=200),
        "X_val": rng.randn(20, 5), "y_val": rng.randint(3, size=20)}
model = FullyConnectedNet([10], input_dim=5, num_classes=3)
Solver(model, data, num_epochs=2, batch_size=20, progress=True, verbose=False).train()
print("trained")
"""


# A tqdm notebook bar is an ipywidgets box holding a progress widget (a <progress>-like bar).
PROGRESS_WIDGETS = """
return [...document.querySelectorAll('.jp-OutputArea-output .jupyter-widgets')]
    .filter(e => /progress/.test(e.className)).length;
"""
WIDGET_CLASSES = """
return [...document.querySelectorAll('.jp-OutputArea-output *')].map(e => e.className).join(' | ');
"""


def test_progress_bars_render_as_widgets_in_jupyterlab(driver, tmp_path):
    nbformat = pytest.importorskip("nbformat")
    directory = tmp_path / "scratch"
    directory.mkdir()
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(PROGRESS_CELL)])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nbformat.write(notebook, directory / "progress.ipynb")
    lab = Lab(directory, MASTER, tmp_path, fast=True)
    try:
        _open_and_run_all(driver, lab, "progress.ipynb")
        _wait(
            lambda: any("trained" in t for t in driver.execute_script(OUTPUT_TEXTS)),
            120,
            "the training cell to finish",
        )
        texts = driver.execute_script(OUTPUT_TEXTS)
        assert not [t for t in texts if "IProgress" in t or "Warning" in t], texts
        bars = driver.execute_script(PROGRESS_WIDGETS)
        assert bars, (texts, driver.execute_script(WIDGET_CLASSES))
        assert any("training" in t and "100%" in t for t in texts), texts
    finally:
        lab.close()
