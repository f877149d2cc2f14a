"""The voiceprint: a voice as numbers (voxclone/voiceprint.hpp), with numpy arrays in and out."""

from __future__ import annotations

from typing import Any

import numpy as np

from . import _voxclone
from .errors import InvalidArgumentTypeError

#: similarity() at or above this: one person (the library's kSamePersonScore).
SAME_PERSON_SCORE: float = float(_voxclone.same_person_score)
_DIMS = 13  # MFCC c1..c12 and log2 pitch
_CEPSTRA = 19  # format 2: MFCC c1..c19 of the voiceprint's own 24 mel bands
_PITCH_BINS = 68  # format 2: voiced frames per 1/24 octave of pitch from 60 Hz
_SIZE1 = 3 + 3 * _DIMS  # the numbers of a format-1 voiceprint
_SIZE = _SIZE1 + 3 * _CEPSTRA + _PITCH_BINS


class Voiceprint:
    """A speaker's statistics: numbers only, never audio. Made by :func:`voxclone.voiceprint`
    (from any recording), compared with :meth:`similarity`, kept with :meth:`to_json` or
    :meth:`to_array` and read back with :func:`voxclone.voiceprint_from_json` or
    ``Voiceprint(array)``."""

    __slots__ = ("_numbers",)

    def __init__(self, array: Any) -> None:
        """From :meth:`to_array`'s 167 numbers (a numpy array or any sequence), or a format-1
        voiceprint's first 42 (an older voxclone's: compared by those numbers alone), checked by the
        library: a NaN, a negative count or spread, or another length raises InvalidArgumentError."""
        numbers = [float(x) for x in np.asarray(array, dtype=np.float64).ravel()]
        _voxclone.voiceprint_to_json(numbers)  # the library's checks
        if len(numbers) == _SIZE1:
            numbers += [0.0] * (_SIZE - _SIZE1)  # as the library holds a format-1 voiceprint
        self._numbers = numbers

    def to_array(self) -> np.ndarray:
        """The 167 numbers as a float64 array: voiced_frames, pieces, speech_seconds, then mean,
        spread and piece_spread (13 each), then (format 2; zeros in a format-1 voiceprint)
        cepstrum_mean, cepstrum_spread and delta_spread (19 each) and pitch_histogram (68)."""
        return np.array(self._numbers, dtype=np.float64)

    def to_json(self) -> str:
        """Versioned JSON text, numbers only."""
        return _voxclone.voiceprint_to_json(self._numbers)

    @property
    def speech_seconds(self) -> float:
        """Speech the statistics were measured on."""
        return self._numbers[2]

    @property
    def mean(self) -> np.ndarray:
        """Mean of the voiced frames' MFCC c1..c12 and log2 pitch (13 numbers)."""
        return np.array(self._numbers[3:3 + _DIMS])

    @property
    def spread(self) -> np.ndarray:
        """Their standard deviation over the voiced frames."""
        return np.array(self._numbers[3 + _DIMS:3 + 2 * _DIMS])

    @property
    def piece_spread(self) -> np.ndarray:
        """Their mean standard deviation inside 2 s pieces."""
        return np.array(self._numbers[3 + 2 * _DIMS:3 + 3 * _DIMS])

    @property
    def cepstrum_mean(self) -> np.ndarray:
        """Format 2: mean of the voiced frames' MFCC c1..c19 of 24 mel bands, 100-3800 Hz (19
        numbers; zeros in a format-1 voiceprint)."""
        return np.array(self._numbers[_SIZE1:_SIZE1 + _CEPSTRA])

    @property
    def cepstrum_spread(self) -> np.ndarray:
        """Format 2: their standard deviation over the voiced frames."""
        return np.array(self._numbers[_SIZE1 + _CEPSTRA:_SIZE1 + 2 * _CEPSTRA])

    @property
    def delta_spread(self) -> np.ndarray:
        """Format 2: the root mean square of their change from frame to frame."""
        return np.array(self._numbers[_SIZE1 + 2 * _CEPSTRA:_SIZE1 + 3 * _CEPSTRA])

    @property
    def pitch_histogram(self) -> np.ndarray:
        """Format 2: voiced frames per 1/24 octave of pitch from 60 Hz (68 bins)."""
        return np.array(self._numbers[_SIZE1 + 3 * _CEPSTRA:])

    @property
    def version(self) -> int:
        """The voiceprint's format: 2, or 1 for an older voxclone's (no format-2 numbers)."""
        return 2 if any(self._numbers[_SIZE1 + 3 * _CEPSTRA:]) else 1

    def similarity(self, other: "Voiceprint") -> float:
        """How alike the two voices sound, 0-1; SAME_PERSON_SCORE and up: one person."""
        if not isinstance(other, Voiceprint):
            raise InvalidArgumentTypeError(f"other={other!r}: expected a Voiceprint", "invalid_argument")
        return float(_voxclone.voiceprint_similarity(self._numbers, other._numbers))

    def pooled(self, other: "Voiceprint") -> "Voiceprint":
        """One person's two voiceprints as if measured on both recordings at once."""
        if not isinstance(other, Voiceprint):
            raise InvalidArgumentTypeError(f"other={other!r}: expected a Voiceprint", "invalid_argument")
        return Voiceprint(_voxclone.voiceprint_pooled(self._numbers, other._numbers))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Voiceprint) and self._numbers == other._numbers

    def __hash__(self) -> int:
        return hash(tuple(self._numbers))

    def __repr__(self) -> str:
        return f"<voxclone.Voiceprint {self.speech_seconds:.1f} s of speech>"


def voiceprint_from_json(text: str) -> Voiceprint:
    """A voiceprint from :meth:`Voiceprint.to_json`'s text; a later version or damaged text
    raises InvalidArgumentError."""
    if not isinstance(text, str):
        raise InvalidArgumentTypeError(f"text={text!r}: expected a string", "invalid_argument")
    return Voiceprint(_voxclone.voiceprint_from_json(text))
