"""Grade a course's submissions with the hidden tests (instructor-only).

    python -m instructor.grader SUBMISSIONS OUT [--jobs N] [--seed S] [--wall SECONDS]
        [--budget SECONDS] [--memory MB] [--allow-weak-sandbox] [--allow-dirty]

SUBMISSIONS is a folder of submissions (``submission.zip`` files or folders, one per student,
named after the student); OUT receives ``OUT/results/<submission>/results.json`` (Gradescope's
format), ``OUT/grades.csv`` and ``OUT/histogram.png``. See instructor/grader/__init__.py.
"""

import argparse
import fcntl
import json
import multiprocessing
import os
import shutil
import signal
import sys
import time
import zipfile
from multiprocessing.connection import wait
from pathlib import Path

from ..release import dirty_master_message, git_tracks, uncommitted_changes
from .grade import DEFAULT_BUDGET, MIN_BUDGET, SubmissionResult, _all_failed
from .report import printable

MASTER = Path(__file__).resolve().parents[2]
# What grading writes in OUT. A run that stopped before every submission was graded writes
# grades.partial.csv and INTERRUPTED.txt (who is missing) instead of grades.csv and the
# histogram, so nothing in OUT looks complete (held-out round 11, row 17).
OUTPUT = {"grades.csv", "histogram.png", "results", "grades.partial.csv", "INTERRUPTED.txt"}
GRADES_FILES = ("grades.csv", "grades.partial.csv")


class Interrupted(BaseException):
    """The grader got SIGTERM, SIGHUP or SIGINT."""


def display_name(name):
    """A file name as text: UTF-8 when it is, else Latin-1 (never undecodable bytes)."""
    raw = os.fsencode(name)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


BUNDLE_SCRIPT = Path(__file__).resolve().parent.parent / "autograder" / "run_autograder"


def is_grader_bundle(path, own=None):
    """Whether ``path`` (a zip or a folder) is the Gradescope bundle `instructor.autograder`
    writes, at its top or one folder down (re-zipped): its ``run_autograder`` holds ``own``
    (the bytes of the course's own, `BUNDLE_SCRIPT`), which no student has (held-out round 9:
    names alone are a student's to choose); in a folder, a file, not a link to one."""
    own = BUNDLE_SCRIPT.read_bytes() if own is None else own
    try:
        if path.is_dir():
            candidates = [path / "run_autograder", *path.glob("*/run_autograder")]
            return any(
                c.is_file() and not c.is_symlink() and c.read_bytes() == own
                for c in candidates[:20]
            )
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                parts = info.filename.split("/")
                if parts[-1] == "run_autograder" and len(parts) <= 2 and info.file_size == len(own):
                    if archive.read(info) == own:
                        return True
    except (OSError, zipfile.BadZipFile, ValueError, RuntimeError):
        return False
    return False


