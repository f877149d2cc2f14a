# Type stubs for the voxclone package (editors and type checkers read these).
import os
from typing import Any, BinaryIO, Callable, Dict, Iterator, List, Mapping, Optional, Union

from .errors import (AuthError as AuthError, BadResponseError as BadResponseError,
                     BadVoiceError as BadVoiceError, CancelledError as CancelledError,
                     DecodeFailedError as DecodeFailedError,
                     InputNotFoundError as InputNotFoundError,
                     InputUnreadableError as InputUnreadableError, InternalError as InternalError,
                     InvalidArgumentError as InvalidArgumentError,
                     InvalidArgumentTypeError as InvalidArgumentTypeError, NetworkError as NetworkError,
                     NoAudioStreamError as NoAudioStreamError, NoSpeechError as NoSpeechError,
                     NotAudioError as NotAudioError, OutcomeUnknownError as OutcomeUnknownError,
                     OutputFailedError as OutputFailedError, RejectedError as RejectedError,
                     SampleInvalidError as SampleInvalidError, ServiceError as ServiceError,
                     TooLittleSpeechError as TooLittleSpeechError, VoxcloneError as VoxcloneError,
                     NoMatchingVoiceError as NoMatchingVoiceError)
from ._voiceprint import SAME_PERSON_SCORE as SAME_PERSON_SCORE
import numpy as np

__version__: str

ProgressCallback = Callable[[str, float], Any]
LogCallback = Callable[[str, str], Any]
PathLike = Union[str, os.PathLike[str]]
# A path, encoded bytes, a binary file object, or a numpy array of PCM (1-D mono or 2-D
# (frames, channels); int16, int32, float32 or float64).
Source = Union[PathLike, bytes, bytearray, memoryview, BinaryIO, Any]
# Seconds, or a time as the CLI takes it: "1:30", "0:01:30.250".
Time = Union[float, int, str]

class Record(Mapping[str, Any]):
    """A read-only mapping whose keys are also attributes."""
    def __getattr__(self, name: str) -> Any: ...
    def __getitem__(self, key: str) -> Any: ...
    def __iter__(self) -> Iterator[str]: ...
    def __len__(self) -> int: ...
    def to_dict(self) -> Dict[str, Any]: ...

class Report(Record):
    """The CLI's --json document: input, analysis, content (timeline, speakers: speaker,
    talk_seconds, first_seconds, pitch_hz, other_half or None), window
    (pieces, the kept speech's SNR), loudness (before, after), output, warnings, verdict."""
    input: Record
    analysis: Record
    content: Optional[Record]
    window: Optional[Record]
    loudness: Record
    output: Optional[Record]
    warnings: List[Record]
    # verdict.verdict: "usable" | "usable_with_warnings" | "refuse";
    # verdict.reasons: [{code, message, blocks}]
    verdict: Optional[Record]
    def plot_svg(self, width: int = 1200) -> str: ...
    def save_plot(self, path: PathLike, width: int = 1200, overwrite: bool = False) -> None: ...
    def review_html(self) -> str: ...
    def save_review(self, path: PathLike, overwrite: bool = False) -> None: ...
    def _repr_html_(self) -> str: ...

class Sample:
    """A prepared sample: the encoded bytes and the report."""
    @property
    def data(self) -> bytes: ...
    @property
    def format(self) -> str: ...
    @property
    def report(self) -> Report: ...
    @property
    def duration_seconds(self) -> float: ...
    def save(self, path: PathLike, overwrite: bool = False) -> None: ...
    def plot_svg(self, width: int = 1200) -> str: ...
    def save_plot(self, path: PathLike, width: int = 1200, overwrite: bool = False) -> None: ...
    def __len__(self) -> int: ...
    def __bytes__(self) -> bytes: ...

