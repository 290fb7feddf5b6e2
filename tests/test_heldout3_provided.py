"""Held-out round 3, row 28 (docs/heldout_round3.md): a paraphrased reference of a graded function
added to a *provided* file shipped, because provided files were checked only for known solution
text. Provided code is now a reviewed record too (``instructor/release_record/provided/``): a
definition that is new or changed since the record stops the build, and ``--record`` takes it
only when ``--ships-code NAME`` names it."""

import shlex
import shutil

from heldout3_support import oracle_hits
from shared_builds import assemble_release
from test_release import MASTER, commit_all, git, master_copy  # noqa: F401 (a fixture)

from instructor import provided_oracle as ORACLE
from instructor import release
from instructor import release_record as RECORD
from instructor.grader.sandbox import release_package

GRADIENT_CHECK = "cs231n/gradient_check.py"
REFERENCE = '''

def _reference_affine(inputs, weights, bias):
    """Reference for the checks (delete before release)."""
    flat = inputs.reshape(len(inputs), -1)
    return flat.dot(weights) + bias
'''


def _copy(source, tmp_path):
    master = tmp_path / "master"
    shutil.copytree(source, master, symlinks=True)
    return master


def _edit(master, relpath, change):
    path = master / relpath
    path.write_text(change(path.read_text("utf-8")), "utf-8")
    git(master, "commit", "-qam", f"edit {relpath}")


def _refused(master, tmp_path, capsys, *names):
    """The build and a plain --record both refuse in one message naming ``names``; nothing is
    written."""
    out = tmp_path / "out" / "release"
    assert release.main([str(out), "--master", str(master)]) == 1
    error = capsys.readouterr().err
    assert not out.exists() and not out.with_suffix(".zip").exists()
    record = master / RECORD.RECORD_DIRECTORY
    before = {p: p.read_bytes() for p in record.rglob("*") if p.is_file()}
    assert release.main(["--record", "--master", str(master)]) == 1
    recording_error = capsys.readouterr().err
    assert {p: p.read_bytes() for p in record.rglob("*") if p.is_file()} == before
    for text in (error, recording_error):
        assert "Traceback" not in text and "never reviewed" in text
        for name in names:
            assert f"--ships-code {shlex.quote(name)}" in text
    return error


def test_row_28_a_paraphrased_reference_in_a_provided_file_is_refused(
    master_copy,  # noqa: F811
    tmp_path,
    capsys,
):
    master = _copy(master_copy, tmp_path)
    _edit(master, GRADIENT_CHECK, lambda text: text + REFERENCE)
    error = _refused(master, tmp_path, capsys, "cs231n.gradient_check._reference_affine")
    assert "cs231n.gradient_check._reference_affine is new provided code" in error


def test_a_paraphrase_inside_an_existing_provided_function_is_refused(
    master_copy,  # noqa: F811
    tmp_path,
    capsys,
):
    def inside(text):
        body = "def _indices(x):\n"
        paraphrase = "    _check = lambda a, w, c: a.reshape(len(a), -1).dot(w) + c\n"
        assert body in text
        return text.replace(body, body + paraphrase, 1)

    master = _copy(master_copy, tmp_path)
    _edit(master, GRADIENT_CHECK, inside)
    error = _refused(master, tmp_path, capsys, "cs231n.gradient_check._indices")
    assert "cs231n.gradient_check._indices is changed provided code" in error


def test_a_renamed_copy_and_module_level_code_are_refused(
    master_copy,  # noqa: F811
    tmp_path,
    capsys,
):
    """A solved affine layer, renamed and re-spelled (no recorded solution line in it), put in
    the fast layers; and the same as a module-level lambda of another provided file."""
    master = _copy(master_copy, tmp_path)
    renamed = (
        "\n\ndef affine_forward_fast(x, w, b):\n"
        "    rows = np.reshape(x, (x.shape[0], -1))\n"
        "    return np.dot(rows, w) + b, (x, w, b)\n"
    )
    _edit(master, "cs231n/fast_layers.py", lambda text: text + renamed)
    _edit(
        master,
        "cs231n/layer_utils.py",
        lambda text: text + "\n_affine = lambda x, w, b: x.reshape(len(x), -1) @ w + b\n",
    )
    _refused(
        master,
        tmp_path,
        capsys,
        "cs231n.fast_layers.affine_forward_fast",
        "cs231n.layer_utils.<module>",
    )


