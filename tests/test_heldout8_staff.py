"""Held-out round 8 (docs/heldout_round8.md), staff holes fixed after the round: rows 8 and 9, a
worked answer written into the docstring of a graded function, a module-level comment or a
bare string of a student file shipped after the plain ``--record`` the build asks for (the
record's new-code check read code only); rows 11, 12 and 22, solving helpers that the behavioural
check of provided code never called (under ``if __name__ == "__main__":``, in a module that did
not import in the check, in another argument order, a tuple or a callable instance)."""

import pytest
from heldout3_support import oracle_hits, small_release
from test_release import MASTER

from instructor import provided_oracle as ORACLE
from instructor import release, shipped
from instructor import release_record as RECORD

WORKED_DOCSTRING = '''    """Fully connected (affine) layer: ``out = x_flat @ w + b``.

    Worked example: flat = inputs.reshape(len(inputs), -1); scores = flat @ weights + bias;
    grad_weights = flat.T @ upstream.
'''
ADAM_COMMENT = "# Worked: m = b1 * m + (1 - b1) * g; v = b2 * v + (1 - b2) * g * g\n"


def _recorded(relpath):
    return RECORD.read_stub(MASTER, relpath)


def _with_worked_docstring(stub):
    head = '    """Fully connected (affine) layer: ``out = x_flat @ w + b``.\n'
    assert stub.count(head) == 1
    return stub.replace(head, WORKED_DOCSTRING)


def _with_bare_string(stub):
    """A bare string statement (not a docstring) in FullyConnectedNet.__init__."""
    marker = "        self.normalization = normalization\n"
    assert stub.count(marker) == 1
    return stub.replace(marker, marker + '        "scores = flat @ weights + bias"\n')


@pytest.mark.parametrize(
    ("relpath", "edit", "named"),
    [
        ("cs231n/layers.py", _with_worked_docstring, "affine_forward"),
        ("cs231n/optim.py", lambda stub: ADAM_COMMENT + stub, "<module>"),
        (
            "cs231n/classifiers/fc_net.py",
            _with_bare_string,
            "FullyConnectedNet.__init__",
        ),
    ],
    ids=["docstring", "module-comment", "bare-string"],
)
def test_student_file_prose_needs_a_named_confirmation_to_be_recorded(relpath, edit, named):
    recorded = _recorded(relpath)
    changed = edit(recorded)
    with pytest.raises(RECORD.RecordError) as refused:
        release._check_new_record({relpath: changed}, {relpath: recorded})
    message = str(refused.value)
    assert f"{relpath}: {named} has" in message
    assert f"--ships-code {named}" in message
    release._check_new_record({relpath: changed}, {relpath: recorded}, ships_code=(named,))


def test_the_recorded_student_files_need_no_confirmation_against_themselves():
    for relpath in ("cs231n/layers.py", "cs231n/optim.py", "cs231n/classifiers/fc_net.py"):
        recorded = _recorded(relpath)
        release._check_new_record({relpath: recorded}, {relpath: recorded})


# Rows 11, 12 and 22: the behavioural check of provided code (`instructor.provided_oracle`) on a
# small release (the package's `__init__`, the test vectors and the files under test), so each
# check imports a few modules only.

AFFINE = "return inputs.reshape(len(inputs), -1) @ weights + bias"


def test_a_helper_under_the_main_guard_is_called_by_the_check():
    script = (
        'def main():\n    print("downloading")\n\n\n'
        'if __name__ == "__main__":\n'
        "    for attempt in range(1):\n"
        f"        def _self_test(inputs, weights, bias):\n            {AFFINE}\n"
        "    main()\n"
    )
    hits = oracle_hits(small_release({"datasets/get_datasets.py": script}))
    assert hits == ["datasets.get_datasets._self_test reproduces affine_forward"]


def test_a_module_the_check_cannot_import_stops_the_build_by_name():
    helper_text = f"def _preview(inputs, weights, bias):\n    {AFFINE}\n"
    loader = (
        "from pathlib import Path\n\n"
        'exec((Path(__file__).parent / "preview_helpers.txt").read_text())\n'
    )
    files = small_release(
        {"cs231n/vis_extra.py": loader, "cs231n/preview_helpers.txt": helper_text}
    )
    assert oracle_hits(files) == ["cs231n.vis_extra._preview reproduces affine_forward"]
    files["cs231n/needs_cython.py"] = b"from cs231n.im2col_cython import col2im_cython\n"
    with pytest.raises(ORACLE.OracleError) as refused:
        ORACLE.check_release(files, shipped.STUDENT_FILES)
    message = str(refused.value)
    assert "could not import" in message and "cs231n.needs_cython: ModuleNotFoundError" in message


