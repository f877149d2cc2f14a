"""voxclone: turn any voice recording into a clone-ready sample, and clone the voice.

    import voxclone
    sample = voxclone.prepare("talk.m4a", format="mp3")       # the best 10–30 s, normalised
    sample.save("me.mp3")
    client = voxclone.Client()                                # token from $COZE_API_TOKEN
    print(client.clone(sample, name="me", language="en").voice_id)

Every report carries the verdict ``voxclone check`` and ``clone`` give (``report.verdict``:
usable, usable_with_warnings or refuse, with its reasons); ``Client.clone`` refuses a Sample whose
verdict is refuse unless ``force=True``.

The work runs in the C++ library with the GIL released; Ctrl-C cancels it (KeyboardInterrupt).
Errors are :mod:`voxclone.errors` exceptions, one class per kind of failure.
"""

from __future__ import annotations

import os
import re as _re
from dataclasses import dataclass
from typing import Any, Callable, List, Optional, Tuple, Union

from . import _args, _voxclone
from ._report import Record, Report
from ._voiceprint import SAME_PERSON_SCORE, Voiceprint, voiceprint_from_json
from .errors import (AuthError, InvalidArgumentTypeError, BadResponseError, BadVoiceError, CancelledError,
                     DecodeFailedError, InputNotFoundError, InputUnreadableError, InternalError,
                     InvalidArgumentError, NetworkError, NoAudioStreamError, NoSpeechError,
                     NotAudioError, OutcomeUnknownError, OutputFailedError, RejectedError,
                     SampleInvalidError, ServiceError, TooLittleSpeechError, VoxcloneError,
                     NoMatchingVoiceError)

__version__ = _voxclone.__version__

__all__ = [
    "prepare", "check", "Sample", "Report", "Record", "Client", "CloneResult", "Voice", "Speech",
    "warning_codes", "supported_languages", "VoxcloneError", "InvalidArgumentError",
    "InvalidArgumentTypeError", "InputNotFoundError", "InputUnreadableError", "NotAudioError", "NoAudioStreamError",
    "DecodeFailedError", "NoSpeechError", "TooLittleSpeechError", "OutputFailedError",
    "SampleInvalidError", "BadVoiceError", "CancelledError", "InternalError", "ServiceError",
    "NetworkError", "AuthError", "RejectedError", "OutcomeUnknownError", "BadResponseError",
    "Voiceprint", "voiceprint", "voiceprint_from_json", "SAME_PERSON_SCORE", "NoMatchingVoiceError",
]

ProgressCallback = Callable[[str, float], Any]
LogCallback = Callable[[str, str], Any]


def __dir__() -> List[str]:
    """The package's names, not the modules and typing helpers it imports (``dir(voxclone)``)."""
    return sorted(__all__ + ["__version__", "errors"])


# The library words its messages for the command line ("--min-seconds 5 is outside 1–600");
# a Python caller gave keywords, so the messages name those ("min_seconds=5 is outside 1–600").
_KEYWORDS = {"min-seconds": "min_seconds", "max-seconds": "max_seconds", "start": "start",
             "end": "end", "keep-pauses": "keep_pauses", "speaker": "speaker",
             "speaker-at": "speaker_at", "allow-music": "allow_music", "stream": "stream",
             "loudness": "loudness", "true-peak": "true_peak", "mp3-bitrate": "mp3_bitrate",
             "format": "format", "jobs": "threads", "force": "force"}
_FLAG = _re.compile(r"(?<![\w-])--([a-z0-9-]+)(?:/--([a-z0-9-]+))?( (?:a:)?-?[0-9][0-9.]*)?")


_FLAGS_ON = {"keep-pauses", "allow-music", "force"}  # on/off: keep_pauses=True