# Archives a student may upload instead of a zip: by name, or by their first bytes.
ARCHIVE_SUFFIXES = {
    ".tar": "a tar archive",
    ".tgz": "a gzipped tar archive",
    ".tbz2": "a bzip2 archive",
    ".txz": "an xz archive",
    ".gz": "a gzip archive",
    ".bz2": "a bzip2 archive",
    ".xz": "an xz archive",
    ".zst": "a zstd archive",
    ".7z": "a 7-Zip archive",
    ".rar": "a RAR archive",
}
ARCHIVE_MAGIC = (
    (b"PK\x03\x04", "a zip without the .zip name"),
    (b"PK\x05\x06", "a zip without the .zip name"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"(\xb5/\xfd", "a zstd archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
)


def other_archive(path):
    """What kind of archive other than a ``.zip`` file ``path`` is (``"a gzip archive"``), by
    its name or its first bytes, else None (``Thumbs.db``, ``notes.txt``: not a student)."""
    name = path.name.lower()
    for suffix in (".tar.gz", ".tar.bz2", ".tar.xz", ".tar.zst"):
        if name.endswith(suffix):
            return f"a {suffix[1:]} archive"
    try:
        with open(path, "rb") as handle:
            head = handle.read(512)
    except OSError:
        head = b""
    if head[257:262] == b"ustar":
        return "a tar archive"
    for magic, kind in ARCHIVE_MAGIC:
        if head.startswith(magic):
            return kind
    return ARCHIVE_SUFFIXES.get(Path(name).suffix)


def submissions_in(folder, out=None, skipped=None):
    """``(name, path)`` of every zip file and folder in ``folder`` (sorted by name), leaving out
    ``out`` (the grader's output folder, when it was put inside ``folder``), hidden entries, the
    ``__MACOSX`` folder macOS's Archive Utility adds when it zips a course folder (its
    ``._name`` files are metadata, not a student), symbolic links and the course's own
    Gradescope bundle (held-out round 7, row 16: ``autograder.zip`` was graded as a student);
    each link and bundle left out is named in ``skipped`` (a list), when given, and so is each
    archive of another kind (`other_archive`: a ``.tar.gz``, a ``.7z``), which is not graded."""
    entries, own = [], BUNDLE_SCRIPT.read_bytes()
    out = Path(out).resolve() if out is not None else None
    for path in sorted(Path(folder).iterdir()):
        hidden = path.name.startswith(".") or path.name == "__MACOSX"
        if hidden or path.resolve() == out:
            continue
        if path.is_symlink():  # held-out round 9: skipped without a word before
            if skipped is not None:
                skipped.append(f"{path.name}: a symbolic link (copy the submission in instead)")
            continue
        if is_grader_bundle(path, own):
            if skipped is not None:
                skipped.append(
                    f"{path.name}: the Gradescope bundle (run_autograder), not a student"
                )
            continue
        if path.is_dir() or path.suffix.lower() == ".zip":
            stem = path.name[: -len(".zip")] if not path.is_dir() else path.name
            entries.append((display_name(stem), path))
        elif skipped is not None and path.is_file():
            kind = other_archive(path)
            if kind:  # held-out round 10, row 28: bob.tar.gz was left out without a word
                skipped.append(
                    f"{display_name(path.name)}: not a zip or a folder ({kind}); unpack it "
                    "into a folder of the student's name, or ask the student for a zip"
                )
    names = [name for name, _ in entries]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise ValueError(f"two submissions named {', '.join(twice)} (a zip and a folder?)")
    return entries


def dirty_master(allow_dirty, prog, master=MASTER, refused=None, doing="grading"):
    """Refuse (one line, returns False) when the master has uncommitted changes to what grading
    reads (`instructor.release.GRADING_INPUTS`), unless ``allow_dirty``: then one warning line
    naming them (held-out round 10, row 16: a tolerance loosened in the working tree and never
    committed graded a wrong affine_backward as right, silently). Returns True to go on.
    ``prog`` starts each line, ``refused`` (default ``prog``) the refusal's; ``doing`` is
    what would use the changes ("grading", "building the bundle")."""
    refused = refused or prog
    try:
        changes = uncommitted_changes(master)
    except ValueError as error:
        print(f"{refused}: {printable(error)}", file=sys.stderr)
        return False
    if not changes:
        return True
    named = printable(dirty_master_message(changes))
    if allow_dirty:
        print(
            f"{prog}: WARNING: {doing} with uncommitted changes of the master (--allow-dirty): "
            f"{named}",
            file=sys.stderr,
        )
        return True
    print(
        f"{refused}: the master has uncommitted changes to what grading uses: {named}; commit or "
        f"stash them (git stash), or add --allow-dirty for {doing} with them",
        file=sys.stderr,
    )
    return False


def master_folder_problem(folder, master=MASTER):
    """Why ``folder`` is not a folder of submissions but the master or a part of it, or None
    (held-out round 4: ``python -m instructor.grader . OUT`` from the master graded its nine
    folders as students, ``cs231n`` with the reference solution among them)."""
    folder, master = Path(folder).resolve(), Path(master).resolve()
    if folder == master or folder in master.parents:
        return f"{folder} is the master or holds it ({master}), not a folder of submissions"
    if master in folder.parents and git_tracks(master, folder):
        return f"{folder} is a folder of the master (git tracks its files), not submissions"
    return None


# --------------------------------------------------------------------------------------------
# One process per submission: whatever happens to it stays that submission's result
# --------------------------------------------------------------------------------------------


def _worker(connection, name, path, checks, workspace, limits, budget):
    from .grade import grade_submission
    from .runner import close_all

    def terminate(*_):
        close_all()
        os._exit(143)

    signal.signal(signal.SIGTERM, terminate)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the grader (parent) decides
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        result = grade_submission(name, path, checks, workspace, limits=limits, budget=budget)
    except Exception as error:  # noqa: BLE001 - a grader bug is this submission's result
        result = SubmissionResult(
            name, _all_failed(checks, "not graded: grader error"), f"grader error: {error!r}"
        )
    finally:
        close_all()
    connection.send(result)
    connection.close()


def _lost(name, checks, why):
    return SubmissionResult(name, _all_failed(checks, f"not graded: {why}"), why)


def run_workers(entries, checks, workspace, limits, budget, jobs, on_result):
    """Grade ``entries`` in at most ``jobs`` processes at once, one per submission; a process
    that dies or overruns ``budget`` (plus a margin) is that submission's result."""
    context = multiprocessing.get_context("fork")
    pending = list(entries)
    running = {}  # connection -> (process, name, started)
    hard_limit = budget + 2 * limits.wall + 60
    try:
        while pending or running:
            while pending and len(running) < jobs:
                name, path = pending.pop(0)
                receiver, sender = context.Pipe(duplex=False)
                process = context.Process(
                    target=_worker, args=(sender, name, path, checks, workspace, limits, budget)
                )
                process.start()
                sender.close()
                running[receiver] = (process, name, time.monotonic())
            ready = wait(list(running), timeout=1.0)
            for receiver in ready:
                process, name, _ = running.pop(receiver)
                try:
                    result = receiver.recv()
                except (EOFError, OSError):
                    process.join(5)
                    result = _lost(name, checks, f"the grading process died ({process.exitcode})")
                receiver.close()
                process.join(5)
                on_result(result)
            for receiver, (process, name, started) in list(running.items()):
                if time.monotonic() - started > hard_limit:
                    _stop(process)
                    running.pop(receiver)
                    receiver.close()
                    on_result(_lost(name, checks, f"grading took over {hard_limit:g} s"))
    finally:
        for process, _, _ in running.values():
            _stop(process)


def _stop(process):
    """SIGTERM (the worker kills its child and removes its folders), then SIGKILL."""
    if process.is_alive():
        process.terminate()
        process.join(10)
    if process.is_alive():
        process.kill()
        process.join(5)


MANIFEST = ".grader-output.json"  # sha256 of every file the last run wrote in OUT


def _output_files(out):
    """``{relpath: Path}`` of the files of an earlier grading's output in ``out``."""
    files = {name: out / name for name in sorted(OUTPUT - {"results"})}
    results = out / "results"
    if results.is_dir() and not results.is_symlink():
        for path in results.rglob("*"):
            if path.is_file() or path.is_symlink():
                files[path.relative_to(out).as_posix()] = path
    return {relpath: path for relpath, path in files.items() if path.exists()}


def _sha256(path):
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_manifest(out):
    """Record what this run wrote in ``out`` (`MANIFEST`), so that the next run into ``out``
    can tell whether staff changed any of it since (`changed_output`)."""
    out = Path(out)
    digests = {relpath: _sha256(path) for relpath, path in sorted(_output_files(out).items())}
    (out / MANIFEST).write_text(json.dumps(digests, indent=1) + "\n", "utf-8")


def changed_output(out):
    """The files of an earlier run's output in ``out`` that are not as that run wrote them
    (edited, replaced or added since: held-out round 10, row 29, a TA's edited grades.csv was
    removed by the next run without a word). Without a manifest (a run killed before it
    ended, or a grader older than the manifest) nothing can be told: [] (`prepare_output`
    refuses a folder holding grades then)."""
    out = Path(out)
    try:
        written = json.loads((out / MANIFEST).read_text("utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError):
        return [MANIFEST]
    if not isinstance(written, dict):
        return [MANIFEST]
    changed = []
    for relpath, path in sorted(_output_files(out).items()):
        try:
            same = not path.is_symlink() and written.get(relpath) == _sha256(path)
        except OSError:
            same = False
        if not same:
            changed.append(relpath)
    return changed


def prepare_output(out):
    """Make ``out`` ready for a grading run: a new or empty folder, or one holding only an
    earlier run's output, which is removed first (a results.json of a submission that is not
    graded again must not stay beside the new grades), unless staff changed a file of it since
    that run wrote it (`changed_output`: refused, naming them). Raises FileExistsError then,
    when ``out`` holds anything else (a submissions folder given twice, a course folder), or
    while another run holds ``out`` (held-out round 5: two runs into one folder mixed their
    results). Returns the lock: a descriptor of ``out``, locked until it is closed (or this
    process ends)."""
    out = Path(out)
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise FileExistsError(f"{out} is not a folder")
    out.mkdir(parents=True, exist_ok=True)
    lock = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(lock)
        raise FileExistsError(
            f"{out} is being written by another grading run; wait for it to finish or give "
            "another folder for the results"
        ) from None
    other = sorted(set(os.listdir(out)) - OUTPUT - {MANIFEST})
    if other:
        os.close(lock)
        shown = ", ".join(other[:3]) + (", ..." if len(other) > 3 else "")
        raise FileExistsError(
            f"{out} holds files that are not an earlier grading's output ({shown}); "
            "give a new or empty folder for the results"
        )
    grades = [name for name in GRADES_FILES if os.path.lexists(out / name)]
    if grades and not os.path.lexists(out / MANIFEST):
        # a copy (``cp -r OUT/* shared/`` leaves the manifest behind) whose grades.csv staff may
        # have edited: whether they did cannot be told, so it is never removed (round 11 row 18)
        os.close(lock)
        raise FileExistsError(
            f"{out} holds a {grades[0]} but no {MANIFEST} (the grader's record of what it "
            "wrote; a copy made with cp -r OUT/* leaves it behind), so whether staff changed it "
            "cannot be told, and this run would replace it; copy what you want to keep out of "
            "that folder and remove it there, or give another folder for the results"
        )
    changed = changed_output(out)
    if changed:
        os.close(lock)
        shown = ", ".join(changed[:3]) + (
            f" and {len(changed) - 3} more" if len(changed) > 3 else ""
        )
        raise FileExistsError(
            f"{out} holds an earlier grading's output that was changed since the grader wrote "
            f"it ({shown}: staff's edits?), and this run would replace it; copy what you want "
            "to keep out of that folder and remove it there, or give another folder for the "
            "results"
        )
    for name in sorted(OUTPUT | {MANIFEST}):
        path = out / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()
    return lock


def write_partial(out, stopped, done, missing):
    """``out/INTERRUPTED.txt``: that the run stopped (``stopped``: the signal's name), how many
    were graded (in grades.partial.csv) and which submissions were not (one a line)."""
    total = done + len(missing)
    lines = [
        f"grading stopped by {stopped} after {done} of {total} submissions: "
        f"grades.partial.csv holds those {done}; these {len(missing)} were not graded (run the "
        "same command again to grade everyone):",
        *(printable(name) for name in missing),
    ]
    (Path(out) / "INTERRUPTED.txt").write_text("\n".join(lines) + "\n", "utf-8")


def progress_bar(total):
    """A tqdm bar without its monitor thread: `run_workers` forks, and a fork of a process that
    runs other threads may deadlock (Python 3.12+ warns)."""
    from tqdm import tqdm

    tqdm.monitor_interval = 0
    return tqdm(total=total, unit="submission", desc="grading", file=sys.stderr)


def grade_all(
    entries,
    out,
    jobs=None,
    seed=None,
    limits=None,
    master=MASTER,
    progress=True,
    budget=DEFAULT_BUDGET,
    isolation=None,
    allow_weak=False,
):
    """Grade ``entries`` (``(name, path)`` pairs); write the results to ``out``: grades.csv and
    the histogram, or, when stopped before every submission was graded, grades.partial.csv with
    what was graded and INTERRUPTED.txt naming the others (`write_partial`). Returns the list of
    `SubmissionResult`. Raises `SandboxUnavailable` or `PreflightError` before grading."""
    import cs231n.parallel

    from .grade import reference_checks
    from .preflight import preflight
    from .report import plot_histograms, write_grades, write_results
    from .runner import DEFAULT_LIMITS
    from .sandbox import Workspace, choose_isolation, release_tree

    cs231n.parallel.NUM_THREADS = 1  # no worker threads here: this process forks the workers
    limits = limits or DEFAULT_LIMITS
    isolation = isolation or choose_isolation(allow_weak)
    print(isolation.describe(), file=sys.stderr)
    seed = int.from_bytes(os.urandom(4), "big") if seed is None else seed
    out = Path(out)
    lock = prepare_output(out)
    results = []
    try:
        workspace = Workspace(release_tree(master), isolation)
    except BaseException:
        os.close(lock)
        raise
    bar = None
    previous = {}
    checked = False
    stopped = "an error"

    def interrupted(number, _frame):
        for other in previous:  # a second signal must not interrupt the clean-up
            signal.signal(other, signal.SIG_IGN)
        raise Interrupted(signal.Signals(number).name)

    for number in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        previous[number] = signal.signal(number, interrupted)
    try:
        checks = reference_checks(seed)  # first: a broken master fails before any long step
        preflight(workspace, master, limits)
        checked = True
        if progress:
            bar = progress_bar(len(entries))

        def on_result(result):
            results.append(result)
            write_results(result, out / "results" / result.name / "results.json")
            if bar is not None:
                bar.update()
                bar.set_postfix_str(
                    f"{printable(result.name)}: {result.score:g}/{result.max_score:g}"
                )

        run_workers(
            entries, checks, workspace, limits, budget, jobs or os.cpu_count() or 1, on_result
        )
    except Interrupted as signal_name:
        stopped = str(signal_name)
        raise
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        if bar is not None:
            bar.close()
        workspace.remove()
        graded = {result.name for result in results}
        missing = [name for name, _ in entries if name not in graded]
        if checked and missing:
            write_grades(results, out / "grades.partial.csv")
            write_partial(out, stopped, len(results), missing)
            write_manifest(out)
        elif checked:
            write_grades(results, out / "grades.csv")
            plot_histograms(results, out / "histogram.png")
            write_manifest(out)
        os.close(lock)
    return results


def positive(kind):
    def parse(text):
        try:
            value = kind(text)
        except ValueError:
            value = None
        if value is None or not 0 < value < float("inf"):
            raise argparse.ArgumentTypeError(f"expected a positive number, got {text!r}")
        return value

    return parse


def main(argv=None):
    from cs231n.grading.isolation import Limits

    from .preflight import PreflightError
    from .sandbox import SandboxUnavailable

    parser = argparse.ArgumentParser(
        prog="python -m instructor.grader", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("submissions", type=Path, help="folder of submission zips or folders")
    parser.add_argument("out", type=Path, help="folder for results, grades.csv and the plot")
    parser.add_argument(
        "--jobs", type=positive(int), default=None, help="parallel workers (default: cores)"
    )
    parser.add_argument("--seed", type=int, default=None, help="seed of the random inputs")
    parser.add_argument(
        "--wall", type=positive(float), default=20.0, help="seconds per request (wall)"
    )
    parser.add_argument(
        "--budget",
        type=positive(float),
        default=DEFAULT_BUDGET,
        help=f"seconds per submission, all checks together (default {DEFAULT_BUDGET:g})",
    )
    parser.add_argument(
        "--memory", type=positive(float), default=2048, help="MB per submission (default 2048)"
    )
    parser.add_argument(
        "--allow-weak-sandbox",
        action="store_true",
        help="grade even where bubblewrap cannot run (uid drop only: network and /tmp shared)",
    )
    parser.add_argument(
        "--allow-dirty",
        action="store_true",
        help="grade with the master's uncommitted changes to cs231n/ and instructor/ "
        "(refused without it)",
    )
    args = parser.parse_args(argv)
    from .runner import LARGE_WALL  # not from honesty: that imports the layers themselves

    if args.wall < LARGE_WALL:  # held-out round 4: --wall 0.25 gave the master 0/34, silently
        print(
            f"grade-submissions: --wall {args.wall:g} is shorter than the {LARGE_WALL:g} s the "
            f"large-input checks give honest code; use at least {LARGE_WALL:g}",
            file=sys.stderr,
        )
        return 2
    if args.budget < MIN_BUDGET:  # held-out round 5: --budget 3 gave the master 28/34, silently
        print(
            f"grade-submissions: --budget {args.budget:g} is shorter than the {MIN_BUDGET:g} s "
            f"a submission may need (its large-input checks alone may take {LARGE_WALL:g} s "
            f"each); use at least {MIN_BUDGET:g}",
            file=sys.stderr,
        )
        return 2
    if not args.submissions.is_dir():
        print(f"grade-submissions: {args.submissions} is not a folder", file=sys.stderr)
        return 2
    if args.out.resolve() == args.submissions.resolve():
        print("grade-submissions: OUT must not be the submissions folder", file=sys.stderr)
        return 2
    problem = master_folder_problem(args.submissions)
    if problem:
        print(f"grade-submissions: {printable(problem)}", file=sys.stderr)
        return 2
    skipped = []
    try:
        entries = submissions_in(args.submissions, args.out, skipped)
    except (ValueError, OSError) as error:
        print(f"grade-submissions: {printable(error)}", file=sys.stderr)
        return 2
    for line in skipped:
        print(f"grade-submissions: left out {printable(line)}", file=sys.stderr)
    if not entries:
        print(f"grade-submissions: no .zip file or folder in {args.submissions}", file=sys.stderr)
        return 2
    if not dirty_master(args.allow_dirty, "grade-submissions", MASTER):
        return 2
    started = time.perf_counter()
    try:
        results = grade_all(
            entries,
            args.out,
            args.jobs,
            args.seed,
            Limits(wall=args.wall, cpu=120.0, memory_mb=args.memory),
            budget=args.budget,
            allow_weak=args.allow_weak_sandbox,
        )
    except (SandboxUnavailable, PreflightError, RuntimeError, OSError, ValueError) as error:
        # ValueError: the master's release does not build (its record, markers or a leak)
        print(f"grade-submissions: {printable(error)}", file=sys.stderr)
        return 1
    except Interrupted as signal_name:
        saved = (
            f"{args.out}/grades.partial.csv holds the submissions graded so far, "
            f"{args.out}/INTERRUPTED.txt names the others; run the same command again"
            if (args.out / "INTERRUPTED.txt").is_file()
            else f"every submission was graded: {args.out}/grades.csv"
            if (args.out / "grades.csv").is_file()
            else "nobody was graded"
        )
        print(
            f"grade-submissions: stopped by {signal_name}; every child killed, work folder "
            f"removed; {saved}",
            file=sys.stderr,
        )
        return 130
    for result in results:
        if result.warning:
            print(f"{printable(result.name)}: {printable(result.warning)}", file=sys.stderr)
    seconds = time.perf_counter() - started
    print(
        f"graded {len(results)} submissions in {seconds:.1f} s "
        f"({args.jobs or os.cpu_count()} workers); wrote {args.out}/grades.csv, "
        f"{args.out}/histogram.png and {args.out}/results/<submission>/results.json"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
