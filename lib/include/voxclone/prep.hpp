// voxclone/prep.hpp — the whole pipeline: any recording in, a compliant sample out.
//
//   voxclone::PrepOptions opts;
//   opts.format = voxclone::SampleFormat::mp3;
//   auto r = voxclone::prepare(voxclone::InputSource::file("talk.m4a"), opts);
//   if (!r) { std::cerr << r.error().message << '\n'; return; }
//   voxclone::write_file_atomically("me.mp3", r->sample.bytes);
//
// decode → convert → analyse → select → normalise → encode → validate.
#pragma once

#include <future>

#include "voxclone/analyse.hpp"
#include "voxclone/encode.hpp"
#include "voxclone/error.hpp"
#include "voxclone/log.hpp"
#include "voxclone/normalise.hpp"
#include "voxclone/report.hpp"
#include "voxclone/select.hpp"
#include "voxclone/source.hpp"
#include "voxclone/voiceprint.hpp"

namespace voxclone {

struct PrepOptions {
  SampleFormat format = SampleFormat::wav;
  SelectOptions select;
  NormaliseOptions normalise;
  VadOptions vad;
  EncodeOptions encode;
  Callbacks callbacks;
  /// Threads this prepare may use; 0 uses every core. With more than one, decoding runs
  /// alongside conversion and analysis, and loudness and true peak are measured at once. 1 keeps
  /// all work on the calling thread: for callers that already run one prepare per core (as
  /// `voxclone prep -j` does with several inputs). The result is the same either way.
  unsigned threads = 0;
  /// The audio stream to use, by FFmpeg's index (as ffprobe and the report's
  /// `input.stream_index` number them); -1 chooses the best one (av_find_best_stream).
  int stream_index = -1;
  /// Or the N-th audio stream, from 0 (`a:N`, as `ffmpeg -map 0:a:N`); -1: not given. Give at
  /// most one of the two (parse_stream_specifier reads "2", "a:1" or "0:a:1" into them).
  /// With neither, when the best stream holds no usable speech (no_speech, too_little_speech)
  /// the file's other audio streams are analysed too and the one with the most speech is used,
  /// with the warning `stream_chosen_for_speech` (not for standard input, which cannot be
  /// read twice: its error lists the other streams instead).
  int audio_stream = -1;
  /// Keep the voice that sounds like this one (the wanted person's voiceprint: voiceprint_of()
  /// a voice note of theirs, or one kept after a clone); chooses the speaker in place of
  /// select.speaker and select.speaker_at_seconds. When no voice scores like_min_score or more
  /// (or the closest scores under 0.8 and not clearly more than the next: kLikeMatchScore; or
  /// the next also scores 0.8 and about as much: a tie), the input is refused
  /// (no_matching_voice) with the best score in the message. The scores are in PrepReport::match.
  std::optional<Voiceprint> like;
  /// Or the example still being measured, in place of `like` (voiceprint_of_async(), or any
  /// future of the caller's): prepare() and check() decode and analyse the input meanwhile and
  /// wait for it only where the voice is chosen, so that on a second core the example costs no
  /// wall time. The result is the same as with `like` set to its voiceprint. When it fails,
  /// they fail with its error unchanged (not the input's, nor named after the input), as when
  /// the example was measured first; the input's work stops as soon as they see it fail.
  std::shared_future<Result<Voiceprint>> like_measuring;
  double like_min_score = kLikeMatchScore;
  std::string like_name = "the example";  ///< how messages name the example ("me.m4a")
};

struct PrepResult {
  EncodedSample sample;
  PrepReport report;
};

/// Runs every stage and returns the encoded sample (not yet written anywhere) and its report.
Result<PrepResult> prepare(const InputSource& source, const PrepOptions& options = {});

/// Analyses without encoding: what `prepare` would keep and why a file would not do.
/// Unsuitable recordings (no speech, too little) come back as an error, with `report` filled
/// as far as the analysis got when the caller passes one.
Result<PrepReport> check(const InputSource& source, const PrepOptions& options = {},
                         PrepReport* partial_report = nullptr);

/// Checks an options struct before any work: ranges and consistency.
Result<void> validate_options(const PrepOptions& options);

}  // namespace voxclone