def _python_words(message: str) -> str:
    def keyword(m: "_re.Match[str]") -> str:
        names = [n for n in (m.group(1), m.group(2)) if n]
        value = (m.group(3) or "").strip()
        if any(n not in _KEYWORDS for n in names):
            return m.group(0)
        if len(names) == 1 and value:
            return f"{_KEYWORDS[names[0]]}={value}"
        return "/".join(_KEYWORDS[n] + ("=True" if n in _FLAGS_ON else "=") for n in names) + \
            (" " + value if value else "")
    return _FLAG.sub(keyword, message)


def _in_python_words(e: VoxcloneError) -> VoxcloneError:
    e.message = _python_words(e.message)
    e.args = (e.message,) + tuple(e.args[1:])
    return e


def _source(source: Any, sample_rate: Optional[int], name: Optional[str]) -> Tuple[str, Any, str, int, int, str]:
    """(kind, payload, name, rate, channels, pcm format) for the extension."""
    if isinstance(source, (str, os.PathLike)):
        if sample_rate is not None:
            raise InvalidArgumentError("sample_rate is for numpy PCM input, not for a file",
                                       "invalid_argument")
        return "file", _args.path("source", source), "", 0, 0, ""
    if isinstance(source, (bytes, bytearray, memoryview)):
        if sample_rate is not None:
            raise InvalidArgumentError("sample_rate is for numpy PCM input, not for encoded bytes",
                                       "invalid_argument")
        return "memory", bytes(source), _args.optional_text("name", name) or "<memory>", 0, 0, ""
    if type(source).__module__ == "numpy" and hasattr(source, "ndim"):
        return _numpy_source(source, sample_rate, name)
    if hasattr(source, "read"):  # a file object: io.BytesIO, open(path, "rb"), a socket's file
        if sample_rate is not None:
            raise InvalidArgumentError("sample_rate is for numpy PCM input, not for a file object",
                                       "invalid_argument")
        data = source.read()
        if isinstance(data, str):
            raise TypeError("the file object gives text: open the file in binary mode ('rb')")
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError("the file object's read() gave " + type(data).__name__ + ", not bytes")
        label = _args.optional_text("name", name) or str(getattr(source, "name", "") or "<file object>")
        return "memory", bytes(data), label, 0, 0, ""
    raise TypeError("source must be a path, bytes, a binary file object or a numpy array, not "
                    + type(source).__name__)


# numpy PCM: the sample types recordings come in, each read at its own full scale. Others
# (uint8's offset 128, int64, float16) are refused by name rather than guessed at.
_PCM_DTYPES = ("int16", "int32", "float32", "float64")


def _numpy_source(source: Any, sample_rate: Optional[int], name: Optional[str]) -> Tuple[str, Any, str, int, int, str]:
    import numpy as np
    if sample_rate is None:
        raise InvalidArgumentError("a numpy array needs sample_rate=", "invalid_argument")
    sample_rate = _args.integer("sample_rate", sample_rate, 1, 768000)
    name = _args.optional_text("name", name)
    if source.ndim not in (1, 2):
        raise InvalidArgumentError(
            f"a numpy array must be 1-D (mono) or 2-D (frames, channels), not {source.ndim}-D",
            "invalid_argument")
    channels = 1 if source.ndim == 1 else int(source.shape[1])
    dtype = np.dtype(source.dtype)
    if dtype.name not in _PCM_DTYPES:
        raise InvalidArgumentError(
            f"a numpy array of {dtype.name} is not a sample type voxclone reads: give "
            f"{', '.join(_PCM_DTYPES[:-1])} or {_PCM_DTYPES[-1]} (float in [-1, 1], integers at "
            f"their full scale)", "invalid_argument")
    if dtype.name == "int16":
        return "pcm", np.ascontiguousarray(source, dtype="<i2"), name or "<numpy>", int(sample_rate), channels, "s16"
    if dtype.name == "int32":
        data = source.astype(np.float64) / 2147483648.0  # full scale of 32-bit PCM
    else:
        data = source
    return ("pcm", np.ascontiguousarray(data, dtype="<f4"), name or "<numpy>", int(sample_rate),
            channels, "f32")


