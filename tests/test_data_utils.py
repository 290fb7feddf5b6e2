"""Tests for cs231n.data_utils on tiny CIFAR-10 look-alikes built in temporary directories.

The last test loads the real image archive from ../shared/datasets when it exists (marked slow).
"""

import io
import os
import pickle
import tarfile
import threading
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from cs231n import data_utils
from cs231n.data_utils import (
    CLASS_NAMES,
    CIFAR10LayoutError,
    CIFAR10NotFoundError,
    get_CIFAR10_data,
    load_CIFAR10,
    load_cifar10_uint8,
    load_CIFAR_batch,
    load_pickle,
)

REAL_DATA_DIR = data_utils.DATA_DIR
REAL_IMAGE_ARCHIVE = data_utils.REPO_ROOT.parent / "shared" / "datasets" / "cifar-10-images.tar.xz"


# Never touch the repository's datasets/ or a CIFAR10_SOURCE set by the caller.
pytestmark = pytest.mark.usefixtures("isolated_data_dir")


# ----------------------------------------------------------------------------------------------
# Builders
# ----------------------------------------------------------------------------------------------


def write_official_batches(root, per_batch=20, num_test=20, seed=0):
    """Write cifar-10-batches-py/ like the real one; return the expected uint8 arrays
    (N, 3, 32, 32)."""
    rng = np.random.default_rng(seed)
    batches_dir = Path(root) / "cifar-10-batches-py"
    batches_dir.mkdir(parents=True)
    expected = {}
    for name, count in [(f"data_batch_{i}", per_batch) for i in range(1, 6)] + [
        ("test_batch", num_test)
    ]:
        data = rng.integers(0, 256, size=(count, 3072), dtype=np.uint8)
        labels = [int(v) for v in rng.permutation(np.arange(count) % 10)]
        batch = {
            b"batch_label": name.encode(),
            b"labels": labels,
            b"data": data,
            b"filenames": [f"img_{i}.png".encode() for i in range(count)],
        }
        with open(batches_dir / name, "wb") as f:
            pickle.dump(batch, f, protocol=2)
        expected.setdefault("train" if name != "test_batch" else "test", []).append((data, labels))
    with open(batches_dir / "batches.meta", "wb") as f:
        pickle.dump(
            {b"label_names": [n.encode() for n in CLASS_NAMES], b"num_vis": 3072}, f, protocol=2
        )
    return {
        "X_train": np.concatenate([d for d, _ in expected["train"]]).reshape(-1, 3, 32, 32),
        "y_train": np.concatenate([labels for _, labels in expected["train"]]),
        "X_test": expected["test"][0][0].reshape(-1, 3, 32, 32),
        "y_test": np.array(expected["test"][0][1]),
    }


def image_pixels(label, index):
    """32x32 RGB test image: red encodes (label, index), green the row, blue the column."""
    pixels = np.empty((32, 32, 3), dtype=np.uint8)
    pixels[..., 0] = 20 * label + index
    pixels[..., 1] = np.arange(32)[:, None]
    pixels[..., 2] = np.arange(32)[None, :] + 100
    return pixels


def write_image_tree(root, num_train=4, num_test=2, suffix=".png", class_names=CLASS_NAMES):
    """train/<class>/NNNN.png and test/<class>/NNNN.png; files written in reverse name order."""
    root = Path(root)
    for split, count in (("train", num_train), ("test", num_test)):
        for label, name in enumerate(class_names):
            class_dir = root / split / name
            class_dir.mkdir(parents=True)
            for index in reversed(range(count)):
                Image.fromarray(image_pixels(label, index)).save(class_dir / f"{index:04d}{suffix}")
    return root


def make_tar(source_dir, archive, arcname):
    mode = {".tar": "w", ".gz": "w:gz", ".xz": "w:xz"}[Path(archive).suffix]
    with tarfile.open(archive, mode) as tar:
        tar.add(source_dir, arcname=arcname)
    return Path(archive)


def red_codes(images):
    """(label, index) encoded in the red channel of test images."""
    red = images[:, 0, 0, 0].astype(int)
    return red // 20, red % 20


# ----------------------------------------------------------------------------------------------
# Official batches
# ----------------------------------------------------------------------------------------------


