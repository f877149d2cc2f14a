// One sample from several recordings of one person: each input is checked alone (check(): the
// same analysis and cutting rules, its window kept), the voices are compared by voiceprint, and
// the accepted inputs' windows are brought to the target loudness by a gain each, joined with
// short gaps, and normalised (limited), encoded and validated once, as one window is by
// prepare(). Nothing is normalised, encoded and decoded again per input.
#include "voxclone/combine.hpp"

#include <algorithm>
#include <cmath>
#include <future>
#include <optional>
#include <span>
#include <utility>

#include <fmt/format.h>

#include "core/log.hpp"
#include "core/words.hpp"
#include "ffmpeg/log_bridge.hpp"
#include "normalise/normalise_into.hpp"
#include "prep/checked_window.hpp"
#include "prep/example.hpp"
#include "prep/input_name.hpp"
#include "prep/streams_tried.hpp"
#include "prep/tune_for_encoder.hpp"
#include "prep/whole_measure.hpp"
#include "select/voice.hpp"
#include "voxclone/validate.hpp"

namespace voxclone {
namespace {

// The input whose voice is most like all the others' (the largest median score): with two,
// the first.
std::size_t most_like_the_others(const std::vector<std::vector<double>>& s) {
  std::size_t best = 0;
  double best_median = -1;
  for (std::size_t i = 0; i < s.size(); ++i) {
    std::vector<double> others;
    for (std::size_t j = 0; j < s.size(); ++j)
      if (j != i) others.push_back(s[i][j]);
    std::sort(others.begin(), others.end());
    const double median = others.empty() ? 0.0 : others[others.size() / 2];
    if (median > best_median + 1e-12) best_median = median, best = i;
  }
  return best;
}

// Input i's score against the group's members (other than itself): the lower median of its
// scores against them, so that against two it must sound like both, and against many like
// most of them.
double against_group(const std::vector<std::vector<double>>& s, std::size_t i, const std::vector<bool>& member) {
  std::vector<double> v;
  for (std::size_t j = 0; j < s.size(); ++j)
    if (member[j] && j != i) v.push_back(s[i][j]);
  if (v.empty()) return 1.0;
  std::sort(v.begin(), v.end());
  return v[(v.size() - 1) / 2];
}

// The inputs that hold the person, and every input's score against them. The two inputs whose
// voices are most alike start the group when they score `min_score` (one person); then the
// input that scores highest against every member so far (against_group) joins, while it scores
// `min_score` too. An input is so judged against all the voices the group holds, not against
// one file that may itself be the stranger: among two notes of one person and one of someone
// else, the stranger was the reference when it happened to sound most like the one note
// (tests/realvoice/README.md, session 15). A member's score is the one it joined with; an input
// left out is scored against the whole group. With no two inputs alike, the input most like
// the others is the group alone (scored 1), as the reference was before.
struct Group {
  std::vector<bool> member;
  std::vector<double> score;
};

Group group_of(const std::vector<std::vector<double>>& s, double min_score) {
  const std::size_t n = s.size();
  Group g{std::vector<bool>(n, false), std::vector<double>(n, 1.0)};
  std::size_t a = 0, b = 0;
  double best = -1;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i + 1; j < n; ++j)
      if (s[i][j] > best + 1e-12) best = s[i][j], a = i, b = j;
  if (best >= min_score) {
    g.member[a] = g.member[b] = true;
    g.score[a] = g.score[b] = best;
    for (;;) {
      std::size_t next = n;
      double next_score = -1;
      for (std::size_t k = 0; k < n; ++k)
        if (!g.member[k])
          if (const double x = against_group(s, k, g.member); x > next_score + 1e-12) next_score = x, next = k;
      if (next == n || next_score < min_score) break;
      g.member[next] = true;
      g.score[next] = next_score;
    }
  } else {
    g.member[most_like_the_others(s)] = true;
  }
  for (std::size_t k = 0; k < n; ++k)
    if (!g.member[k]) g.score[k] = against_group(s, k, g.member);
  return g;
}

// The group's members by name, for the refusal: "'a.m4a'", "'a.m4a' and 'b.ogg'", "'a', 'b' and 'c'".
std::string names_of(const std::vector<CombinedInput>& inputs, const std::vector<bool>& member) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < inputs.size(); ++i)
    if (member[i]) names.push_back("'" + inputs[i].name + "'");
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i)
    out += (i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + names[i];
  return out;
}