# The options that are seconds, levels or counts, checked by kind before the library sees them
# (its own checks give the ranges).
_NUMBERS = ("min_seconds", "max_seconds", "loudness", "true_peak")
_TIMES = ("start", "end", "speaker_at")  # seconds, or a time as the CLI takes it ("1:30")
_INTEGERS = ("speaker", "mp3_bitrate")
_FLAGS = ("keep_pauses", "allow_music")


def _options(format: Optional[str], **kw: Any) -> dict:
    opts = {k: v for k, v in kw.items() if v is not None}
    for k in _NUMBERS:
        if k in opts:
            opts[k] = _args.number(k, opts[k])
    for k in _TIMES:
        if k in opts:
            opts[k] = _args.text(k, opts[k]) if isinstance(opts[k], str) else _args.number(k, opts[k])
    for k in _INTEGERS:
        if k in opts:
            opts[k] = _args.integer(k, opts[k])
    for k in _FLAGS:
        if k in opts and not isinstance(opts[k], bool):
            raise InvalidArgumentTypeError(f"{k}={opts[k]!r}: expected True or False", "invalid_argument")
    threads = opts.get("threads")
    if threads is not None:
        opts["threads"] = _args.integer("threads", threads)
        if not 0 <= threads <= 1024:
            raise InvalidArgumentError(f"threads {threads} is outside 0-1024 (0: every core)",
                                       "invalid_argument")
    if format is not None:
        opts["format"] = _args.text("format", format)
    return opts


class Sample:
    """A prepared sample: the encoded bytes (``data``) and what was done (``report``)."""

    def __init__(self, native: Any) -> None:
        self._native = native
        self._report: Optional[Report] = None

    @property
    def data(self) -> bytes:
        """The encoded sample (WAV, raw PCM or MP3 bytes), ready to upload."""
        return self._native.data

    @property
    def format(self) -> str:
        """"wav", "pcm" or "mp3"."""
        return self._native.format

    @property
    def report(self) -> Report:
        """The report: the same document as ``voxclone prep --json``, as attributes and dicts."""
        if self._report is None:
            self._report = Report(self._native.report)
        return self._report

    @property
    def duration_seconds(self) -> float:
        """Length of the sample."""
        return float(self.report.output.duration_seconds)

    def save(self, path: Union[str, os.PathLike], overwrite: bool = False) -> None:
        """Writes the sample to ``path`` atomically (a temporary file renamed into place);
        raises OutputFailedError if ``path`` exists unless ``overwrite``."""
        self._native.save(_args.path("path", path), bool(overwrite))

    def plot_svg(self, width: int = 1200) -> str:
        """A picture of what was kept, as SVG text (see :meth:`Report.plot_svg`)."""
        return self.report.plot_svg(width)

    def save_plot(self, path: Union[str, os.PathLike], width: int = 1200, overwrite: bool = False) -> None:
        """Writes :meth:`plot_svg` to ``path``."""
        self.report.save_plot(path, width, overwrite)

    def __len__(self) -> int:
        return int(self._native.size)

    def __bytes__(self) -> bytes:
        return self.data

    def __repr__(self) -> str:
        return f"<voxclone.Sample {self.format} {len(self)} bytes, {self.duration_seconds:.1f} s>"


Time = Union[float, int, str]
Like = Union[Voiceprint, str, "os.PathLike[str]"]