def test_helpers_with_other_argument_orders_a_tuple_or_an_instance_are_named():
    module = (
        f"def _linear(weights, bias, inputs):\n    {AFFINE}\n\n\n"
        "def _packed(args):\n    inputs, weights, bias = args\n"
        f"    {AFFINE}\n\n\n"
        "class _ScoreMaker:\n    def __call__(self, inputs, weights, bias):\n"
        f"        {AFFINE}\n\n\n"
        "_score = _ScoreMaker()\n"
    )
    hits = oracle_hits(small_release({"cs231n/vis_utils.py": module}))
    assert hits == [  # `_ScoreMaker()`: an instance the check makes (held-out round 9, row 10)
        f"cs231n.vis_utils.{name} reproduces affine_forward"
        for name in ("_ScoreMaker()", "_linear", "_packed", "_score")
    ]


# Row 15: a listed image shipped whatever followed its pixels (a JPEG comment holding a worked
# answer), and a changed image asked for nothing (images were left out of the provided record).

PUPPY = "cs231n/notebook_images/puppy.jpg"
WORKED = b"scores = flat @ weights + bias; grad_weights = flat.T @ upstream"


def _segment(marker, payload):
    return b"\xff" + bytes([marker]) + (len(payload) + 2).to_bytes(2, "big") + payload


def _assert_png_chunk_dropped(kind):
    """A PNG holding WORKED in a chunk of ``kind`` ships without that chunk."""
    png = b"\x89PNG\r\n\x1a\n"
    header = b"\0\0\0\x0dIHDR" + bytes(13) + b"crc!"
    notes = len(WORKED).to_bytes(4, "big") + kind + WORKED + b"crc!"
    end = b"\0\0\0\0IEND" + b"crc!"
    assert release.image_without_text(png + header + notes + end, "a.png") == png + header + end


def test_text_beside_an_images_pixels_never_ships():
    image = (MASTER / PUPPY).read_bytes()
    exported = image[:2] + _segment(0xFE, WORKED) + _segment(0xE1, b"Exif\0\0" + WORKED)
    exported += image[2:] + WORKED  # and appended after the end of the image
    assert release.image_without_text(exported, PUPPY) == image
    _assert_png_chunk_dropped(b"tEXt")
    with pytest.raises(ValueError, match="not a well-formed JPEG"):
        release.image_without_text(image[:2] + b"\xff\xfe\x00", PUPPY)


def test_a_changed_image_needs_a_named_confirmation():
    image = (MASTER / PUPPY).read_bytes()
    recorded = {PUPPY: RECORD.read_provided(MASTER, PUPPY)}
    assert recorded[PUPPY] == RECORD.provided_units(image, PUPPY)
    redrawn = image[:-3] + bytes([image[-3] ^ 1]) + image[-2:]  # one pixel's bits
    current = {PUPPY: RECORD.provided_units(redrawn, PUPPY)}
    assert RECORD.unreviewed_units(current, recorded) == [(PUPPY, RECORD.WHOLE_FILE, "changed")]


# Row 14: a helper added to the Cython source asked only to confirm "its whole text", and the
# behavioural check (without the compiled extension) never calls it.

PYX = "cs231n/im2col_cython.pyx"
CYTHON_HELPER = (
    "\n\ndef _affine_preview(double[:, ::1] x, double[:, ::1] w, double[::1] b):\n"
    "    return np.asarray(x) @ np.asarray(w) + np.asarray(b)\n"
)


