"""Atomic, symlink-safe writing: a file or a folder appears complete, or not at all.

Every writer of :mod:`veteran_services.io` goes through this module:

- **A single file** is written to a new temporary file beside it (created exclusively, so
  never through a planted link), flushed to disk, and renamed over the target with
  :func:`os.replace` when the caller asked to replace it (``overwrite=True``); otherwise an
  existing file is refused, naming it, and the new file is linked to a name that must not
  exist, so a file that appears meanwhile is refused too. Until the rename the old file is
  untouched; after it the new file is complete. A failure (an unencodable character, a full
  disk, a kill) leaves the old file.
- **A folder** (a caseload folder) is written into a new temporary folder beside it and swapped
  in only when every file is complete, with one atomic exchange of the two names
  (``renameat2(RENAME_EXCHANGE)`` on Linux); the old folder is then removed. A reader sees the
  complete old folder or the complete new one, never a mix. Where the exchange is not
  available, the old folder is first renamed aside, so that for a moment there is no folder.
- **Symbolic links** are never followed: a target that is a link is refused (the writers
  would otherwise overwrite whatever it points at), and nothing is written into an existing
  folder, so a link planted inside one is never written through.

A write killed half-way leaves a ``.NAME.writing-*`` file or folder beside the target; it is
safe to delete.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import cache
from pathlib import Path
from typing import BinaryIO

from veteran_services._checks import checked
from veteran_services._tablefiles import link_new, refuse_existing
from veteran_services.errors import InvalidInputError

__all__ = ["atomic_file", "atomic_folder", "check_target", "write_bytes"]

_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


def _shown(path: Path) -> str:
    text = str(path)
    return text if len(text) <= 120 else "..." + text[-117:]


def check_target(path: Path, *, argument: str = "path", folder: bool = False) -> None:
    """Refuse a target that is a symbolic link, or a folder where a file belongs (and back)."""
    if path.is_symlink():
        msg = (
            f"'{argument}' is a symbolic link ({_shown(path)!r}); the writers never write "
            "through a link they did not make: give the real path, or remove the link"
        )
        raise InvalidInputError(argument, msg)
    if folder and path.exists() and not path.is_dir():
        msg = f"'{argument}' must be a folder, got a file ({_shown(path)!r})"
        raise InvalidInputError(argument, msg)
    if not folder and path.is_dir():
        msg = f"'{argument}' must be a file, got a folder ({_shown(path)!r})"
        raise InvalidInputError(argument, msg)


@cache
def _umask() -> int:
    # Read once; os.umask has no read-only form (the two calls are back to back).
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _mode_for(target: Path, default: int) -> int:
    """The permission bits the new file or folder gets: the old one's, or the usual ones."""
    try:
        return stat.S_IMODE(target.stat(follow_symlinks=False).st_mode)
    except OSError:
        return default & ~_umask()


def _fsync_folder(folder: Path) -> None:
    if sys.platform == "win32":  # pragma: no cover - folders cannot be opened there
        return
    with suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextmanager
def atomic_file(
    path: str | Path, *, argument: str = "path", overwrite: bool = False
) -> Iterator[BinaryIO]:
    """A binary file to write *path* through: moved into place only if the block succeeds.

    An existing *path* is refused, naming it, before the block runs and again when the file
    is moved into place (no race: a new file is linked to a name that must not exist), unless
    *overwrite*: then it is replaced in one step, keeping its permission bits.

    Raises:
        InvalidInputError: if *path* is a symbolic link or a folder, or exists without
            *overwrite*.
        FileNotFoundError: if the folder *path* is in does not exist.
    """
    target = Path(os.path.abspath(path))
    check_target(target, argument=argument)
    if not overwrite:
        refuse_existing(target)
    mode = _mode_for(target, 0o666)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name[:100]}.writing-")
    try:
        with os.fdopen(fd, "wb") as file:
            yield file
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, mode)
        if overwrite:
            os.replace(temporary, target)
        else:
            link_new(temporary, target)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        raise
    _fsync_folder(target.parent)


def write_bytes(
    path: str | Path, data: bytes, *, argument: str = "path", overwrite: bool = False
) -> None:
    """Write *data* to *path* atomically (see :func:`atomic_file`)."""
    with atomic_file(path, argument=argument, overwrite=overwrite) as file:
        file.write(data)


@cache
def _renameat2() -> object | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # pragma: no cover - a C library without renameat2
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
    function.argtypes += [ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def _exchange(first: Path, second: Path) -> bool:
    """Swap two existing names in one step; False where the system cannot."""
    function = _renameat2()
    if function is None:
        return False
    result = function(  # type: ignore[operator]
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False  # a file system without the exchange
    raise OSError(code, os.strerror(code), str(first))


def _remove(folder: Path) -> None:
    # rmtree removes links inside without following them.
    shutil.rmtree(folder, ignore_errors=True)


@checked
@contextmanager
def atomic_folder(
    path: str | Path, *, allowed: frozenset[str], argument: str = "path"
) -> Iterator[Path]:
    """A new empty folder to fill; swapped in for *path* only if the block succeeds.

    Args:
        path: The folder to write (created with its parents if needed).
        allowed: The names an existing folder at *path* may hold; a folder holding anything
            else is refused rather than deleted with the old files.
        argument: The argument name for error messages.

    Raises:
        InvalidInputError: if *path* is a symbolic link, a file, or a folder holding entries
            the writer does not own.
    """
    target = Path(os.path.abspath(path))
    check_target(target, argument=argument, folder=True)
    if target.is_dir():
        foreign = sorted(name for name in os.listdir(target) if name not in allowed)
        if foreign:
            count = len(foreign)
            msg = (
                f"'{argument}' holds {count} entr{'ies' if count != 1 else 'y'} that a caseload "
                f"folder does not (such as {foreign[0][:60]!r}); replacing the folder would "
                "delete them: write to a new or empty folder, or move them away"
            )
            raise InvalidInputError(argument, msg)
    target.parent.mkdir(parents=True, exist_ok=True)
    mode = _mode_for(target, 0o777)
    temporary = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name[:100]}.writing-"))
    try:
        yield temporary
        os.chmod(temporary, mode)
        _fsync_folder(temporary)
        _swap_in(temporary, target)
    except BaseException:
        _remove(temporary)
        raise
    _fsync_folder(target.parent)


def _swap_in(new: Path, target: Path) -> None:
    check_target(target, folder=True)  # again: a link may have been planted meanwhile
    if not target.exists():
        os.rename(new, target)
        return
    if _exchange(new, target):
        _remove(new)  # the old folder, under the temporary name now
        return
    aside = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name[:100]}.old-"))
    os.rename(target, aside / "old")
    os.rename(new, target)
    _remove(aside)