def test_a_harmless_change_ships_after_a_confirmed_record(
    master_copy,  # noqa: F811
    tmp_path,
    capsys,
):
    master = _copy(master_copy, tmp_path)
    # Formatting is not code and says nothing: no review needed (docstrings and comments do
    # need one since held-out round 7: tests/test_heldout7_staff.py).
    _edit(
        master,
        GRADIENT_CHECK,
        lambda text: text.replace("\n\n\n", "\n\n\n\n", 1).replace("x, y = np", "x, y =  np", 1),
    )
    release.assemble_release(master)
    # A new helper is code: refused until named, then recorded and shipped.
    helper = "\n\ndef _clip(value, top=1.0):\n    return min(value, top)\n"
    _edit(master, "cs231n/plotting.py", lambda text: text + helper)
    name = "cs231n.plotting._clip"
    _refused(master, tmp_path, capsys, name)
    # Local grading (its own sandbox tree, never given to students) is not held up meanwhile.
    assert helper.strip() in release_package(master)["cs231n/plotting.py"].decode("utf-8")
    assert release.main(["--record", "--master", str(master), "--ships-code", name]) == 0
    diff = git(master, "diff", "--", RECORD.RECORD_DIRECTORY).stdout.decode()
    added = [line for line in diff.splitlines() if line.startswith("+") and "+++" not in line]
    assert len(added) == 1 and added[0].startswith("+_clip ")  # one line, in plotting's record
    commit_all(master)
    built = release.assemble_release(master)
    assert helper.strip() in built.files["cs231n/plotting.py"].decode("utf-8")
    # The confirmation is of that code: a later change of the helper is refused again.
    _edit(master, "cs231n/plotting.py", lambda text: text.replace("min(value", "max(value"))
    _refused(master, tmp_path, capsys, name)


def test_a_new_provided_file_and_a_deleted_record_need_confirmation(
    master_copy,  # noqa: F811
    tmp_path,
    capsys,
):
    """Deleting the record does not make --record take the provided code unreviewed again (only
    the very first record of a master, before any commit holds one, does)."""
    master = _copy(master_copy, tmp_path)
    shutil.rmtree(master / RECORD.RECORD_DIRECTORY / RECORD.PROVIDED_DIRECTORY / "cs231n")
    commit_all(master)
    error = _refused(master, tmp_path, capsys, GRADIENT_CHECK, "cs231n/im2col_cython.pyx")
    assert f"{GRADIENT_CHECK}: a new provided file" in error


def test_the_masters_provided_code_is_recorded():
    """The master builds against its record, and the normal form reads the same on every
    Python the course supports (3.10 to 3.13: the digest of a fixed snippet is fixed)."""
    built = release.assemble_release(MASTER)
    assert (
        GRADIENT_CHECK in built.provided
        and "eval_numerical_gradient" in built.provided[GRADIENT_CHECK]
    )
    snippet = "@cache\ndef f(x: int, *a, k=1, **kw) -> int:\n    '''Doc.'''\n    return [x]\n"
    units = RECORD.provided_units(snippet, "m.py")
    code, prose = "c29c17ae7233f04ca58bcfcf5156e56c", "25e3bf45f833d60e440fe1e971dd9cc3"
    assert units["f"] == f"{code} {prose}", units


def test_a_confirmed_paraphrase_is_still_refused_by_the_behavioural_check(
    master_copy,  # noqa: F811
    tmp_path,
    capsys,
):
    """Defence in depth: a TA who confirms row 28's reference without reading it records it,
    but the command line's check of the built release finds that it returns affine_forward's
    expected output on its test vector, and writes nothing."""
    master = _copy(master_copy, tmp_path)
    _edit(master, GRADIENT_CHECK, lambda text: text + REFERENCE)
    name = "cs231n.gradient_check._reference_affine"
    assert release.main(["--record", "--master", str(master), "--ships-code", name]) == 0
    commit_all(master)
    out = tmp_path / "out" / "release"
    assert release.main([str(out), "--master", str(master)]) == 1
    error = capsys.readouterr().err
    assert f"{name} reproduces affine_forward" in error and "Traceback" not in error
    assert not out.exists() and not out.with_suffix(".zip").exists()


def test_the_behavioural_check_finds_the_fast_layers_and_allows_only_them():
    """On the master's release the only provided functions that compute a graded answer are
    the fast conv/pool layers and the diagnosis's positive part of dout (ReLU's forward pass),
    which `ALLOWED` names (so the check can fail, and does not); and every shipped module is
    imported by the check (one it cannot import stops it before any hit is named). The one
    run of the check on the master's release in the tests (the others use small releases)."""
    built = assemble_release(MASTER)
    assert oracle_hits(built.files, allowed=()) == sorted(
        f"{entry.split(':')[0]} reproduces {entry.split(':')[1]}" for entry in ORACLE.ALLOWED
    )