class Voiceprint:
    """A voice as numbers (never audio): computed, compared, kept and read back."""
    def __init__(self, array: Any) -> None: ...
    def to_array(self) -> np.ndarray: ...
    def to_json(self) -> str: ...
    @property
    def speech_seconds(self) -> float: ...
    @property
    def mean(self) -> np.ndarray: ...
    @property
    def spread(self) -> np.ndarray: ...
    @property
    def piece_spread(self) -> np.ndarray: ...
    @property
    def cepstrum_mean(self) -> np.ndarray: ...
    @property
    def cepstrum_spread(self) -> np.ndarray: ...
    @property
    def delta_spread(self) -> np.ndarray: ...
    @property
    def pitch_histogram(self) -> np.ndarray: ...
    @property
    def version(self) -> int: ...
    def similarity(self, other: Voiceprint) -> float: ...
    def pooled(self, other: Voiceprint) -> Voiceprint: ...

Like = Union[Voiceprint, PathLike]

def voiceprint(source: Source, *, speaker: Optional[int] = None, min_speech_seconds: Optional[float] = None,
               read_seconds: Optional[float] = None, sample_rate: Optional[int] = None, name: Optional[str] = None,
               progress: Optional[ProgressCallback] = None,
               log: Optional[LogCallback] = None) -> Voiceprint:
    """The voiceprint of a recording's main voice (or of the N-th speaker)."""

def voiceprint_from_json(text: str) -> Voiceprint: ...

def prepare(source: Source, *, format: str = "wav", min_seconds: Optional[float] = None,
            max_seconds: Optional[float] = None, loudness: Optional[float] = None,
            true_peak: Optional[float] = None, start: Optional[Time] = None,
            end: Optional[Time] = None, keep_pauses: Optional[bool] = None,
            speaker: Optional[int] = None, speaker_at: Optional[Time] = None,
            allow_music: Optional[bool] = None, stream: Optional[Union[int, str]] = None,
            mp3_bitrate: Optional[int] = None,
            threads: Optional[int] = None, sample_rate: Optional[int] = None,
            name: Optional[str] = None, progress: Optional[ProgressCallback] = None,
            log: Optional[LogCallback] = None, like: Optional[Like] = None) -> Sample:
    """Prepares a clone-ready sample from a path, encoded bytes or numpy PCM."""

def check(source: Source, *, min_seconds: Optional[float] = None,
          max_seconds: Optional[float] = None, start: Optional[Time] = None,
          end: Optional[Time] = None, keep_pauses: Optional[bool] = None,
          speaker: Optional[int] = None, speaker_at: Optional[Time] = None,
          allow_music: Optional[bool] = None, stream: Optional[Union[int, str]] = None,
          threads: Optional[int] = None,
          sample_rate: Optional[int] = None, name: Optional[str] = None,
          progress: Optional[ProgressCallback] = None,
          log: Optional[LogCallback] = None, like: Optional[Like] = None) -> Report:
    """Analyses without encoding: what prepare() would keep."""

def warning_codes() -> List[str]: ...
def supported_languages() -> List[str]: ...

class CloneResult:
    voice_id: str
    log_id: str
    attempts: int

class Voice:
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

class Speech:
    data: bytes
    content_type: str
    log_id: str
    def save(self, path: PathLike, overwrite: bool = False) -> None: ...

class Client:
    """The voice-clone service's API."""
    def __init__(self, token: Optional[str] = None, base_url: Optional[str] = None, *,
                 timeout: float = 300.0, connect_timeout: float = 10.0, max_attempts: int = 3,
                 retry_delay: float = 1.0) -> None: ...
    @property
    def base_url(self) -> str: ...
    def clone(self, sample: Union[Sample, bytes], name: str, *, format: Optional[str] = None,
              language: Optional[str] = None, text: Optional[str] = None,
              preview_text: Optional[str] = None, voice_id: Optional[str] = None,
              space_id: Optional[str] = None, description: Optional[str] = None,
              progress: Optional[ProgressCallback] = None, force: bool = False) -> CloneResult: ...
    def list_voices(self, *, include_system_voices: bool = False,
                    model_type: Optional[str] = None, state: str = "cloned",
                    page_size: int = 100) -> List[Voice]: ...
    def speak(self, text: str, voice_id: str, *, format: str = "mp3",
              speed: Optional[float] = None, sample_rate: Optional[int] = None) -> Speech: ...