def test_load_CIFAR_batch_returns_channels_last_float_and_labels(tmp_path):
    expected = write_official_batches(tmp_path, per_batch=10)
    X, Y = load_CIFAR_batch(tmp_path / "cifar-10-batches-py" / "data_batch_1")
    assert X.shape == (10, 32, 32, 3) and X.dtype == np.float64
    np.testing.assert_array_equal(X, expected["X_train"][:10].transpose(0, 2, 3, 1))
    np.testing.assert_array_equal(Y, expected["y_train"][:10])


def test_load_pickle_refuses_code_execution(tmp_path):
    marker = tmp_path / "pwned"

    class Exploit:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    payload = tmp_path / "data_batch_1"
    payload.write_bytes(pickle.dumps({b"data": Exploit(), b"labels": []}, protocol=2))
    with open(payload, "rb") as f, pytest.raises(pickle.UnpicklingError, match="system"):
        load_pickle(f)
    with pytest.raises(pickle.UnpicklingError):
        load_CIFAR_batch(payload)
    assert not marker.exists()


def test_load_pickle_reads_arrays_written_by_numpy(tmp_path):
    array = np.arange(12, dtype=np.uint8).reshape(3, 4)
    for protocol in (2, pickle.HIGHEST_PROTOCOL):
        path = tmp_path / f"p{protocol}"
        path.write_bytes(pickle.dumps({b"data": array, "n": np.int64(3)}, protocol=protocol))
        with open(path, "rb") as f:
            loaded = load_pickle(f)
        np.testing.assert_array_equal(loaded["data"], array)
        assert loaded["n"] == 3


def test_load_pickle_reads_python2_pickles_like_the_official_batches():
    """The official batches were written by Python 2: str opcodes, numpy.core.multiarray globals."""

    def string(raw):
        return (
            b"U" + bytes([len(raw)]) + raw
            if len(raw) < 256
            else b"T" + len(raw).to_bytes(4, "little") + raw
        )

    array = np.arange(6, dtype=np.uint8).reshape(2, 3)
    python2_pickle = (
        b"\x80\x02}q\x00"
        + string(b"data")
        + b"cnumpy.core.multiarray\n_reconstruct\nq\x01cnumpy\nndarray\nq\x02K\x00\x85q\x03"
        + string(b"b")
        + b"\x87q\x04Rq\x05(K\x01K\x02K\x03\x86q\x06cnumpy\ndtype\nq\x07"
        + string(b"u1")
        + b"K\x00K\x01\x87q\x08Rq\t(K\x03"
        + string(b"|")
        + b"NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK\x00tq\nb\x89"
        + string(array.tobytes())
        + b"tq\x0bbs."
    )
    loaded = load_pickle(io.BytesIO(python2_pickle))
    assert loaded["data"].dtype == np.uint8
    np.testing.assert_array_equal(loaded["data"], array)


@pytest.mark.parametrize("form", ["parent_dir", "batches_dir", "tar_gz"])
def test_official_layout_in_every_form(tmp_path, form):
    expected = write_official_batches(tmp_path / "src")
    source = {
        "parent_dir": tmp_path / "src",
        "batches_dir": tmp_path / "src" / "cifar-10-batches-py",
        "tar_gz": None,
    }[form]
    if form == "tar_gz":
        source = make_tar(
            tmp_path / "src" / "cifar-10-batches-py",
            tmp_path / "tiny-python.tar.gz",
            "cifar-10-batches-py",
        )
    data = load_cifar10_uint8(source=source, cache_dir=tmp_path / "cache")
    for key in ("X_train", "y_train", "X_test", "y_test"):
        np.testing.assert_array_equal(data[key], expected[key])
    assert data["class_names"] == list(CLASS_NAMES)


def test_load_CIFAR10_keeps_original_signature(tmp_path):
    expected = write_official_batches(tmp_path)
    Xtr, Ytr, Xte, Yte = load_CIFAR10(tmp_path / "cifar-10-batches-py")
    assert (
        Xtr.shape == (100, 32, 32, 3) and Xte.shape == (20, 32, 32, 3) and Xtr.dtype == np.float64
    )
    np.testing.assert_array_equal(Xtr, expected["X_train"].transpose(0, 2, 3, 1))
    np.testing.assert_array_equal(Yte, expected["y_test"])