Result<void> check_options(std::span<const InputSource> inputs, const CombineOptions& o) {
  if (inputs.size() < 2)
    return fail(ErrorCategory::invalid_argument, "--combine joins several recordings: give at least two");
  if (!(o.gap_seconds >= 0.1 && o.gap_seconds <= 2.0))
    return fail(ErrorCategory::invalid_argument, fmt::format("gap_seconds {:g} is outside 0.1–2", o.gap_seconds));
  if (!(o.min_score >= 0.0 && o.min_score <= 1.0))
    return fail(ErrorCategory::invalid_argument, fmt::format("min_score {:g} is outside 0–1", o.min_score));
  if (!(o.min_seconds_each >= 1.0 && o.min_seconds_each <= o.prep.select.max_seconds))
    return fail(ErrorCategory::invalid_argument,
                fmt::format("min_seconds_each {:g} is outside 1–{:g}", o.min_seconds_each, o.prep.select.max_seconds));
  return validate_options(o.prep);
}

// An input checked alone: its kept window (not yet normalised) and its report; or, when it has
// too little clean speech to cut a sample from, its voice all the same (a voice note of someone
// else is refused by name whether or not it could give speech).
struct Looked {
  Result<detail::CheckedWindow> checked;
  std::optional<Result<Voiceprint>> voice_only;
  std::vector<Voiceprint> tied;  // with two voices that talk about as much: the second one's
  int tied_rank = 0;             // and its rank in the check's analysis (2, or a turn split's other half)
};

// The options an input is checked with: its own need 1 s, its less clear speech left out as the
// whole's would be.
PrepOptions options_of_input(const CombineOptions& o, unsigned threads) {
  PrepOptions p = o.prep;
  p.threads = threads;
  // The seconds the sample needs (select.min_seconds) are counted on the combination, after
  // the join: alone, an input need only bring some clean speech.
  p.select.min_seconds = o.min_seconds_each;
  // Its less clear speech is left out only as prepare() would leave it out of one recording
  // meant to fill the sample: when the clearer speech alone fills it. With 1 s (the input's
  // own need) as the guard, quiet syllables of a clean voice note (30-40 dB over its floor,
  // 15 dB under its clearest) were cut away: klettres_uk_syllab-03 of session 24's tune notes,
  // 44.6 dB SNR, kept 3.6 of its 6.3 s of speech.
  p.select.min_clear_seconds = o.prep.select.min_seconds;
  return p;
}

Looked look_at(const InputSource& src, const CombineOptions& o, unsigned threads) {
  const PrepOptions p = options_of_input(o, threads);
  // Only the gain to the target is needed of its loudness: the true peak that counts is the
  // whole's, measured when it is normalised.
  std::optional<Result<Voiceprint>> main_voice;
  PrepReport seen;  // as far as the check got: on a tie, its voices
  Looked l{detail::check_keeping_window(src, p, /*true_peak=*/false, &main_voice, &seen), std::nullopt, {}};
  // Two voices that talk about as much in one input may be, in a --combine, one person's note
  // split in two (a reverberant note's words told apart by their echo: tuxpaint_el-04 of
  // session 24's tune notes), or the person and someone else: no speech is kept of it, and it
  // is judged by whichever of the two voices sounds more like the others (not by the one that
  // happens to rank first), so that one person's other notes still combine and a note of two
  // strangers is still refused by name. With an example (prep.like) a tie is the example's
  // refusal, kept.
  const bool tie = !l.checked && !o.prep.like && l.checked.error().category == ErrorCategory::no_matching_voice;
  if (l.checked ? l.checked->report.voiceprint.has_value() : !detail::lacks_speech(l.checked.error()) && !tie)
    return l;
  // Its voice all the same: from the check's own analysis (it was decoded and analysed once,
  // as voiceprint_of() would again), else measured anew.
  if (main_voice) {
    l.voice_only = *main_voice ? std::move(*main_voice)
                               : Result<Voiceprint>(std::unexpected(detail::with_input_name(src, main_voice->error())));
    return l;
  }
  VoiceprintOptions vo;
  vo.callbacks = o.prep.callbacks;
  vo.min_speech_seconds = 1.0;
  vo.read_seconds = 0;  // an input, not an example: its main voice over all of it
  l.voice_only = voiceprint_of(src, vo);
  if (tie) {
    // The voice that tied with the main one: the other half of a voice the analysis split by its
    // turns, which may rank third (a voice between them in talk; the tie is the halves'), unless
    // that half talks little (select/voice.hpp), else voice 2, the one that talks about as much
    // (review, session 24).
    const int tied = seen.content ? detail::voice_tied_with_first(*seen.content) : 0;
    vo.speaker = tied > 0 ? tied : 2;
    if (auto second = voiceprint_of(src, vo)) {
      l.tied.push_back(std::move(*second));
      l.tied_rank = vo.speaker;
    }
  }
  return l;
}

