"""The report of prepare() and check(): the CLI's --json document, readable as attributes."""

from __future__ import annotations

import html
import json
from typing import Any, Dict, Iterator, Mapping


class Record(Mapping[str, Any]):
    """A read-only mapping whose keys are also attributes (``r.window.start_seconds``).

    Nested objects are Records, lists of objects are lists of Records; ``to_dict()`` gives plain
    dicts back.
    """

    __slots__ = ("_data",)

    def __init__(self, data: Dict[str, Any]) -> None:
        object.__setattr__(self, "_data", data)

    @staticmethod
    def _wrap(value: Any) -> Any:
        if isinstance(value, dict):
            return Record(value)
        if isinstance(value, list):
            return [Record._wrap(v) for v in value]
        return value

    def __getattr__(self, name: str) -> Any:
        try:
            return Record._wrap(self._data[name])
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("a voxclone report is read-only")

    def __getitem__(self, key: str) -> Any:
        return Record._wrap(self._data[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __dir__(self):
        return list(self._data) + ["to_dict"]

    def to_dict(self) -> Dict[str, Any]:
        """A deep copy as plain dicts and lists."""
        return json.loads(json.dumps(self._data))

    def __repr__(self) -> str:
        return f"Record({self._data!r})"


class Report(Record):
    """What prepare() or check() found and did: ``input``, ``analysis`` (the whole input's
    figures), ``content`` (with ``timeline`` and ``speakers``: ``speaker``, ``talk_seconds``,
    ``first_seconds``, ``pitch_hz``, and ``other_half``, the voice a voice split by its turns was
    heard as one with, else None), ``window`` (with ``pieces`` and
    the kept speech's own figures: ``snr_db``, ``voiced_pause_fraction``,
    ``echo_pause_fraction``, ``clipped_fraction``),
    ``loudness``, ``output``, ``warnings`` and ``verdict`` (``verdict.verdict``: "usable",
    "usable_with_warnings" or "refuse"; ``verdict.reasons``: ``code``, ``message``, ``blocks``)
    — the same document as ``voxclone prep --json``.
    """

    __slots__ = ("_native",)

    def __init__(self, native: Any) -> None:
        super().__init__(json.loads(native.json()))
        object.__setattr__(self, "_native", native)

    def plot_svg(self, width: int = 1200) -> str:
        """The report drawn as an SVG picture (waveform, timeline, kept window, loudness)."""
        return self._native.svg(width)

    def save_plot(self, path: str, width: int = 1200, overwrite: bool = False) -> None:
        """Writes :meth:`plot_svg` to ``path`` atomically; refuses an existing file unless
        ``overwrite``."""
        from . import _args, _voxclone
        _voxclone.save_bytes(_args.path("path", path), self.plot_svg(width).encode("utf-8"),
                             bool(overwrite))

    def review_html(self) -> str:
        """The review page: one self-contained HTML document (nothing fetched) with the verdict
        and warnings, the timeline, every voice's clearest seconds and every left-out stretch
        playable, and the sample playable with its loudness (``voxclone review``'s page). The
        input is read again for the excerpts."""
        return self._native.review_html()

    def save_review(self, path: str, overwrite: bool = False) -> None:
        """Writes :meth:`review_html` to ``path`` atomically; refuses an existing file unless
        ``overwrite``."""
        from . import _voxclone
        _voxclone.save_bytes(str(path), self.review_html().encode("utf-8"), overwrite)

    def _repr_html_(self) -> str:
        """Jupyter shows the review page inline, in an iframe of its own so its style and script
        stay apart from the notebook's (and from other reports')."""
        page = html.escape(self.review_html(), quote=True)
        name = html.escape(str(self._data.get("input", {}).get("name", "")), quote=True)
        return (f'<iframe title="voxclone review: {name}" srcdoc="{page}" '
                'style="width:100%;height:880px;border:1px solid #d7dce3;border-radius:6px" '
                'sandbox="allow-scripts"></iframe>')

    def __repr__(self) -> str:
        return f"Report({self._data!r})"