def test_missing_batch_file_is_named(tmp_path):
    write_official_batches(tmp_path)
    (tmp_path / "cifar-10-batches-py" / "data_batch_3").unlink()
    with pytest.raises(CIFAR10LayoutError, match="data_batch_3"):
        load_cifar10_uint8(source=tmp_path)


# ----------------------------------------------------------------------------------------------
# get_CIFAR10_data
# ----------------------------------------------------------------------------------------------


def test_get_CIFAR10_data_splits_and_mean(tmp_path):
    raw = write_official_batches(tmp_path)
    data = get_CIFAR10_data(num_training=60, num_validation=15, num_test=7, cifar10_dir=tmp_path)
    assert set(data) == {"X_train", "y_train", "X_val", "y_val", "X_test", "y_test", "class_names"}
    assert data["X_train"].shape == (60, 3, 32, 32) and data["X_val"].shape == (15, 3, 32, 32)
    assert data["X_test"].shape == (7, 3, 32, 32)
    assert all(data[k].dtype == np.float64 for k in ("X_train", "X_val", "X_test"))
    mean_image = raw["X_train"][:60].mean(axis=0)
    np.testing.assert_allclose(data["X_train"], raw["X_train"][:60] - mean_image)
    np.testing.assert_allclose(data["X_val"], raw["X_train"][60:75] - mean_image)
    np.testing.assert_allclose(data["X_test"], raw["X_test"][:7] - mean_image)
    np.testing.assert_allclose(data["X_train"].mean(axis=0), 0, atol=1e-9)
    np.testing.assert_array_equal(data["y_train"], raw["y_train"][:60])
    np.testing.assert_array_equal(data["y_val"], raw["y_train"][60:75])
    np.testing.assert_array_equal(data["y_test"], raw["y_test"][:7])
    assert data["class_names"] == list(CLASS_NAMES)


def test_get_CIFAR10_data_without_mean_and_float32(tmp_path):
    raw = write_official_batches(tmp_path)
    data = get_CIFAR10_data(
        num_training=10,
        num_validation=5,
        num_test=5,
        subtract_mean=False,
        dtype=np.float32,
        cifar10_dir=tmp_path,
    )
    assert data["X_val"].dtype == np.float32
    np.testing.assert_array_equal(data["X_val"], raw["X_train"][10:15].astype(np.float32))


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"num_training": 90, "num_validation": 11}, ValueError, "exceeds the 100 training"),
        ({"num_test": 21}, ValueError, "exceeds the 20 test"),
        ({"num_training": -1}, ValueError, "num_training"),
        ({"num_validation": 2.5}, ValueError, "num_validation"),
        ({"dtype": np.int32}, TypeError, "floating"),
    ],
)
def test_get_CIFAR10_data_rejects_bad_arguments(tmp_path, kwargs, error, message):
    write_official_batches(tmp_path)
    arguments = {"num_training": 50, "num_validation": 10, "num_test": 10, **kwargs}
    with pytest.raises(error, match=message):
        get_CIFAR10_data(cifar10_dir=tmp_path, **arguments)


# ----------------------------------------------------------------------------------------------
# Image trees
# ----------------------------------------------------------------------------------------------


def test_image_tree_pixels_labels_and_order(tmp_path):
    write_image_tree(tmp_path / "tree")
    data = load_cifar10_uint8(source=tmp_path / "tree", cache_dir=tmp_path / "cache")
    assert data["X_train"].shape == (40, 3, 32, 32) and data["X_train"].dtype == np.uint8
    assert data["X_test"].shape == (20, 3, 32, 32)
    labels, indexes = red_codes(data["X_train"])
    np.testing.assert_array_equal(labels, data["y_train"])  # label = official index of the folder
    # files sorted by name within a class, classes interleaved: 0..9 for file 0, then for file 1,
    # ...
    np.testing.assert_array_equal(data["y_train"], np.tile(np.arange(10), 4))
    np.testing.assert_array_equal(indexes, np.repeat(np.arange(4), 10))
    np.testing.assert_array_equal(
        data["X_train"][:, 1], np.broadcast_to(np.arange(32)[:, None], (40, 32, 32))
    )
    np.testing.assert_array_equal(
        data["X_train"][:, 2], np.broadcast_to(np.arange(32) + 100, (40, 32, 32))
    )