// How alike two inputs sound: the closest of their voices (an input whose two voices tie has
// two, either of which may be the person).
double similarity_of(const std::vector<Voiceprint>& a, const std::vector<Voiceprint>& b) {
  double best = 0.0;
  for (const Voiceprint& x : a)
    for (const Voiceprint& y : b) best = std::max(best, similarity(x, y));
  return best;
}

// An input's error without the input's name in front ("'a.m4a': found 0.9 s of speech..."): the
// combination's own message names it once.
std::string without_name(const std::string& message, const std::string& name) {
  const std::string front = "'" + name + "': ";
  return message.starts_with(front) ? message.substr(front.size()) : message;
}

// Each input's share of too little clean speech, so that the user can tell a note that holds
// little speech from one whose speech the analysis did not keep: "'a.m4a' 2.8 s of the 3.2 s of
// speech heard in it", and for an input that gives none, why ("'b.m4a' none: found 0.0 s of speech
// without music or other voices; 11 s more has music under it (--allow-music ...)"). The bare
// total left both unnamed (session 25: 9 of the test notes' 17 failed pairs read only "the
// recordings hold N s of clean speech together").
std::string what_each_gives(const std::vector<CombinedInput>& inputs, const std::vector<double>& given,
                            const std::vector<std::optional<Error>>& unusable) {
  std::string out;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    out += i == 0 ? "" : ", ";
    if (unusable[i])
      out += fmt::format("'{}' none ({})", inputs[i].name, unusable[i]->message);
    else
      out += fmt::format("'{}' {:.1f} s of the {:.1f} s of speech heard in it", inputs[i].name,
                         detail::shown_below(given[i]), inputs[i].report.speech_seconds);
  }
  return out;
}

// The window at the target loudness, by a gain alone: the pieces of every input then match,
// and the one limiter runs over the whole (a gain above the ceiling is the limiter's to undo).
void to_target(Audio& kept, const PrepReport& r, double target_lufs) {
  if (!r.window_loudness || !std::isfinite(r.window_loudness->integrated_lufs)) return;
  const auto g = static_cast<float>(std::pow(10.0, (target_lufs - r.window_loudness->integrated_lufs) / 20.0));
  for (float& x : kept.samples) x *= g;
}

}  // namespace