def voiceprint(source: Any, *, speaker: Optional[int] = None, min_speech_seconds: Optional[float] = None,
               read_seconds: Optional[float] = None,
               sample_rate: Optional[int] = None, name: Optional[str] = None,
               progress: Optional[ProgressCallback] = None,
               log: Optional[LogCallback] = None) -> Voiceprint:
    """The voiceprint of a recording's main voice (or of ``speaker``, the N-th by talk time):
    the same sources as :func:`prepare` (a path, bytes, a file object, a numpy array with
    ``sample_rate``). A few seconds of talk suffice (``min_speech_seconds`` of voiced frames [1]).
    Only the first ``read_seconds`` are read [the library's kVoiceprintReadSeconds, 60; 0: all],
    or all of it when they hold too little of the voice."""
    kind, payload, nm, rate, channels, pcm = _source(source, sample_rate, name)
    who = 0 if speaker is None else _args.integer("speaker", speaker)
    least = 1.0 if min_speech_seconds is None else _args.number("min_speech_seconds", min_speech_seconds)
    first = (_voxclone.voiceprint_read_seconds if read_seconds is None
             else _args.number("read_seconds", read_seconds))
    try:
        return Voiceprint(_voxclone.voiceprint(kind, payload, nm, rate, channels, pcm, who, least, first,
                                               progress, log))
    except VoxcloneError as e:
        raise _in_python_words(e) from None


def _like(like: Optional[Like]) -> dict:
    """like= as the library's options: the example's numbers and its name in messages."""
    if like is None:
        return {}
    if isinstance(like, Voiceprint):
        return {"like": list(like.to_array()), "like_name": "the example"}
    if isinstance(like, (str, os.PathLike)):
        # Measured by the extension as voiceprint(like) measures it, beside the input's own work
        # when there are threads to spare; its errors as voiceprint()'s.
        return {"like_path": _source(like, None, None)[1], "like_name": os.fspath(like)}
    raise InvalidArgumentTypeError(f"like={like!r}: expected a Voiceprint or a path", "invalid_argument")


def prepare(source: Any, *, format: str = "wav", min_seconds: Optional[float] = None,
            max_seconds: Optional[float] = None, loudness: Optional[float] = None,
            true_peak: Optional[float] = None, start: Optional[Time] = None,
            end: Optional[Time] = None, keep_pauses: Optional[bool] = None,
            speaker: Optional[int] = None, speaker_at: Optional[Time] = None,
            allow_music: Optional[bool] = None, stream: Optional[Union[int, str]] = None,
            mp3_bitrate: Optional[int] = None,
            threads: Optional[int] = None, sample_rate: Optional[int] = None,
            name: Optional[str] = None, progress: Optional[ProgressCallback] = None,
            log: Optional[LogCallback] = None, like: Optional[Like] = None) -> Sample:
    """Prepares a clone-ready sample from a recording.

    ``source`` is a path (any format FFmpeg reads), the bytes of an encoded file, a binary file
    object (``io.BytesIO``, ``open(path, "rb")``), or a numpy array of PCM (1-D mono or 2-D
    ``(frames, channels)``; int16, int32, float32 or float64, floats in [-1, 1]) with
    ``sample_rate``. The options are those of ``voxclone prep`` (defaults in brackets):
    ``format`` "wav" | "pcm" | "mp3" ["wav"], ``min_seconds`` [10], ``max_seconds`` [30],
    ``loudness`` LUFS [-20], ``true_peak`` dBTP [-2], ``start``/``end`` seconds or a time
    ("1:30", "0:01:30.250"), ``keep_pauses``, ``speaker`` (N-th voice by talk time),
    ``speaker_at`` (a time), ``allow_music``, ``stream`` (an index as ffprobe numbers the
    streams, or "a:N" for the N-th audio stream from 0) [the best audio stream],
    ``mp3_bitrate`` kb/s [128], ``threads`` [0: every core], ``like`` (a :class:`Voiceprint`,
    or a path to a recording of the wanted person: the voice that sounds like it is kept, and
    NoMatchingVoiceError says how close the best came when none does). ``name`` names bytes,
    file-object or numpy input in messages. Errors name these keywords (``min_seconds=5 is outside 1–600``).

    ``progress(stage, fraction)`` and ``log(level, line)`` are called on the calling thread while
    the work runs; an exception they raise cancels the work and propagates. Ctrl-C cancels too
    (KeyboardInterrupt). Raises a :class:`VoxcloneError` subclass when the recording cannot make
    a sample.
    """
    kind, payload, nm, rate, channels, pcm = _source(source, sample_rate, name)
    opts = _options(format, min_seconds=min_seconds, max_seconds=max_seconds, loudness=loudness,
                    true_peak=true_peak, start=start, end=end, keep_pauses=keep_pauses,
                    speaker=speaker, speaker_at=speaker_at, allow_music=allow_music,
                    stream=stream, mp3_bitrate=mp3_bitrate, threads=threads)
    opts.update(_like(like))
    try:
        return Sample(_voxclone.prepare(kind, payload, nm, rate, channels, pcm, opts, progress, log))
    except VoxcloneError as e:
        raise _in_python_words(e) from None