def test_image_tree_labels_follow_official_order_not_folder_sorting(tmp_path, monkeypatch):
    write_image_tree(tmp_path / "tree", num_train=1, num_test=1)
    reversed_names = tuple(reversed(CLASS_NAMES))
    monkeypatch.setattr(data_utils, "CLASS_NAMES", reversed_names)
    data = load_cifar10_uint8(source=tmp_path / "tree", cache_dir=tmp_path / "cache")
    folder_labels, _ = red_codes(data["X_train"])  # label used when the tree was written
    assert data["class_names"] == list(reversed_names)
    np.testing.assert_array_equal(data["y_train"], 9 - folder_labels)


def test_validation_rows_cover_all_classes(tmp_path):
    write_image_tree(tmp_path / "tree", num_train=5, num_test=3)
    data = get_CIFAR10_data(
        num_training=40,
        num_validation=10,
        num_test=10,
        cifar10_dir=tmp_path / "tree",
        cache_dir=tmp_path / "cache",
    )
    assert sorted(data["y_val"].tolist()) == list(range(10))
    assert sorted(data["y_test"].tolist()) == list(range(10))


@pytest.mark.parametrize("suffix", [".tar", ".gz", ".xz"])
def test_image_tree_archives_match_directory(tmp_path, suffix):
    write_image_tree(tmp_path / "cifar-10-images", num_train=2, num_test=1)
    archive = make_tar(
        tmp_path / "cifar-10-images", tmp_path / f"images{suffix}", "cifar-10-images"
    )
    if suffix != ".tar":
        archive = archive.rename(tmp_path / f"images.tar{suffix}")
    from_dir = load_cifar10_uint8(source=tmp_path / "cifar-10-images", cache_dir=tmp_path / "c1")
    from_archive = load_cifar10_uint8(source=archive, cache_dir=tmp_path / "c2")
    for key in ("X_train", "y_train", "X_test", "y_test"):
        np.testing.assert_array_equal(from_archive[key], from_dir[key])


def test_jpeg_images_are_decoded(tmp_path):
    write_image_tree(tmp_path / "tree", num_train=1, num_test=1, suffix=".jpg")
    data = load_cifar10_uint8(source=tmp_path / "tree", cache_dir=tmp_path / "cache")
    expected = np.stack([image_pixels(label, 0).transpose(2, 0, 1) for label in range(10)])
    assert np.abs(data["X_train"].astype(int) - expected).mean() < 3  # lossy JPEG, close values


def test_missing_class_folder_is_named(tmp_path):
    write_image_tree(tmp_path / "tree", num_train=1, num_test=1)
    for image in (tmp_path / "tree" / "test" / "frog").iterdir():
        image.unlink()
    (tmp_path / "tree" / "test" / "frog").rmdir()
    with pytest.raises(CIFAR10LayoutError, match="test/frog/"):
        load_cifar10_uint8(source=tmp_path / "tree", cache_dir=tmp_path / "cache")


def test_wrong_image_size_is_reported(tmp_path):
    write_image_tree(tmp_path / "tree", num_train=1, num_test=1)
    Image.new("RGB", (16, 16)).save(tmp_path / "tree" / "train" / "cat" / "0000.png")
    with pytest.raises(ValueError, match=r"cat.0000\.png is 16x16"):
        load_cifar10_uint8(source=tmp_path / "tree", cache_dir=tmp_path / "cache")


