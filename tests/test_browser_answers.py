"""What students and staff see in a browser, beside tests/test_browser.py (whose fixtures this
reuses: Debian's headless Chromium, JupyterLab on 127.0.0.1).

- ``answers/*.html`` of ``make submit`` with the network off: equations are laid out as MathML
  (a fraction's numerator above its denominator), no raw LaTeX, no script, nothing fetched.
- The README's inline-plot picture: a plot cell of notebook 1 as a student sees it (no CI marker,
  the whole figure with its x-axis), saved as ``master-inline-plot.png`` in
  ``$CS231N_SCREENSHOTS`` (default: the test's temporary folder).
"""

import json
import os
import re
from pathlib import Path

from test_browser import (  # noqa: F401 (browser_available: skip or fail without a browser)
    CHROMEDRIVER,
    CHROMIUM,
    KERNEL_IDLE,
    PROMPTS,
    Lab,
    _chromium,
    _open_and_run_all,
    _wait,
    browser_available,
)

from cs231n import submit

MASTER = Path(__file__).resolve().parent.parent
NOTEBOOK = "notebooks/1_FullyConnectedNets.ipynb"


def _offline_chromium(tmp_path):
    """Headless Chromium that cannot reach any host: every name resolves to nothing and every
    request goes to a closed proxy port."""
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
        "--no-first-run",
        "--window-size=1100,850",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--proxy-server=http://127.0.0.1:9",
        f"--user-data-dir={tmp_path / 'chromium-offline-profile'}",
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    return driver


FRACTION_LAYOUT = """
const fraction = document.querySelector('math mfrac');
const [top, bottom] = [...fraction.children].map(e => e.getBoundingClientRect());
return {numeratorBottom: top.bottom, denominatorTop: bottom.top,
        width: fraction.getBoundingClientRect().width};
"""


def test_rendered_answers_show_equations_offline(tmp_path):
    notebook = submit.parse_notebook((MASTER / NOTEBOOK).read_bytes())
    page = tmp_path / "1_FullyConnectedNets.html"
    page.write_text(submit.render_html(page.stem, notebook), encoding="utf-8")
    driver = _offline_chromium(tmp_path)
    try:
        driver.get(page.as_uri())
        assert driver.execute_script("return document.querySelectorAll('math').length") > 50
        layout = driver.execute_script(FRACTION_LAYOUT)
        assert layout["width"] > 0 and layout["numeratorBottom"] <= layout["denominatorTop"] + 1
        text = driver.execute_script("return document.body.innerText")
        assert "\\frac" not in text and "$$" not in text and "\\begin{aligned}" not in text
        assert driver.execute_script("return document.scripts.length") == 0
        fetched = driver.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name)"
        )
        assert fetched == []
        assert driver.execute_script("return document.images.length") >= 1
        assert driver.execute_script("return document.images[0].naturalWidth") > 100
    finally:
        driver.quit()


CELL_IN_VIEW = """
const cell = arguments[0].getBoundingClientRect();
const view = arguments[0].closest('.jp-Notebook').getBoundingClientRect();
return cell.top >= view.top && cell.bottom <= view.bottom;
"""


def _student_view(directory):
    """Notebook 1 of the master up to its first plot, without the CI markers (as in the
    release); returns the notebook's path relative to ``directory``."""
    notebook = json.loads((MASTER / NOTEBOOK).read_text("utf-8"))
    cells = []
    for cell in notebook["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "code":
            source = re.sub(r"(?m)^# NBVAL_\w+[ \t]*\n", "", source)
            cell.update(source=source, outputs=[], execution_count=None)
        cells.append(cell)
        if cell["cell_type"] == "code" and "plt.show()" in source:
            break
    notebook["cells"] = cells
    target = directory / NOTEBOOK
    target.parent.mkdir(parents=True)
    target.write_text(json.dumps(notebook, indent=1), encoding="utf-8")
    return NOTEBOOK


def test_inline_plot_as_a_student_sees_it(tmp_path):
    from selenium.webdriver.common.by import By

    directory = tmp_path / "student-view"
    relpath = _student_view(directory)
    lab = Lab(directory, MASTER, tmp_path, fast=True)
    driver = _chromium(tmp_path)
    driver.set_window_size(1100, 1300)  # the whole cell, source and figure, in one view
    try:
        _open_and_run_all(driver, lab, relpath)

        def finished():
            prompts = driver.execute_script(PROMPTS)
            done = prompts and all(p[1:-2].strip().isdigit() for p in prompts)
            return done and driver.execute_script(KERNEL_IDLE)

        _wait(finished, 600, "the cells up to the first plot to run (fast mode)")
        plot = driver.find_elements(By.CSS_SELECTOR, ".jp-RenderedImage img")[-1]
        cell = plot.find_element(By.XPATH, "ancestor::div[contains(@class, 'jp-CodeCell')]")
        assert "NBVAL" not in cell.text and "plt.show()" in cell.text
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", cell)
        _wait(lambda: driver.execute_script("return arguments[0].complete", plot), 30, "plot")
        assert driver.execute_script("return arguments[0].naturalHeight", plot) > 200
        visible = driver.execute_script(CELL_IN_VIEW, cell)
        assert visible, "the plot cell does not fit in the notebook's view"  # x-axis included
        folder = Path(os.environ.get("CS231N_SCREENSHOTS") or tmp_path / "screenshots")
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "master-inline-plot.png"
        cell.screenshot(str(path))
        try:  # 256 colours keep the committed PNG small
            from PIL import Image

            with Image.open(path) as image:
                image.convert("RGB").quantize(colors=256).save(path, optimize=True)
        except ImportError:
            pass
    finally:
        driver.quit()
        lab.close()