def check(source: Any, *, min_seconds: Optional[float] = None, max_seconds: Optional[float] = None,
          start: Optional[Time] = None, end: Optional[Time] = None,
          keep_pauses: Optional[bool] = None, speaker: Optional[int] = None,
          speaker_at: Optional[Time] = None, allow_music: Optional[bool] = None,
          stream: Optional[Union[int, str]] = None,
          threads: Optional[int] = None, sample_rate: Optional[int] = None,
          name: Optional[str] = None, progress: Optional[ProgressCallback] = None,
          log: Optional[LogCallback] = None, like: Optional[Like] = None) -> Report:
    """Analyses without encoding (``voxclone check``): what prepare() would keep. Same inputs
    and options as :func:`prepare`; raises the same errors when the recording would not do.
    Such an error carries the report as far as the analysis got (``e.report``: the content
    timeline, the voices, the speech found), which says why."""
    kind, payload, nm, rate, channels, pcm = _source(source, sample_rate, name)
    opts = _options(None, min_seconds=min_seconds, max_seconds=max_seconds, start=start, end=end,
                    keep_pauses=keep_pauses, speaker=speaker, speaker_at=speaker_at,
                    allow_music=allow_music, stream=stream, threads=threads)
    opts.update(_like(like))
    try:
        return Report(_voxclone.check(kind, payload, nm, rate, channels, pcm, opts, progress, log))
    except VoxcloneError as e:
        raise _in_python_words(e) from None


def warning_codes() -> List[str]:
    """Every code a report warning may carry."""
    return list(_voxclone.warning_codes())


def supported_languages() -> List[str]:
    """The languages the clone endpoint takes ("zh", "en", ...)."""
    return list(_voxclone.supported_languages())


@dataclass(frozen=True)
class CloneResult:
    """A new (or retrained) voice."""
    voice_id: str
    log_id: str
    attempts: int


@dataclass(frozen=True)
class Voice:
    """One voice from :meth:`Client.list_voices`."""
    voice_id: str
    name: str
    is_system_voice: bool
    language_code: str
    language_name: str
    preview_text: str
    preview_audio: str
    available_training_times: int
    create_time: int
    update_time: int
    model_type: str
    state: str


@dataclass(frozen=True)
class Speech:
    """Synthesised audio from :meth:`Client.speak`."""
    data: bytes
    content_type: str
    log_id: str

    def save(self, path: Union[str, os.PathLike], overwrite: bool = False) -> None:
        """Writes the audio to ``path`` atomically; refuses an existing file unless ``overwrite``."""
        _voxclone.save_bytes(_args.path("path", path), self.data, bool(overwrite))