def test_unknown_layout_names_what_is_expected(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(CIFAR10LayoutError, match="data_batch_1.*train/<class>"):
        load_cifar10_uint8(source=tmp_path / "empty", cache_dir=tmp_path / "cache")


# ----------------------------------------------------------------------------------------------
# Cache
# ----------------------------------------------------------------------------------------------


def _forbid_decoding(monkeypatch):
    def fail(*args):
        raise AssertionError("images decoded although a valid cache exists")

    monkeypatch.setattr(data_utils, "_decode_image", fail)


@pytest.mark.parametrize("kind", ["directory", "archive"])
def test_cache_is_reused(tmp_path, monkeypatch, kind):
    source = write_image_tree(tmp_path / "tree", num_train=2, num_test=1)
    if kind == "archive":
        source = make_tar(source, tmp_path / "tree.tar", "tree")
    first = load_cifar10_uint8(source=source, cache_dir=tmp_path / "cache")
    cache_files = list((tmp_path / "cache" / "cifar10-cache").iterdir())
    assert len(cache_files) == 1 and cache_files[0].suffix == ".npz"  # no temporary files left
    _forbid_decoding(monkeypatch)
    second = load_cifar10_uint8(source=source, cache_dir=tmp_path / "cache")
    np.testing.assert_array_equal(second["X_train"], first["X_train"])
    assert second["class_names"] == list(CLASS_NAMES)


def test_cache_invalidated_when_directory_changes(tmp_path):
    source = write_image_tree(tmp_path / "tree", num_train=2, num_test=1)
    before = load_cifar10_uint8(source=source, cache_dir=tmp_path / "cache")
    changed = source / "train" / "airplane" / "0000.png"
    Image.fromarray(image_pixels(0, 7)).save(changed)
    os.utime(changed, ns=(10**18, 10**18))
    after = load_cifar10_uint8(source=source, cache_dir=tmp_path / "cache")
    assert red_codes(before["X_train"])[1][0] == 0 and red_codes(after["X_train"])[1][0] == 7
    assert len(list((tmp_path / "cache" / "cifar10-cache").iterdir())) == 1  # stale cache removed


def test_cache_invalidated_when_archive_changes(tmp_path):
    write_image_tree(tmp_path / "a", num_train=1, num_test=1)
    write_image_tree(tmp_path / "b", num_train=2, num_test=1)
    archive = make_tar(tmp_path / "a", tmp_path / "images.tar", "images")
    assert len(load_cifar10_uint8(source=archive, cache_dir=tmp_path / "cache")["X_train"]) == 10
    make_tar(tmp_path / "b", archive, "images")
    os.utime(archive, ns=(10**18, 10**18))
    assert len(load_cifar10_uint8(source=archive, cache_dir=tmp_path / "cache")["X_train"]) == 20


def test_corrupt_cache_is_rebuilt(tmp_path):
    source = write_image_tree(tmp_path / "tree", num_train=1, num_test=1)
    first = load_cifar10_uint8(source=source, cache_dir=tmp_path / "cache")
    (cache_file,) = (tmp_path / "cache" / "cifar10-cache").iterdir()
    cache_file.write_bytes(b"not a zip file")
    second = load_cifar10_uint8(source=source, cache_dir=tmp_path / "cache")
    np.testing.assert_array_equal(second["X_train"], first["X_train"])
    assert np.load(cache_file)["X_train"].shape == (10, 3, 32, 32)


def test_concurrent_loads_share_the_cache(tmp_path):
    source = write_image_tree(tmp_path / "tree", num_train=3, num_test=1)
    results, errors = [], []

    def load():
        try:
            results.append(
                load_cifar10_uint8(source=source, cache_dir=tmp_path / "cache")["X_train"]
            )
        except Exception as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=load) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and len(results) == 3
    for result in results[1:]:
        np.testing.assert_array_equal(result, results[0])
    assert [p.suffix for p in (tmp_path / "cache" / "cifar10-cache").iterdir()] == [".npz"]


# ----------------------------------------------------------------------------------------------
# Where the data is found
# ----------------------------------------------------------------------------------------------


def test_missing_data_says_how_to_fetch(isolated_data_dir):
    with pytest.raises(CIFAR10NotFoundError) as info:
        get_CIFAR10_data()
    assert isinstance(info.value, FileNotFoundError)
    assert "python datasets/get_datasets.py" in str(info.value) and "CIFAR10_SOURCE" in str(
        info.value
    )


def test_data_dir_is_the_default(isolated_data_dir):
    expected = write_official_batches(isolated_data_dir)
    data = get_CIFAR10_data(num_training=50, num_validation=50, num_test=20, subtract_mean=False)
    np.testing.assert_array_equal(data["X_val"], expected["X_train"][50:100])


def test_env_source_used_when_data_dir_is_empty(tmp_path, monkeypatch, isolated_data_dir):
    write_image_tree(tmp_path / "tree", num_train=2, num_test=1)
    monkeypatch.setenv("CIFAR10_SOURCE", str(tmp_path / "tree"))
    data = load_cifar10_uint8()
    assert data["X_train"].shape == (20, 3, 32, 32)
    assert (
        len(list((isolated_data_dir / "cifar10-cache").glob("*.npz"))) == 1
    )  # cached under datasets/


