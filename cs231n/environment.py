"""Is this Python already set up for the assignment? Used by `make` before it runs pip.

    python cs231n/environment.py requirements.txt     # exit 0: ready, 1: set-up needed

Ready means: every requirement of the file (and of the files it includes with ``-r``) is
installed in a version it allows, this folder is installed (``pip install -e .``, so ``cs231n``
imports from here), and the compiled extension behind the fast layers imports and is newer than
its source. So after the README's manual ``pip install`` set-up, the first ``make`` does not
install everything again. It prints one line saying what it found.

It runs as a script, before anything is installed: it uses only the standard library and the
``packaging`` library (pip's own copy when it is not installed on its own).
"""

import importlib
import importlib.metadata as metadata
import json
import sys
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DISTRIBUTION = "cs231n-nets"


def _packaging():
    try:
        from packaging.requirements import Requirement
    except ImportError:
        from pip._vendor.packaging.requirements import Requirement
    return Requirement


def requirement_lines(path, seen=None):
    """The requirement strings of a requirements file, following ``-r other.txt``."""
    path = Path(path)
    seen = set() if seen is None else seen
    if path.resolve() in seen:
        return []
    seen.add(path.resolve())
    lines = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith(("-r ", "--requirement ")):
            lines += requirement_lines(path.parent / line.split(None, 1)[1], seen)
        elif not line.startswith("-"):
            lines.append(line)
    return lines


def missing_requirements(path):
    """Plain sentences, one per requirement that is not installed as the file asks."""
    Requirement = _packaging()
    problems = []
    for line in requirement_lines(path):
        requirement = Requirement(line)
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        try:
            version = metadata.version(requirement.name)
        except metadata.PackageNotFoundError:
            problems.append(f"{requirement.name} is not installed")
            continue
        if requirement.specifier and not requirement.specifier.contains(version, prereleases=True):
            problems.append(f"{requirement.name} {version} is installed, {line} is needed")
    return problems


def _url_path(url):
    """The folder of a ``file://`` URL (percent-escapes and Windows drives included)."""
    parsed = urllib.parse.urlparse(url)
    return (
        Path(urllib.request.url2pathname(parsed.path)).resolve()
        if parsed.scheme == "file"
        else None
    )


def package_problems(root=ROOT):
    """Sentences about this folder's own installation and its compiled extension."""
    # pip's record of the installation (a build's .egg-info in the folder has none)
    installs = [
        json.loads(found.read_text("direct_url.json") or "{}")
        for found in metadata.distributions(name=DISTRIBUTION)
    ]
    if not any(installs):
        return [f"{DISTRIBUTION} (this folder) is not installed (pip install -e .)"]
    if not any(
        install.get("dir_info", {}).get("editable")
        and _url_path(install.get("url", "")) == Path(root).resolve()
        for install in installs
    ):
        return [f"{DISTRIBUTION} is installed, but not in editable mode from {root}"]
    source = Path(root, "cs231n", "im2col_cython.pyx")
    sys.path.insert(0, str(root))
    try:
        extension = importlib.import_module("cs231n.im2col_cython")
    except Exception as error:
        return [f"the Cython extension does not import ({type(error).__name__}: {error})"]
    finally:
        sys.path.remove(str(root))
    built = Path(getattr(extension, "__file__", "") or "")
    if source.is_file() and built.is_file() and built.stat().st_mtime < source.stat().st_mtime:
        return ["the Cython extension is older than cs231n/im2col_cython.pyx"]
    return []


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    requirements = Path(argv[0]) if argv else ROOT / "requirements.txt"
    try:
        problems = missing_requirements(requirements) + package_problems()
    except Exception as error:  # anything unreadable means: let pip decide
        problems = [f"cannot check ({type(error).__name__}: {error})"]
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        print(f"set-up needed: {problems[0]}{more}", flush=True)
        return 1
    print(
        f"set-up: this Python ({sys.executable}) already has everything in {requirements.name}, "
        "this folder installed and the Cython extension built; no pip run needed",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
