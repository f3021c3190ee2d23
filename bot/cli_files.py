"""Files the console commands write: a missing folder is made, a failed write is one sentence."""

from __future__ import annotations

import errno
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class WriteFailed(Exception):
    """A command could not write its file; the message says why and what to do."""

    def __init__(self, path: Path, error: OSError) -> None:
        super().__init__(f"无法写入 {path}:{_reason(error)}。请换一个能写入的位置再试。")
        self.path = path


@contextmanager
def writing(path: Path) -> Iterator[None]:
    """Make the folder `path` goes in; turn a failure to write into `WriteFailed`."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        yield
    except OSError as error:
        raise WriteFailed(path, error) from error


def _reason(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return "没有写入权限"
    if isinstance(error, IsADirectoryError):
        return "这是一个文件夹"
    if isinstance(error, NotADirectoryError | FileExistsError):
        return "路径里有一段是文件,不是文件夹"
    if error.errno == errno.ENOSPC:
        return "磁盘已满"
    if error.errno == errno.EROFS:
        return "磁盘只读"
    return "系统拒绝了写入"