class Client:
    """The voice-clone service's API (clone, list voices, speak).

    ``token`` defaults to ``$COZE_API_TOKEN``; it is sent only as ``Authorization: Bearer`` and
    never appears in errors or ``repr``. ``base_url`` defaults to ``$COZE_API_BASE`` or
    https://api.coze.cn (``https://api.coze.com`` for the international region); plain http is
    refused except to a loopback address. A clone is retried only when the request provably
    never arrived or the service asked for it, at most ``max_attempts`` times.
    """

    def __init__(self, token: Optional[str] = None, base_url: Optional[str] = None, *,
                 timeout: float = 300.0, connect_timeout: float = 10.0, max_attempts: int = 3,
                 retry_delay: float = 1.0) -> None:
        if token is None:
            token = os.environ.get("COZE_API_TOKEN", "")
        if not _args.text("token", token):
            raise InvalidArgumentError("no API token: pass token= or set COZE_API_TOKEN",
                                       "invalid_argument")
        if base_url is None:
            base_url = os.environ.get("COZE_API_BASE") or "https://api.coze.cn"
        self._native = _voxclone.NativeClient(
            token, _args.text("base_url", base_url), _args.number("timeout", timeout, 0.001, 86400),
            _args.number("connect_timeout", connect_timeout, 0.001, 3600),
            _args.integer("max_attempts", max_attempts, 1, 100),
            _args.number("retry_delay", retry_delay, 0, 3600))

    @property
    def base_url(self) -> str:
        """Where requests go."""
        return self._native.base_url

    def clone(self, sample: Union[Sample, bytes], name: str, *, format: Optional[str] = None,
              language: Optional[str] = None, text: Optional[str] = None,
              preview_text: Optional[str] = None, voice_id: Optional[str] = None,
              space_id: Optional[str] = None, description: Optional[str] = None,
              progress: Optional[ProgressCallback] = None, force: bool = False) -> CloneResult:
        """Uploads ``sample`` (a :class:`Sample`, or encoded bytes with ``format``) and returns
        the new voice. Billed by the service: on :class:`OutcomeUnknownError`
        (``may_have_been_billed``) list the voices before trying again.

        A :class:`Sample` is held to its verdict (``sample.report.verdict``, the one ``voxclone
        check`` and ``clone`` give): when it refuses the sample (music or other voices under the
        kept speech, heavy noise, clipping), nothing is sent and :class:`BadVoiceError` is
        raised, unless ``force``. Bytes carry no report: they are sent as they are."""
        if isinstance(sample, Sample):
            native: Any = sample._native
        elif isinstance(sample, (bytes, bytearray, memoryview)):
            if format is None:
                raise InvalidArgumentError("encoded bytes need format= (wav, pcm or mp3)",
                                           "invalid_argument")
            native = (bytes(sample), format)
        else:
            raise TypeError("sample must be a voxclone.Sample or bytes, not " + type(sample).__name__)
        fields = {"voice_name": _args.text("name", name),
                  "language": _args.optional_text("language", language),
                  "text": _args.optional_text("text", text),
                  "preview_text": _args.optional_text("preview_text", preview_text),
                  "voice_id": _args.optional_text("voice_id", voice_id),
                  "space_id": _args.optional_text("space_id", space_id),
                  "description": _args.optional_text("description", description)}
        try:
            voice, log_id, attempts = self._native.clone(native, fields, progress, bool(force))
        except BadVoiceError as e:
            if isinstance(sample, Sample):
                e.codes = [r.code for r in sample.report.verdict.reasons if r.blocks]
            raise
        return CloneResult(voice, log_id, attempts)

    def list_voices(self, *, include_system_voices: bool = False, model_type: Optional[str] = None,
                    state: str = "cloned", page_size: int = 100) -> List[Voice]:
        """Your voices (every page). ``state``: "cloned", "init" or "all"; ``model_type``:
        "big" or "small"."""
        return [Voice(**v) for v in self._native.list_voices(
            bool(include_system_voices), _args.optional_text("model_type", model_type),
            _args.text("state", state), _args.integer("page_size", page_size))]

    def speak(self, text: str, voice_id: str, *, format: str = "mp3", speed: Optional[float] = None,
              sample_rate: Optional[int] = None) -> Speech:
        """Synthesises ``text`` with a voice. ``format``: "mp3", "wav", "pcm" or "ogg_opus"."""
        data, content_type, log_id = self._native.speak(
            _args.text("text", text), _args.text("voice_id", voice_id), _args.text("format", format),
            None if speed is None else _args.number("speed", speed),
            None if sample_rate is None else _args.integer("sample_rate", sample_rate))
        return Speech(data, content_type, log_id)

    def __repr__(self) -> str:
        return f"<voxclone.Client {self.base_url}>"