Result<CombineResult> prepare_combined(std::span<const InputSource> inputs, const CombineOptions& o) {
  // FFmpeg's lines on this thread (the whole's MP3 decoded again) go to the caller's log, as
  // prepare()'s do; each input's check sets its own scope on the thread it runs on.
  detail::LogScope scope(o.prep.callbacks);
  if (auto ok = check_options(inputs, o); !ok) return std::unexpected(ok.error());
  if (o.prep.like_measuring.valid()) {
    // An example still being measured: every input is compared with it, so it comes first.
    auto like = detail::example_of(o.prep);
    if (!like) return std::unexpected(like.error());
    CombineOptions settled = o;
    settled.prep.like = *like;
    settled.prep.like_measuring = {};
    return prepare_combined(inputs, settled);
  }
  const Callbacks& cb = o.prep.callbacks;
  CombineResult res;
  std::vector<std::vector<Voiceprint>> voices;  // each input's voice (two when two tie)
  std::vector<std::optional<Error>> unusable;  // same person, but no sample of its own
  std::vector<double> given;                    // each input's clean speech in the whole
  std::vector<std::pair<std::size_t, int>> tied;  // the inputs whose two voices talk about as much
  // Where each unusable input's "nothing kept" warning sits in res.warnings: the input, not its
  // display name, says which warning to take back (two inputs may share a name).
  std::vector<std::optional<std::size_t>> unused_warning;
  double held = 0.0;                            // seconds of the windows kept so far
  // The whole is joined as the inputs come in, in input order (joining depends only on the
  // inputs before), and measured as it grows; the voices are compared once all are in, and a
  // refusal then drops it. Its samples never exceed max_seconds: reserved once, never moved.
  const double max_seconds = o.prep.select.max_seconds;
  const auto gap = static_cast<std::size_t>(std::lround(o.gap_seconds * kSampleRate));
  Audio whole;
  whole.samples.reserve(static_cast<std::size_t>(std::ceil(max_seconds * kSampleRate)) + 2);
  auto measure = detail::WholeMeasure::create(whole.samples.capacity());
  if (!measure) return std::unexpected(measure.error());
  // Join: whole pieces of input i, in input order, while they fit max_seconds.
  auto join = [&](std::size_t i, const std::vector<float>& a) {
    if (unusable[i]) {
      unused_warning[i] = res.warnings.size();
      res.warnings.push_back({"combine_input_unused",
                              fmt::format("{}: {}: {}", res.inputs[i].name,
                                          res.inputs[i].judged ? "the same voice, but nothing kept" : "left out",
                                          unusable[i]->message)});
      return;
    }
    const Selection& sel = *res.inputs[i].report.selection;
    std::size_t at = 0;  // where the piece starts in this input's own sample
    bool any = false;
    for (const Piece& p : sel.pieces) {
      const auto len = static_cast<std::size_t>(std::lround((p.end_seconds - p.start_seconds) * kSampleRate));
      const std::size_t take = std::min(len, a.size() - std::min(a.size(), at));
      const double would = static_cast<double>(whole.samples.size() + (any || whole.samples.empty() ? 0 : gap) + take) / kSampleRate;
      // (The capacity test never decides: the whole is reserved past max_seconds. It is what
      // keeps the whole from moving under the thread measuring it, whatever the rounding.)
      if (take == 0 || would > max_seconds ||
          whole.samples.size() + gap + take > whole.samples.capacity())
        break;
      if (!any && !whole.samples.empty()) whole.samples.insert(whole.samples.end(), gap, 0.0f);
      any = true;
      CombinedPiece cp;
      cp.input = i;
      cp.input_start_seconds = p.start_seconds;
      cp.input_end_seconds = p.end_seconds;
      cp.output_start_seconds = static_cast<double>(whole.samples.size()) / kSampleRate;
      whole.samples.insert(whole.samples.end(), a.begin() + static_cast<std::ptrdiff_t>(at),
                           a.begin() + static_cast<std::ptrdiff_t>(at + take));
      cp.output_end_seconds = static_cast<double>(whole.samples.size()) / kSampleRate;
      res.pieces.push_back(cp);
      at += len;
    }
    if (any) {
      const double share = sel.output_seconds > 0 ? std::min(1.0, static_cast<double>(at) / kSampleRate / sel.output_seconds) : 0.0;
      res.speech_seconds += share * sel.speech_seconds;
      given[i] += share * sel.speech_seconds;
      res.voiceprint = pooled(res.voiceprint, *res.inputs[i].report.voiceprint);
    }
    // The service's duration advice (10–30 s) is for the sample sent, the whole below: a voice
    // note's few seconds are what --combine is for.
    for (const Warning& w : res.inputs[i].report.warnings)
      if (w.code != "duration_advice")
        res.warnings.push_back({w.code, fmt::format("{}: {}", res.inputs[i].name, w.message)});
  };
  // An input's check, taken in input order: its voice kept for the comparison, its window (at
  // the target loudness) joined to the whole and then let go.
  auto take = [&](const InputSource& src, Looked& looked) -> Result<void> {
    const std::size_t i = res.inputs.size();
    auto& r = looked.checked;
    if (!looked.voice_only) {
      if (!r) return std::unexpected(r.error());
      voices.push_back({*r->report.voiceprint});
      // Inputs join in order while the sample has room: a window past it is never used,
      // and is not held (a folder of voice notes must not grow memory by one window each).
      if (held < max_seconds) {
        to_target(r->kept, r->report, o.prep.normalise.target_lufs);
        held += static_cast<double>(r->kept.samples.size()) / kSampleRate;
      } else {
        r->kept = Audio{};
      }
      res.inputs.push_back({src.display_name(), 0.0, std::move(r->report)});
      unusable.emplace_back();
      unused_warning.emplace_back();
      given.push_back(0.0);
      join(i, r->kept.samples);
      r->kept = Audio{};
      return {};
    }
    auto& v = *looked.voice_only;
    // A window kept, but too little voiced speech to tell whose it is (a phone note of a few
    // spoken letters, no voice told apart and under 1 s voiced: klettres_nl_alpha-03 of session
    // 24's tune notes): it cannot be judged, so none of it is used, and the others are combined
    // and judged without it. Before, its error stopped the whole combination, one person's
    // other notes and a stranger's alike.
    // So too one whose check found too little speech to keep and whose voice cannot be measured
    // either (a phone note of two letters: 0.9 s told to its voice, klettres_nl_alpha-04 of
    // session 25's tune notes): its error stopped the whole combination, so that one person's
    // other notes gave nothing and a stranger's note beside them was never named.
    // Only too little speech: a file with none at all (silence, a music track) is more likely the
    // wrong file than a short note, and stops the combination with its own error (review).
    const auto too_little = [](const Error& e) { return e.category == ErrorCategory::too_little_speech; };
    const bool unjudged = !v && detail::lacks_speech(v.error()) && (r || (too_little(r.error()) && too_little(v.error())));
    if (!v && !unjudged) return std::unexpected(r ? v.error() : r.error());
    voices.emplace_back();
    if (!unjudged) voices.back().push_back(*v);
    for (Voiceprint& t : looked.tied) voices.back().push_back(std::move(t));
    if (voices.back().size() == 2) tied.push_back({i, looked.tied_rank});
    PrepReport none;
    none.input_name = src.display_name();
    res.inputs.push_back({src.display_name(), 0.0, std::move(none)});
    res.inputs.back().judged = !unjudged;
    unusable.emplace_back(unjudged && r ? Error{ErrorCategory::too_little_speech,
                                                fmt::format("its voice could not be judged: {}",
                                                             without_name(v.error().message, src.display_name()))}
                          : unjudged ? Error{ErrorCategory::too_little_speech,
                                             fmt::format("{}; its voice could not be judged",
                                                         without_name(r.error().message, src.display_name()))}
                          : r ? Error{ErrorCategory::too_little_speech, "no voice kept"}
                              : Error{r.error().category, without_name(r.error().message, src.display_name())});
    unused_warning.emplace_back();
    given.push_back(0.0);
    join(i, {});
    return {};
  };
  // Inputs are checked `jobs` at a time (as `prep -j` prepares a folder: whole files side by
  // side scale best), and their results taken in input order, so that at most `jobs` windows
  // beyond the ones joined are held at once. Once an input is joined and more are to come, the
  // whole so far is measured on threads of their own (WholeMeasure), beside the checks still
  // running and the next joins: those only write past the span it reads, in the space reserved
  // above (the whole never moves). The rest is measured after the comparison, on every thread.
  const unsigned budget = detail::threads_for(o.prep);
  const std::size_t jobs = std::clamp<std::size_t>(budget, 1, inputs.size());
  const unsigned threads_each = std::max(1u, budget / static_cast<unsigned>(jobs));
  for (std::size_t first = 0; first < inputs.size(); first += jobs) {
    const std::size_t last = std::min(inputs.size(), first + jobs);
    std::vector<std::future<Looked>> others;
    for (std::size_t i = first + 1; i < last; ++i)
      others.push_back(std::async(std::launch::async, look_at, std::cref(inputs[i]), std::cref(o), threads_each));
    for (std::size_t i = first; i < last; ++i) {
      Looked looked = i == first ? look_at(inputs[first], o, threads_each) : others[i - first - 1].get();
      if (auto ok = take(inputs[i], looked); !ok) return std::unexpected(ok.error());
      if (i + 1 < inputs.size()) measure->follow(whole.samples, budget > 1);
    }
  }
  // Every voice against every other; each input against the group that holds the person (or
  // against the example, with prep.like).
  // Only the inputs whose voice was measured are compared (the others give no speech).
  std::vector<std::size_t> at;  // the judged inputs' indices
  for (std::size_t i = 0; i < res.inputs.size(); ++i)
    if (res.inputs[i].judged) at.push_back(i);
  if (at.empty())
    return fail(ErrorCategory::too_little_speech,
                fmt::format("no input's voice could be judged: {}", what_each_gives(res.inputs, given, unusable)));
  const std::size_t n = at.size();
  std::vector<std::vector<double>> s(n, std::vector<double>(n, 1.0));
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i + 1; j < n; ++j) {
      s[i][j] = s[j][i] = similarity_of(voices[at[i]], voices[at[j]]);
      detail::logf(cb, LogLevel::debug, "'{}' and '{}': voices score {:.3f}", res.inputs[at[i]].name,
                   res.inputs[at[j]].name, s[i][j]);
    }
  const Group group = group_of(s, o.min_score);
  std::vector<bool> member(res.inputs.size(), false);
  for (std::size_t i = 0; i < n; ++i) member[at[i]] = group.member[i];
  const std::string against = o.prep.like ? o.prep.like_name : names_of(res.inputs, member);
  std::string refused;
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t i = at[k];
    CombinedInput& in = res.inputs[i];
    in.score = o.prep.like ? similarity_of({*o.prep.like}, voices[i]) : group.score[k];
    detail::logf(cb, LogLevel::info, "'{}': voice scores {:.2f} against {}", in.name, in.score, against);
    if (in.score < o.min_score)
      refused += fmt::format("{}'{}' sounds like a different person: {:.2f}", refused.empty() ? "" : "; ",
                             in.name, detail::shown_below(in.score, 2));
  }
  if (!refused.empty())
    return fail(ErrorCategory::no_matching_voice,
                fmt::format("{} (against {}; one person scores {:.2f} or more). Nothing was combined: "
                            "leave that recording out",
                            refused, against, o.min_score));
  // An input whose two voices talk about as much gave no speech: which of them is the person
  // could not be told from it alone. The other inputs tell it, as an example tells it with
  // --like: when the whole is short of a sample, the voice of the two that sounds more like the
  // group's other members (the lower median of its scores against them, at least min_score)
  // is kept, the input checked again for that voice alone, and its speech joined last. A
  // clean voice note of spoken syllables split in two (2.3 and 2.0 s, klettres_pt_BR_syllab-02
  // of session 25's tune notes b) left its pair 0.5 s short of 5 s.
  for (const auto& [i, tied_rank] : tied) {
    if (res.speech_seconds >= o.prep.select.min_seconds) break;
    const auto by_voice = [&](const Voiceprint& x) {
      std::vector<double> v;
      for (std::size_t j = 0; j < res.inputs.size(); ++j)
        if (member[j] && j != i) v.push_back(similarity_of({x}, voices[j]));
      std::sort(v.begin(), v.end());
      return v.empty() ? 0.0 : v[(v.size() - 1) / 2];
    };
    const double first = by_voice(voices[i][0]), second = by_voice(voices[i][1]);
    if (o.prep.like || !member[i] || std::max(first, second) < o.min_score) continue;
    PrepOptions p = options_of_input(o, budget);
    // The tied voice by the rank it was measured at: a turn split's other half may rank third,
    // and voice 2 is then someone else (review, session 25).
    p.select.speaker = first >= second ? 1 : tied_rank;
    auto again = detail::check_keeping_window(inputs[i], p, /*true_peak=*/false);
    if (!again || !again->report.selection || !again->report.voiceprint) continue;
    // What the check kept is judged again: its analysis may rank the voices otherwise than the
    // one that measured them, and a voice that does not sound like the others is not joined.
    const double kept_score = by_voice(*again->report.voiceprint);
    if (kept_score < o.min_score) {
      detail::logf(cb, LogLevel::info, "'{}': speaker {} not kept, it scores {:.2f} against the others",
                   res.inputs[i].name, p.select.speaker, kept_score);
      continue;
    }
    res.inputs[i].score = kept_score;
    detail::logf(cb, LogLevel::info, "'{}': speaker {} kept, the voice that sounds like the others ({:.2f}; the other {:.2f})",
                 res.inputs[i].name, p.select.speaker, std::max(first, second), std::min(first, second));
    // Its "nothing kept" warning no longer holds; the warnings after it move up by one.
    if (const auto k = std::exchange(unused_warning[i], std::nullopt)) {
      res.warnings.erase(res.warnings.begin() + static_cast<std::ptrdiff_t>(*k));
      for (auto& w : unused_warning)
        if (w && *w > *k) --*w;
    }
    to_target(again->kept, again->report, o.prep.normalise.target_lufs);
    res.inputs[i].report = std::move(again->report);
    unusable[i].reset();
    join(i, again->kept.samples);
  }
  if (res.speech_seconds < o.prep.select.min_seconds)
    return fail(ErrorCategory::too_little_speech,
                fmt::format("the recordings hold {:.1f} s of clean speech together; a sample needs "
                            "{:g} s: {}",
                            detail::shown_below(res.speech_seconds), o.prep.select.min_seconds,
                            what_each_gives(res.inputs, given, unusable)));
  auto measured = measure->finish(whole.samples, static_cast<int>(budget));
  if (!measured) return std::unexpected(measured.error());

  // The whole as prepare() finishes one window: normalised, encoded (MP3 re-tuned until it
  // decodes at the target, under the ceiling), and its normalising judged the same way.
  auto tuned = detail::normalise_and_encode(whole, o.prep, budget,
                                            InputSource::memory(std::string_view{}, "the combined sample"),
                                            &*measured, /*check_beside=*/true);
  if (!tuned) return std::unexpected(tuned.error());
  res.normalised = tuned->normalised;
  res.sample = std::move(tuned->sample);
  PrepReport judged;
  judged.normalised = res.normalised;
  detail::warn_about_normalising(judged, o.prep);
  for (Warning& w : judged.warnings) res.warnings.push_back(std::move(w));
  // Checked beside the normalising when a thread was spare (normalise_and_encode), else now.
  auto v = tuned->check ? std::move(*tuned->check) : validate_sample(res.sample);
  if (!v) return std::unexpected(v.error());
  for (const std::string& w : v->warnings) res.warnings.push_back({"duration_advice", w});
  return res;
}

std::string to_text(const CombineResult& r) {
  std::string out;
  for (const CombinedInput& in : r.inputs)
    out += in.judged ? fmt::format("  {:<24} voice scores {:.2f}{}\n", in.name, in.score,
                                   in.score >= 0.999 ? " (the reference)" : "")
                     : fmt::format("  {:<24} voice not judged (too little voiced speech): left out\n", in.name);
  out += fmt::format("  {:.1f} s of speech from {} recordings, {:.1f} s in all:\n", r.speech_seconds,
                     r.inputs.size(), r.sample.duration_seconds);
  for (const CombinedPiece& p : r.pieces)
    out += fmt::format("    {:6.2f}–{:6.2f} s  from {} {:.2f}–{:.2f} s\n", p.output_start_seconds,
                       p.output_end_seconds, r.inputs[p.input].name, p.input_start_seconds, p.input_end_seconds);
  return out;
}

}  // namespace voxclone
