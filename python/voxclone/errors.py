"""Exceptions raised by voxclone, one class per category of the C++ library's ErrorCategory.

Every exception is a :class:`VoxcloneError` with ``category`` (the library's stable name, e.g.
``"too_little_speech"``) and ``message``. Failures talking to the service are
:class:`ServiceError` subclasses and also carry ``code`` (the service's ``code``, or ``None``),
``http_status``, ``log_id``, ``attempts`` and ``may_have_been_billed``.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional


class VoxcloneError(Exception):
    """Base class of every error voxclone raises."""

    category: str = "internal"
    #: From :func:`voxclone.check`: the report as far as the analysis got (the content
    #: timeline, the voices, the speech found), which says why the recording would not do.
    report: Optional[Any] = None

    def __init__(self, message: str, category: Optional[str] = None) -> None:
        super().__init__(message)
        self.message = message
        if category is not None:
            self.category = category


class InvalidArgumentError(VoxcloneError, ValueError):
    """An option or request field breaks a rule (caught before any work)."""
    category = "invalid_argument"


class InvalidArgumentTypeError(InvalidArgumentError, TypeError):
    """An option of the wrong type ("min_seconds='ten': expected a number"): both the library's
    InvalidArgumentError and Python's TypeError, so either ``except`` catches it."""


class InputNotFoundError(VoxcloneError):
    """The input path does not exist."""
    category = "input_not_found"


class InputUnreadableError(VoxcloneError):
    """The input exists but cannot be read (permissions, a folder, an empty file)."""
    category = "input_unreadable"


class NotAudioError(VoxcloneError):
    """FFmpeg cannot read the bytes as any audio or video container."""
    category = "not_audio"


class NoAudioStreamError(VoxcloneError):
    """A readable container with no audio stream (a picture, a silent video)."""
    category = "no_audio_stream"


class DecodeFailedError(VoxcloneError):
    """An audio stream that cannot be decoded."""
    category = "decode_failed"


class NoSpeechError(VoxcloneError):
    """The recording holds no speech (silence, room tone, music only)."""
    category = "no_speech"


class TooLittleSpeechError(VoxcloneError):
    """Speech found, but less than the sample needs."""
    category = "too_little_speech"


class OutputFailedError(VoxcloneError):
    """The output could not be written (exists, permissions, disk full)."""
    category = "output_failed"


class SampleInvalidError(VoxcloneError):
    """The encoded sample breaks the clone endpoint's rules."""
    category = "sample_invalid"


class BadVoiceError(VoxcloneError):
    """The sample's verdict refuses it (music or other voices under the kept speech, heavy
    noise, clipping): nothing was sent. ``codes`` lists the blocking warning codes;
    ``Client.clone(..., force=True)`` uploads it anyway."""
    category = "bad_voice"
    codes: List[str] = []


class NoMatchingVoiceError(VoxcloneError):
    """No voice of the input sounds like the example (``like=``); the message says how close the
    best one came."""
    category = "no_matching_voice"


class CancelledError(VoxcloneError):
    """The work was cancelled."""
    category = "cancelled"


class InternalError(VoxcloneError):
    """A library call failed where it should not (a bug or out of memory)."""
    category = "internal"


class ServiceError(VoxcloneError):
    """The service could not be reached or answered with an error."""

    def __init__(self, message: str, category: Optional[str] = None, *, code: Optional[int] = None,
                 http_status: int = 0, log_id: str = "", service_message: str = "",
                 transport_error: str = "", attempts: int = 0,
                 may_have_been_billed: bool = False) -> None:
        super().__init__(message, category)
        self.code = code
        self.http_status = http_status
        self.log_id = log_id
        self.service_message = service_message
        self.transport_error = transport_error
        self.attempts = attempts
        self.may_have_been_billed = may_have_been_billed


class NetworkError(ServiceError):
    """The service could not be reached; the request provably never arrived."""
    category = "network"


class AuthError(ServiceError):
    """The service refused the token (4100) or its permissions (4101)."""
    category = "auth"


class RejectedError(ServiceError):
    """The service answered with an error."""
    category = "rejected"


class OutcomeUnknownError(ServiceError):
    """The request may have reached the service but no clear answer came back: a clone may be
    billed. List the voices before trying again."""
    category = "outcome_unknown"


class BadResponseError(ServiceError):
    """The answer was not what the contract says."""
    category = "bad_response"


_BY_CATEGORY = {c.category: c for c in (
    InvalidArgumentError, InputNotFoundError, InputUnreadableError, NotAudioError,
    NoAudioStreamError, DecodeFailedError, NoSpeechError, TooLittleSpeechError, OutputFailedError,
    SampleInvalidError, BadVoiceError, NoMatchingVoiceError, CancelledError, InternalError, NetworkError, AuthError,
    RejectedError, OutcomeUnknownError, BadResponseError)}


def _from_library(category: str, message: str,
                  service: Optional[Dict[str, Any]] = None) -> VoxcloneError:
    """Builds the exception for a library error (called by the extension module)."""
    cls = _BY_CATEGORY.get(category, InternalError)
    if service is not None and issubclass(cls, ServiceError):
        return cls(message, category, **service)
    err = cls(message, category)
    if service is not None:  # e.g. a field the client refused before sending: no request went out
        for key, value in service.items():
            setattr(err, key, value)
    return err