def test_a_cython_helper_is_named_by_the_record_and_refused_until_listed():
    text = (MASTER / PYX).read_text("utf-8")
    recorded = {PYX: RECORD.read_provided(MASTER, PYX)}
    assert recorded[PYX] == RECORD.cython_units(text)
    current = {PYX: RECORD.cython_units(text + CYTHON_HELPER)}
    assert RECORD.unreviewed_units(current, recorded) == [(PYX, "_affine_preview", "new")]
    assert (
        RECORD.confirmation_name(PYX, "_affine_preview") == "cs231n.im2col_cython._affine_preview"
    )
    release._check_cython_functions({PYX: text.encode("utf-8")})
    with pytest.raises(RECORD.RecordError, match=f"{PYX}: _affine_preview\n"):
        release._check_cython_functions({PYX: (text + CYTHON_HELPER).encode("utf-8")})


def test_the_gradescope_bundle_in_the_submissions_folder_is_not_a_student(tmp_path):
    # Round 7, row 16 (left then): autograder.zip written into the course folder was graded as
    # a student ("autograder: 34/34"). Round 9, rows 6, 15 and 20: recognised by its own
    # run_autograder (not by names a student chooses), also re-zipped one folder down; a
    # symbolic link is named, not skipped without a word.
    import zipfile

    from instructor.grader.__main__ import BUNDLE_SCRIPT, submissions_in

    script = BUNDLE_SCRIPT.read_bytes()
    with zipfile.ZipFile(tmp_path / "autograder.zip", "w") as bundle:
        bundle.writestr("run_autograder", script)
        bundle.writestr("grader_release/cs231n/layers.py", "")
    with zipfile.ZipFile(tmp_path / "autograder-copy.zip", "w") as bundle:  # Finder's Compress
        bundle.writestr("autograder/run_autograder", script)
        bundle.writestr("autograder/grader_release/cs231n/layers.py", "")
    unzipped = tmp_path / "bundle"
    (unzipped / "grader_release").mkdir(parents=True)
    (unzipped / "run_autograder").write_bytes(script)
    with zipfile.ZipFile(tmp_path / "alice.zip", "w") as student:  # the names, not the script
        student.writestr("run_autograder", "my notes")
        student.writestr("grader_release/x", "")
        student.writestr("cs231n/layers.py", "")
    elsewhere = tmp_path.parent / f"{tmp_path.name}-downloads"
    elsewhere.mkdir()
    (elsewhere / "bob.zip").write_bytes((tmp_path / "alice.zip").read_bytes())
    (tmp_path / "bob.zip").symlink_to(elsewhere / "bob.zip")
    carol = tmp_path / "carol"  # a student's zip unzipped: its link to the course's own script
    carol.mkdir()
    (carol / "run_autograder").symlink_to(BUNDLE_SCRIPT)
    skipped = []
    assert [name for name, _ in submissions_in(tmp_path, skipped=skipped)] == ["alice", "carol"]
    bundle_line = "the Gradescope bundle (run_autograder), not a student"
    assert skipped == [
        f"autograder-copy.zip: {bundle_line}",
        f"autograder.zip: {bundle_line}",
        "bob.zip: a symbolic link (copy the submission in instead)",
        f"bundle: {bundle_line}",
    ]


def test_cython_classes_methods_and_guarded_functions_must_be_listed_but_closures_need_not():
    # Round 9, row 12: a cdef class with a def method and a def under a module-level if escaped
    # the list (only lines starting with def or cpdef were read).
    text = (MASTER / PYX).read_text("utf-8") + (
        "\n\ncdef class _Preview:\n    def scores(self, x, w, b):\n"
        "        def flat():\n            return x.reshape(len(x), -1)\n"
        "        return flat() @ w + b\n\n\n"
        "if True:\n    def _guarded(x, w, b):\n        return x @ w + b\n"
    )
    with pytest.raises(RECORD.RecordError) as refused:
        release._check_cython_functions({PYX: text.encode("utf-8")})
    assert [line.strip() for line in str(refused.value).splitlines()[1:4]] == [
        f"{PYX}: _Preview",
        f"{PYX}: scores",
        f"{PYX}: _guarded",
    ]


def test_an_image_keeps_only_what_decoding_needs():
    # Round 9, row 13: text in an ICC profile (JPEG APP2) and in a private PNG chunk shipped.
    image = (MASTER / PUPPY).read_bytes()
    profiled = image[:2] + _segment(0xE2, b"ICC_PROFILE\0" + WORKED) + image[2:]
    assert release.image_without_text(profiled, PUPPY) == image
    _assert_png_chunk_dropped(b"slDn")  # a private chunk
