// The review page's sound (review/excerpts.hpp): which stretches of the input to embed, reading
// them back in one streaming decode, and the MP3s.
#include "review/excerpts.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "decode/stream.hpp"
#include "select/assemble.hpp"
#include "voxclone/decode.hpp"

namespace voxclone::detail {
namespace {

constexpr int kVoiceBitrate = 48000;     // a voice's timbre is what the listener judges
constexpr int kTimelineBitrate = 32000;  // the lowest MP3 rate at 24 kHz a voice survives
constexpr double kLeftOutSeconds = 4.0;  // of each left-out stretch embedded (its middle)
constexpr std::size_t kLeftOutClips = 24;
constexpr double kSceneSeconds = 5.0;
constexpr double kWindowSeconds = 40.0;          // of the kept window's input span
constexpr double kVoicesShare = 0.4;             // of the excerpt budget the voices may take
constexpr std::size_t kSampleBytes = 1'000'000;  // the sample player's MP3 at most

double duration_of(const PrepReport& r) {
  double d = r.input.duration_seconds;
  if (d <= 0 && r.content && !r.content->timeline.empty())
    d = r.content->timeline.back().end_seconds;
  return std::max(d, 0.0);
}

// How much a content block counts towards voice `speaker`'s clearest seconds: its own clean
// speech by its quality; its speech over music barely; a pause nothing; anything else against.
double block_score(const ContentAnalysis& c, std::size_t i, int speaker) {
  const bool own = i < c.block_speakers.size() && c.block_speakers[i] == speaker;
  const double quality = i < c.block_quality.size() ? c.block_quality[i] : 0.5;
  switch (c.blocks[i]) {
    case ContentKind::speech:
      return own ? 0.2 + quality : -1.0;
    case ContentKind::speech_over_music:
      return own ? 0.05 : -1.0;
    case ContentKind::silence:
      return -0.05;
    case ContentKind::music:
    case ContentKind::other:
      return -1.0;
  }
  return -1.0;
}

// Clips that overlap or nearly touch (same role) become one, so no second of input is
// embedded twice.
void merge_timeline_clips(std::vector<Clip>& clips) {
  std::sort(clips.begin(), clips.end(),
            [](const Clip& a, const Clip& b) { return a.start_seconds < b.start_seconds; });
  std::vector<Clip> out;
  for (Clip& c : clips) {
    if (!out.empty() && c.start_seconds <= out.back().end_seconds + 0.5) {
      out.back().end_seconds = std::max(out.back().end_seconds, c.end_seconds);
      if (c.role == ClipRole::window) out.back().role = ClipRole::window;
      continue;
    }
    out.push_back(std::move(c));
  }
  clips = std::move(out);
}

double seconds_of(const std::vector<Clip>& clips) {
  double s = 0;
  for (const Clip& c : clips) s += c.end_seconds - c.start_seconds;
  return s;
}

bool covered(const std::vector<Clip>& clips, double a, double b) {
  return std::any_of(clips.begin(), clips.end(), [&](const Clip& c) {
    return c.start_seconds < b + 0.5 && c.end_seconds > a - 0.5;
  });
}

// The timeline's clips of an input longer than whole_input_seconds, within `budget` seconds.
std::vector<Clip> timeline_excerpts(const PrepReport& r, const std::vector<LeftOut>& left,
                                    double duration, double budget) {
  std::vector<Clip> clips;
  auto take = [&](double a, double b, ClipRole role) {
    a = std::clamp(a, 0.0, duration);
    b = std::clamp(b, 0.0, duration);
    if (b - a < 0.2 || seconds_of(clips) + (b - a) > budget) return;
    clips.push_back({a, b, role, 0, {}, {}});
  };
  // Shares of the budget, so a small one still reaches the whole input: the kept window's start
  // at most a quarter, the left-out stretches at most a third, scenes the rest.
  if (r.selection && !r.selection->pieces.empty())
    take(r.selection->start_seconds,
         std::min(r.selection->end_seconds,
                  r.selection->start_seconds + std::min(kWindowSeconds, budget / 4)),
         ClipRole::window);
  const double left_out_until = seconds_of(clips) + budget / 3;
  // The longest left-out stretches: what a listener most wants to check.
  std::vector<LeftOut> longest = left;
  std::sort(longest.begin(), longest.end(), [](const LeftOut& a, const LeftOut& b) {
    return a.end_seconds - a.start_seconds > b.end_seconds - b.start_seconds;
  });
  std::size_t n = 0;
  for (const LeftOut& l : longest) {
    if (n == kLeftOutClips) break;
    if (l.reason == LeftOutReason::pause_shortened ||
        covered(clips, l.start_seconds, l.end_seconds))
      continue;
    const double mid = 0.5 * (l.start_seconds + l.end_seconds);
    const double half = std::min(kLeftOutSeconds, l.end_seconds - l.start_seconds) / 2;
    if (seconds_of(clips) + 2 * half > left_out_until) break;
    take(mid - half, mid + half, ClipRole::left_out);
    ++n;
  }
  // Scenes evenly over the rest, so a click anywhere lands near one.
  const double left_budget = budget - seconds_of(clips);
  const auto scenes = static_cast<std::size_t>(std::max(0.0, left_budget / kSceneSeconds));
  for (std::size_t k = 0; k < scenes; ++k) {
    const double mid = (static_cast<double>(k) + 0.5) * duration / static_cast<double>(scenes);
    if (covered(clips, mid - kSceneSeconds / 2, mid + kSceneSeconds / 2)) continue;
    take(mid - kSceneSeconds / 2, mid + kSceneSeconds / 2, ClipRole::scene);
  }
  merge_timeline_clips(clips);
  return clips;
}

// Samples [a, b) of the input for a time range, rounded as assemble_from rounds the pieces.
std::pair<std::size_t, std::size_t> sample_range(double start, double end) {
  return {static_cast<std::size_t>(std::lround(std::max(0.0, start) * kSampleRate)),
          static_cast<std::size_t>(std::lround(std::max(0.0, end) * kSampleRate))};
}

// Where the decoded chunks go: every range that wants samples of the current position.
struct Wanted {
  std::size_t a = 0, b = 0;
  std::vector<float>* out = nullptr;
};

Result<std::vector<std::byte>> to_mp3(std::vector<float> samples, int bitrate) {
  Audio a;
  a.samples = std::move(samples);
  auto e = encode(a, SampleFormat::mp3, {.mp3_bitrate = bitrate});
  if (!e) return std::unexpected(e.error());
  return std::move(e->bytes);
}

// The highest bitrate at which `seconds` of MP3 stay under the sample player's byte budget.
int preview_bitrate(double seconds) {
  for (int kbps : {64, 48, 40, 32})
    if (seconds * kbps * 1000 / 8 <= static_cast<double>(kSampleBytes)) return kbps * 1000;
  return 32000;
}

Result<SamplePreview> encode_preview(Audio audio) {
  SamplePreview p;
  p.seconds = audio.duration_seconds();
  const int bitrate = preview_bitrate(p.seconds);
  // Past the budget even at 32 kb/s (a sample of several minutes): its beginning only.
  const auto max_samples =
      static_cast<std::size_t>(static_cast<double>(kSampleBytes) * 8 / bitrate * kSampleRate);
  if (audio.samples.size() > max_samples) audio.samples.resize(max_samples);
  p.preview_seconds = audio.duration_seconds();
  auto mp3 = to_mp3(std::move(audio.samples), bitrate);
  if (!mp3) return std::unexpected(mp3.error());
  p.mp3 = std::move(*mp3);
  return p;
}

}  // namespace

std::optional<Piece> clearest_seconds(const ContentAnalysis& c, int speaker, double seconds) {
  const std::size_t n = c.blocks.size();
  if (n == 0 || c.block_seconds <= 0) return std::nullopt;
  const auto width = std::clamp<std::size_t>(
      static_cast<std::size_t>(std::lround(seconds / c.block_seconds)), 1, n);
  // A sliding sum over `width` blocks; the best window must hold some of the voice's own speech.
  std::vector<double> score(n);
  std::vector<int> own(n);
  for (std::size_t i = 0; i < n; ++i) {
    score[i] = block_score(c, i, speaker);
    own[i] = c.blocks[i] == ContentKind::speech && i < c.block_speakers.size() &&
             c.block_speakers[i] == speaker;
  }
  double sum = 0;
  int owned = 0;
  double best = -1e30;
  std::optional<std::size_t> best_at;
  for (std::size_t i = 0; i < n; ++i) {
    sum += score[i];
    owned += own[i];
    if (i >= width) {
      sum -= score[i - width];
      owned -= own[i - width];
    }
    if (i + 1 >= width && owned > 0 && sum > best) {
      best = sum;
      best_at = i + 1 - width;
    }
  }
  if (!best_at) return std::nullopt;
  const double a = static_cast<double>(*best_at) * c.block_seconds;
  return Piece{a, a + static_cast<double>(width) * c.block_seconds};
}

std::size_t sample_page_bytes(const EncodedSample* sample, double rebuilt_seconds) {
  double bytes = 0;
  if (sample != nullptr && sample->format == SampleFormat::mp3 &&
      sample->bytes.size() <= kSampleBytes)
    bytes = static_cast<double>(sample->bytes.size());
  else {
    const double seconds = sample != nullptr ? sample->duration_seconds : rebuilt_seconds;
    bytes = std::min(static_cast<double>(kSampleBytes), seconds * preview_bitrate(seconds) / 8.0);
  }
  return static_cast<std::size_t>(bytes * 4 / 3) + 64;
}

std::vector<Clip> plan_clips(const PrepReport& r, const std::vector<LeftOut>& left,
                             const ReviewOptions& o, double budget_seconds) {
  const double duration = duration_of(r);
  std::vector<Clip> clips;
  if (duration <= 0) return clips;
  double voice_seconds = 0;
  if (r.content && !r.content->speakers.empty()) {
    const double voices = static_cast<double>(r.content->speakers.size());
    const double each =
        std::max(2.0, std::min(o.voice_excerpt_seconds, kVoicesShare * budget_seconds / voices));
    for (const Speaker& s : r.content->speakers) {
      auto at = clearest_seconds(*r.content, s.rank, each);
      const Piece p = at ? *at : Piece{s.first_seconds, s.first_seconds + each};
      Clip c{std::max(0.0, p.start_seconds),
             std::min(duration, p.end_seconds),
             ClipRole::voice,
             s.rank,
             {},
             {}};
      if (c.end_seconds - c.start_seconds < 0.2) continue;
      voice_seconds += c.end_seconds - c.start_seconds;
      clips.push_back(std::move(c));
    }
  }
  if (duration <= o.whole_input_seconds && duration + voice_seconds <= budget_seconds) {
    clips.push_back({0.0, duration, ClipRole::whole_input, 0, {}, {}});
    return clips;
  }
  auto rest = timeline_excerpts(r, left, duration, std::max(0.0, budget_seconds - voice_seconds));
  for (Clip& c : rest) clips.push_back(std::move(c));
  return clips;
}

Result<void> read_clips(const InputSource& source, const PrepReport& r, std::vector<Clip>& clips,
                        Audio* kept, const Callbacks& cb) {
  if (source.kind() == InputSource::Kind::standard_input)
    return fail(ErrorCategory::invalid_argument,
                "the review page reads the input a second time for its excerpts, and standard "
                "input can be read only once: save it to a file and review that");
  std::vector<Wanted> wanted;
  for (Clip& c : clips) {
    const auto [a, b] = sample_range(c.start_seconds, c.end_seconds);
    c.samples.reserve(b - a);
    wanted.push_back({a, b, &c.samples});
  }
  std::vector<std::vector<float>> pieces;
  std::vector<std::size_t> piece_starts;  // each piece's first sample, as assemble_from asks for it
  if (kept && r.selection) {
    pieces.resize(r.selection->pieces.size());
    for (std::size_t i = 0; i < pieces.size(); ++i) {
      const auto [a, b] =
          sample_range(r.selection->pieces[i].start_seconds, r.selection->pieces[i].end_seconds);
      piece_starts.push_back(a);
      wanted.push_back({a, b, &pieces[i]});
    }
  }
  std::size_t at = 0;
  auto sink = [&](std::span<const float> chunk) -> Result<void> {
    const std::size_t end = at + chunk.size();
    for (const Wanted& w : wanted) {
      const std::size_t a = std::max(w.a, at), b = std::min(w.b, end);
      if (a < b)
        w.out->insert(w.out->end(), chunk.begin() + static_cast<std::ptrdiff_t>(a - at),
                      chunk.begin() + static_cast<std::ptrdiff_t>(b - at));
    }
    at = end;
    return {};
  };
  const StreamSpecifier stream{.index = r.input.stream_index};
  auto d = decode_streaming(source, cb, sink, false, nullptr, stream);
  if (!d) return std::unexpected(d.error());
  if (kept && r.selection) {
    auto read = [&](std::size_t start, std::size_t count, std::vector<float>& out) -> Result<void> {
      // assemble_from asks for each piece from the sample it starts at, rounded as above.
      const auto at_piece = std::find(piece_starts.begin(), piece_starts.end(), start);
      if (at_piece == piece_starts.end())
        return fail(ErrorCategory::internal, "review: a kept piece was not read back");
      const std::vector<float>& p =
          pieces[static_cast<std::size_t>(at_piece - piece_starts.begin())];
      out.insert(out.end(), p.begin(),
                 p.begin() + static_cast<std::ptrdiff_t>(std::min(count, p.size())));
      return {};
    };
    auto a = assemble_from(at, kSampleRate, *r.selection, read);
    if (!a) return std::unexpected(a.error());
    *kept = std::move(*a);
  }
  // A clip past the end of what decoded (a report from a longer read) keeps what there was.
  std::erase_if(clips, [](const Clip& c) { return c.samples.size() < kSampleRate / 5; });
  for (Clip& c : clips)
    c.end_seconds = c.start_seconds + static_cast<double>(c.samples.size()) / kSampleRate;
  return {};
}

Result<void> encode_clips(std::vector<Clip>& clips) {
  for (Clip& c : clips) {
    auto mp3 =
        to_mp3(std::move(c.samples), c.role == ClipRole::voice ? kVoiceBitrate : kTimelineBitrate);
    c.samples = {};
    if (!mp3) return std::unexpected(mp3.error());
    c.mp3 = std::move(*mp3);
  }
  return {};
}

Result<SamplePreview> sample_preview(const EncodedSample& sample) {
  if (sample.format == SampleFormat::mp3 && sample.bytes.size() <= kSampleBytes) {
    SamplePreview p;
    p.mp3 = sample.bytes;
    p.seconds = p.preview_seconds = sample.duration_seconds;
    p.exact_bytes = true;
    return p;
  }
  const InputSource src = sample.format == SampleFormat::pcm
                              ? InputSource::pcm(sample.bytes, sample.sample_rate, sample.channels,
                                                 PcmFormat::s16, "sample")
                              : InputSource::memory(sample.bytes, "sample");
  auto d = decode(src);
  if (!d) return std::unexpected(d.error());
  return encode_preview(std::move(d->audio));
}

Result<SamplePreview> sample_preview(Audio kept, const ReviewOptions& o) {
  if (kept.samples.empty()) return fail(ErrorCategory::internal, "review: no kept audio to play");
  NormaliseOptions n;
  n.target_lufs = o.target_lufs;
  n.ceiling_dbtp = o.ceiling_dbtp;
  n.threads = 1;
  auto done = normalise(kept, n, o.callbacks);
  if (!done) return std::unexpected(done.error());
  auto p = encode_preview(std::move(kept));
  if (!p) return p;
  p->normalised = *done;
  return p;
}

}  // namespace voxclone::detail