def test_data_dir_takes_priority_over_env(tmp_path, monkeypatch, isolated_data_dir):
    write_official_batches(isolated_data_dir)
    write_image_tree(tmp_path / "tree", num_train=2, num_test=1)
    monkeypatch.setenv("CIFAR10_SOURCE", str(tmp_path / "tree"))
    assert load_cifar10_uint8()["X_train"].shape == (100, 3, 32, 32)


def test_relative_env_source_resolves_from_cwd_then_repo_root(tmp_path, monkeypatch):
    write_image_tree(tmp_path / "root" / "data" / "tree", num_train=1, num_test=1)
    (tmp_path / "root" / "notebooks").mkdir()
    monkeypatch.setattr(data_utils, "REPO_ROOT", tmp_path / "root")
    monkeypatch.setenv("CIFAR10_SOURCE", "data/tree")
    monkeypatch.chdir(tmp_path / "root" / "notebooks")  # not found here, found from the repo root
    assert load_cifar10_uint8()["X_train"].shape == (10, 3, 32, 32)
    write_image_tree(tmp_path / "root" / "notebooks" / "data" / "tree", num_train=2, num_test=1)
    assert load_cifar10_uint8()["X_train"].shape == (20, 3, 32, 32)  # now the cwd copy wins


def test_missing_env_source_is_reported(monkeypatch):
    monkeypatch.setenv("CIFAR10_SOURCE", "no/such/place.tar.xz")
    with pytest.raises(CIFAR10NotFoundError, match="no/such/place.tar.xz does not exist"):
        load_cifar10_uint8()


def test_previous_cache_used_without_env(tmp_path, monkeypatch, isolated_data_dir):
    source = write_image_tree(tmp_path / "tree", num_train=2, num_test=1)
    monkeypatch.setenv("CIFAR10_SOURCE", str(source))
    load_cifar10_uint8()
    monkeypatch.delenv("CIFAR10_SOURCE")
    changed = source / "train" / "airplane" / "0000.png"  # source still there: changes are seen
    Image.fromarray(image_pixels(0, 9)).save(changed)
    os.utime(changed, ns=(10**18, 10**18))
    assert red_codes(load_cifar10_uint8()["X_train"])[1][0] == 9
    for image in source.rglob("*.png"):  # source gone: the cache alone serves
        image.unlink()
    _forbid_decoding(monkeypatch)
    import shutil

    shutil.rmtree(source)
    assert red_codes(load_cifar10_uint8()["X_train"])[1][0] == 9


# ----------------------------------------------------------------------------------------------
# The real data set (CI has it at ../shared/datasets/cifar-10-images.tar.xz)
# ----------------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(not REAL_IMAGE_ARCHIVE.exists(), reason=f"{REAL_IMAGE_ARCHIVE} not present")
def test_real_image_archive_through_env_and_default_cache(monkeypatch):
    monkeypatch.setattr(data_utils, "DATA_DIR", REAL_DATA_DIR)
    monkeypatch.setenv("CIFAR10_SOURCE", str(REAL_IMAGE_ARCHIVE))
    raw = load_cifar10_uint8()
    assert raw["X_train"].shape == (50000, 3, 32, 32) and raw["X_test"].shape == (10000, 3, 32, 32)
    assert raw["class_names"] == list(CLASS_NAMES)
    assert np.bincount(raw["y_train"]).tolist() == [5000] * 10
    assert np.bincount(raw["y_test"]).tolist() == [1000] * 10
    mean_pixel = (
        raw["X_train"].mean(dtype=np.float64) * 5 + raw["X_test"].mean(dtype=np.float64)
    ) / 6
    assert abs(mean_pixel - 120.8) < 0.1
    data = get_CIFAR10_data(dtype=np.float32)
    shapes = {k: v.shape for k, v in data.items() if k != "class_names"}
    assert shapes == {
        "X_train": (49000, 3, 32, 32),
        "y_train": (49000,),
        "X_val": (1000, 3, 32, 32),
        "y_val": (1000,),
        "X_test": (1000, 3, 32, 32),
        "y_test": (1000,),
    }
    assert np.bincount(data["y_val"]).tolist() == [100] * 10
