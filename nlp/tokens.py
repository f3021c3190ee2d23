"""A private jieba tokenizer with the station's own words, loaded once."""

from __future__ import annotations

import logging
import marshal
import os
import tempfile
import threading
from pathlib import Path

import jieba

_HERE = Path(__file__).resolve().parent
USER_DICT = _HERE / "userdict.txt"

_lock = threading.Lock()
_tokenizer: jieba.Tokenizer | None = None


def _cache_dir() -> Path | None:
    """Where jieba may keep its prefix-dictionary cache.

    A fixed per-user folder rather than the shared temp folder, so concurrent bots and test runs
    neither race on nor reuse a cache they did not build. QINQING_NLP_CACHE=off disables it.
    """
    configured = os.environ.get("QINQING_NLP_CACHE")
    if configured == "off":
        return None
    if configured:
        path = Path(configured)
    else:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        path = Path(base) / "qinqing" / "jieba"
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return path if os.access(path, os.W_OK) else None


def _load_prefix_dict(tokenizer: jieba.Tokenizer) -> None:
    """Fill the tokenizer's prefix dictionary, from our cache when there is one.

    jieba's own cache loader unmarshals from an open file, which is about four times slower
    than unmarshalling the bytes at once; start-up time is dominated by this step.
    """
    cache = _cache_dir()
    path = cache / f"jieba-{jieba.__version__}.cache" if cache is not None else None
    if path is not None and path.is_file():
        try:
            tokenizer.FREQ, tokenizer.total = marshal.loads(path.read_bytes())
            tokenizer.initialized = True
            return
        except (OSError, ValueError, EOFError, TypeError):
            pass

    tokenizer.FREQ, tokenizer.total = tokenizer.gen_pfdict(tokenizer.get_dict_file())
    tokenizer.initialized = True
    if path is None:
        return
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".jieba-")
        with os.fdopen(handle, "wb") as out:
            marshal.dump((tokenizer.FREQ, tokenizer.total), out)
        os.replace(temporary, path)
    except OSError:
        # A read-only home only costs start-up time.
        pass


def _build() -> jieba.Tokenizer:
    logging.getLogger("jieba").setLevel(logging.CRITICAL)
    jieba.setLogLevel(logging.CRITICAL)
    tokenizer = jieba.Tokenizer()
    _load_prefix_dict(tokenizer)
    tokenizer.load_userdict(str(USER_DICT))
    return tokenizer


def tokenizer() -> jieba.Tokenizer:
    """The shared tokenizer, built on first use; safe to call from several threads."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                _tokenizer = _build()
    return _tokenizer


def words(text: str) -> list[str]:
    return [word for word in tokenizer().lcut(text) if word.strip()]
