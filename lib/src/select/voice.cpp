// Which of the recording's speech the window may use (see voice.hpp).
#include "select/voice.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include <fmt/format.h>

#include "analyse/content.hpp"
#include "analyse/content_bed_split.hpp"
#include "analyse/speech_figures.hpp"
#include "core/words.hpp"
#include "select/pauses.hpp"

namespace voxclone::detail {
namespace {

// A cut beside a barrier falls in a pause at least this far from it: blocks are 0.4 s, and the
// few frames either side of a change of voice or an entry of music are the likeliest to hold both.
constexpr double kBarrierMargin = 0.15;

// The voice's doubtful blocks are left out of the sample while the voice keeps this much clean
// speech without them: a sample of 10 s is accepted, and a few seconds more leave the window room
// to cut in pauses. Set, not swept (tests/realvoice/README.md, session 14): on two tune sets no
// scene fell back to the whole voice and was refused that had not been before.
constexpr double kSpareDoubtfulSeconds = 15.0;

// With no voice asked for (--speaker, --speaker-at, --like, a region), the sample is voice 1's,
// the voice that talks most; but when the next voice talks at least kTieShare of what voice 1
// talks, both in the talk each keeps and in the talk before the analysis left part of it out
// (Speaker::untrimmed_seconds), which of them is the person to clone cannot be told, and the
// recording is refused with both talks named (voices_tie and kTieShare, analyse/content.hpp, where
// step 12b of the analysis asks it too, before 12c; the talk with the speech too short to judge
// must tie too, step 12c, and the talk with the voiceless speech that goes on from each voice's
// own with no pause, step 15). A sample of the wrong person is the costliest mistake (it clones
// someone else), a refusal the cheapest (the user picks one). The talk kept measures the person
// who talks most short where steps 3-7 of the analysis (analyse/speakers.cpp) left part of their
// speech with no voice or in another's: on three real-voice tune sets (tests/realvoice/README.md,
// session 22; 94 scenes, 60 of several people) voice 1 was wholly
// the wrong person in 9 scenes, in 3 of them with the next voice at 0.92-1.05 of its talk (and
// 0.97-1.05 untrimmed). Of the scenes whose voice 1 was the right person, one had the next voice
// at 0.95 of its talk kept, but 0.83 untrimmed (step 5 had left 2.7 s of the person out), and
// the next closest was 0.82. Chosen there: from 0.84 to 0.92 the same three scenes are refused
// (kTieShare = 0.87).

// Voice 1 comes first by its talk before the analysis left part of it out, while the next voice
// keeps more talk than it does: step 6 (analyse/speakers.cpp) ranks a group by its core's talk and
// then counts a member the voiceprint joins into it, and steps 5 and 7 can leave the person who
// talks most out of voice 1 whole. The tie rule lets voice 1's untrimmed talk (Speaker::
// untrimmed_seconds) speak for it, but here the talk each voice keeps says the other way round,
// and which of them is the person to clone cannot be told: refused as a tie. On this session's
// fresh tune sets (tests/realvoice/README.md, session 28; 88 scenes) one recording's voice 1
// kept less talk than the next voice (16.3 s against 18.4 s; untrimmed 45.7 s: step 5 had left
// the main person's 24.7 s of speech out of it, and the sample was wholly another man); in no
// other scene did a later voice keep more talk than voice 1. No constant: the order of the talks.
bool keeps_more_talk_than_voice_one(const Speaker& first, const Speaker& next) {
  return next.talk_seconds > first.talk_seconds;
}

// Voice 1 split by its turns (step 12) whose other half talks under this share of what it talks is
// cloned, as a voice 1 with no other half is (the tie rule still weighs it against the next
// voice): a few turns of someone else in voice 1 are not two people who talk about as much.
// Chosen on real-voice tune sets (tests/realvoice/README.md, sessions 26 and 29): the larger half
// was the main person at other halves of 0.17 (twice; s1013 three-01's voice 1 wholly the main
// person, 42.6 s, beside 7.9 s of a letter reader), 0.22 and 0.46, and not at 0.37, 0.44, 0.48,
// 0.57 (twice), 0.59, 0.62 (twice), 0.64, 0.75 and 0.85 (a voice of other people, or of the main
// person and another in as much).
constexpr double kLittleOtherHalfShare = 0.3;

// Voice 1 has an other half (step 12) that talks kLittleOtherHalfShare of it or more: the two
// halves tie, whatever any other voice talks.
bool halves_tie(const ContentAnalysis& c) {
  const int half = c.speakers.empty() ? 0 : c.speakers[0].other_half;
  return half > 0 && static_cast<std::size_t>(half) <= c.speakers.size() &&
         c.speakers[static_cast<std::size_t>(half) - 1].talk_seconds >=
             kLittleOtherHalfShare * c.speakers[0].talk_seconds;
}

std::string clock_time(double seconds) {
  const auto total = static_cast<long>(std::floor(std::max(0.0, seconds)));
  if (total >= 3600) return fmt::format("{}:{:02}:{:02}", total / 3600, total / 60 % 60, total % 60);
  return fmt::format("{}:{:02}", total / 60, total % 60);
}

}  // namespace

int voice_tied_with_first(const ContentAnalysis& c) {
  if (c.speakers.size() < 2) return 0;
  if (halves_tie(c)) return c.speakers[0].other_half;
  const Speaker* next = nullptr;
  for (const Speaker& s : c.speakers)
    if (s.rank != c.speakers[0].rank && (next == nullptr || s.talk_seconds > next->talk_seconds)) next = &s;
  return next->rank;
}

namespace {

Result<int> chosen_rank(const ContentAnalysis& c, const SelectOptions& o) {
  const auto count = static_cast<int>(c.speakers.size());
  if (o.speaker_at_seconds) {
    const double t = *o.speaker_at_seconds;
    const auto at = static_cast<std::ptrdiff_t>(std::floor(t / c.block_seconds));
    // Whoever speaks at that moment, or within a second of it (it may fall in a pause).
    const auto reach = static_cast<std::ptrdiff_t>(std::ceil(1.0 / c.block_seconds));
    for (std::ptrdiff_t d = 0; d <= reach; ++d) {
      for (std::ptrdiff_t b : {at - d, at + d}) {
        if (b < 0 || b >= static_cast<std::ptrdiff_t>(c.block_speakers.size())) continue;
        if (c.block_speakers[static_cast<std::size_t>(b)] > 0) return c.block_speakers[static_cast<std::size_t>(b)];
      }
    }
    const auto b = static_cast<std::size_t>(std::clamp<std::ptrdiff_t>(at, 0, std::max<std::ptrdiff_t>(0, static_cast<std::ptrdiff_t>(c.blocks.size()) - 1)));
    const std::string what = b < c.blocks.size() ? std::string(to_string(c.blocks[b])) : "past the end";
    return fail(ErrorCategory::invalid_argument,
                fmt::format("--speaker-at {}: nobody speaks there (it is {}); `voxclone check` "
                            "shows who speaks when", clock_time(t), what));
  }
  if (o.speaker > count)
    return fail(ErrorCategory::invalid_argument,
                fmt::format("--speaker {}: the recording has {} voice{}", o.speaker, count,
                            count == 1 ? "" : "s"));
  if (count == 0) return 0;
  if (o.speaker > 0) return o.speaker;
  if (o.start_seconds || o.end_seconds) {
    // A region was chosen: the voice that talks most inside it, not in the whole recording.
    const double from = o.start_seconds.value_or(0.0);
    const double to = o.end_seconds.value_or(HUGE_VAL);
    std::vector<double> talk(static_cast<std::size_t>(count) + 1, 0.0);
    for (std::size_t b = 0; b < c.block_speakers.size(); ++b) {
      const double t = (static_cast<double>(b) + 0.5) * c.block_seconds;
      const int who = c.block_speakers[b];
      if (t >= from && t < to && who > 0 && who <= count) talk[static_cast<std::size_t>(who)] += c.block_seconds;
    }
    const auto best = std::max_element(talk.begin() + 1, talk.end());
    if (*best > 0) return static_cast<int>(best - talk.begin());
  }
  const Speaker& first = c.speakers[0];
  // Voice 1 is one half of a voice the analysis split by its turns (two people heard as one,
  // analyse/speakers.cpp, step 12): which half is the person to clone cannot be told, unless its
  // other half talks little beside it (kLittleOtherHalfShare); then the tie rule below weighs it
  // against every other voice.
  if (halves_tie(c))
    return fail(ErrorCategory::no_matching_voice,
                fmt::format("speaker 1 ({:.1f} s) and speaker {} ({:.1f} s) were heard as one voice but take turns "
                            "like two people; which one to clone cannot be told (--speaker-at SECONDS keeps whoever "
                            "speaks then, --like FILE the one that sounds like an example, --speaker N one of "
                            "them; `voxclone check` shows who speaks when)",
                            first.talk_seconds, first.other_half,
                            c.speakers[static_cast<std::size_t>(first.other_half) - 1].talk_seconds));
  // A lone voice beside as much as kLoneUnjudgedShare of its talk in speech too short to judge
  // (analyse/content.hpp): two people on one line heard as one, whose other person's short words
  // have no voice, cannot be told from one person, so whose voice this is cannot be told either.
  if (c.speakers.size() == 1 && first.unjudged_seconds >= kLoneUnjudgedShare * first.talk_seconds &&
      first.unjudged_seconds > 0)
    return fail(ErrorCategory::no_matching_voice,
                fmt::format("one voice was heard ({:.1f} s), but {:.1f} s more speech was too short to tell whose: two "
                            "people on one line may be heard as one, and which one to clone cannot be told "
                            "(--speaker 1 keeps this voice anyway; `voxclone check` shows who speaks when)",
                            first.talk_seconds, first.unjudged_seconds));
  // The voice after voice 1 that talks most (no other half here, or one that talks little).
  const int tied = voice_tied_with_first(c);
  const Speaker* next = nullptr;
  for (const Speaker& s : c.speakers)
    if (s.rank == tied) next = &s;
  if (next != nullptr && (voices_tie(first, *next) || keeps_more_talk_than_voice_one(first, *next)))
    return fail(ErrorCategory::no_matching_voice,
                fmt::format("two voices talk about as much: speaker 1 {:.1f} s, speaker {} {:.1f} s; which "
                            "one to clone cannot be told (--speaker N or --speaker-at SECONDS picks one, "
                            "--like FILE the one that sounds like an example; `voxclone check` shows who "
                            "speaks when)", first.talk_seconds, next->rank, next->talk_seconds));
  return 1;
}

// A change of person across a short pause. Two people on a phone line, or two of one sex, lie
// close in the speaker space, and step 4's Viterbi (analyse/speakers.cpp) runs a voice's blocks
// on into the other person's words where a turn changes: a reply of 0.3-1 s starts or ends the
// voice's run, a pause of 0.25-0.9 s (a block or two of silence) away from the other voice's own
// blocks (real-voice tune, tests/realvoice/README.md, session 25: a phone-04's last 0.34 s was
// the other woman's). The block right beside another voice's is left out already (keep_voice, which
// cuts back to a pause inside the words); here a turn edge is the voice's block nearest another
// voice's across up to kTurnReachBlocks blocks of silence, and the detector's stretch of speech
// that holds it, when it is no longer than kReplySeconds (a reply, whole between two real
// pauses), is left out whole, so the piece ends or starts in the detector's own pause before it.
// Cut back to a dip inside the words instead (as for a block beside another voice), the edges
// fell in speech (rv9 tune 4 -> 6 edges in speech, a second tune set 0 -> 1, both times inside
// the person's own word) and rv9 four-01 was refused.
// Speech told to no voice does not make a turn edge (it is steps 5-7's leftovers of the same
// person as often as someone else: tried, purity fell on one set).
constexpr std::size_t kTurnReachBlocks = 2;
constexpr double kReplySeconds = 1.2;
// And a run of at most kIslandBlocks blocks of the voice with none of its own within
// kIslandReachBlocks either side, but someone else's speech there (another voice's, or speech
// told to no voice), is a word of that other person the voice took (rv9 tune phone-03: one block
// of voice 1 inside the other man's turn, kept whole with an edge in his words): its blocks are
// barriers. Runs of 3 blocks rather than 2 or 1: rv9 tune three-03, 0.92 -> 1.00 the right
// person (measured before the fallback in choose_voice, where 3 also refused bed15-01); a reach
// of 3, 4 or 6 blocks: the same samples.
constexpr std::size_t kIslandBlocks = 3;
constexpr std::size_t kIslandReachBlocks = 4;

enum : std::uint8_t { kNotAnEdge = 0, kIsland = 1, kTurnEdge = 2 };

// Per block, for the voice whose blocks `mine` tells: kIsland, kTurnEdge or kNotAnEdge.
template <class Mine>
std::vector<std::uint8_t> turn_edge_blocks(const ContentAnalysis& c, Mine mine) {
  const std::size_t n = c.blocks.size();
  std::vector<std::uint8_t> edge(n, kNotAnEdge);
  auto voiced = [&](std::size_t b) { return holds_speech(c.blocks[b]); };
  // The nearest block holding speech from b towards `step`, across silence only, within `reach`
  // blocks: its index, or n.
  auto nearest = [&](std::size_t b, int step, std::size_t reach) {
    for (std::size_t d = 1; d <= reach; ++d) {
      if (step < 0 && d > b) return n;
      const std::size_t k = step < 0 ? b - d : b + d;
      if (k >= n) return n;
      if (voiced(k)) return k;
      if (c.blocks[k] != ContentKind::silence) return n;
    }
    return n;
  };
  // A voice the count listed from speech told to no voice (analyse/speakers.cpp, step 13) makes no
  // turn edge either: its blocks are that speech still (kListedFromNoVoice).
  auto listed_from_no_voice = [&](std::size_t k) {
    return k < c.block_doubtful.size() && c.block_doubtful[k] == kListedFromNoVoice;
  };
  auto other_voice = [&](std::size_t k) {
    return k < n && c.block_speakers[k] > 0 && !mine(k) && !listed_from_no_voice(k);
  };
  for (std::size_t b = 0; b < n;) {
    if (!(voiced(b) && mine(b))) {
      ++b;
      continue;
    }
    std::size_t e = b;
    while (e < n && voiced(e) && mine(e)) ++e;
    if (other_voice(nearest(b, -1, kTurnReachBlocks + 1))) edge[b] = kTurnEdge;
    if (other_voice(nearest(e - 1, +1, kTurnReachBlocks + 1))) edge[e - 1] = kTurnEdge;
    if (e - b <= kIslandBlocks) {
      const std::size_t l = nearest(b, -1, kIslandReachBlocks), r = nearest(e - 1, +1, kIslandReachBlocks);
      const bool own = (l < n && mine(l)) || (r < n && mine(r));
      if (!own && (l < n || r < n))
        for (std::size_t k = b; k < e; ++k) edge[k] = kIsland;
    }
    b = e;
  }
  return edge;
}

// A bed's first (or last) seconds the content model called clean speech: the model hears the
// voice and too little of the music, and its walks from the bed stop at the bed's first rest
// (issue 19 item 4; tests/realvoice/README.md, session 26: rv9 tune bed18-01 kept 7.6 s of a rock
// track's bed whose rest 0.8 s before the found bed stood at the room's floor). Their pauses say
// it: between the words they stand at the found bed's level, far over the clean speech's. Per
// block, the level of the pause frames within 1 s on its side of the bed's edge
// (pause_level_on_its_side); the found bed's level is the median over its blocks (music or speech over music), the clean
// speech's over the clean blocks kBesideBedSeconds or more from it, and a block is filled at or
// over their middle. From each edge of the found bed, out through the clean side for at most
// kBesideBedSeconds, the blocks up to the farthest filled one (with no more than kBedRestSeconds
// of unfilled blocks before it) are beside the bed: the selection leaves them out while the voice
// keeps a sample without them (choose_voice).
// kBesideBedSeconds: as kSpareClearOfMusicSeconds (content.hpp), over the latest a bed's start was
// found after its labelled start on the tune sets (7.6-7.9 s).
constexpr double kBesideBedSeconds = kSpareClearOfMusicSeconds;
// A rest in the bed (rv9 tune bed18-01: two of 0.6-0.8 s at the room's floor).
constexpr double kBedRestSeconds = 2.0;
// The two levels must differ as a bed split's do (content_bed_split.cpp, kStepDb: 15.1-29.6 dB
// for the tune beds of 12-20 dB, under 7 dB for hum, noise and crowds).
constexpr double kBesideBedStepDb = 14.0;
// Fewer blocks than this (2 s) on either side say too little about its level.
constexpr std::size_t kFewestLevelBlocks = 5;

// blocks_inside_a_bed: a bed's quiet bars called clean speech, with music on both sides; or its
// fade-out (the last 1.5 s of make_set.py's beds) called clean, at the end of a recording whose
// bed runs to its end: the words within kSpareClearOfMusicSeconds of the recording's edge, with
// the bed on the other side filling at least this share of that reach (a jingle or a short
// stretch of music the model heard in the clean half does not).
constexpr double kBedShareBesideTheEnd = 0.5;

// Per block, the median level of the pause frames (content_bed_split.hpp, pause_frames) within
// kBedLevelReachSeconds of its middle whose blocks are of its side of the found bed (`musical`
// per block: music or speech over music, or neither), dBFS; -200 where they are fewer than
// kFewestPauseFrames. Read across the bed's edge, a clean block stood filled up to a second before
// it (on tune, rv9 intro-01 marked 0.8 s of clean words before its outro so, and the sample's
// edge moved into a word). Not pause_level_db's level: where the pauses are too few it takes the
// quietest frames instead, and inside a dense reader's words those stand 30-37 dB under the
// words, as a bed's pauses do (a tune scene's clean speech beside a bed the model found too
// early, 6 s of it marked so). Reading one side of a block only (the side away from the bed,
// 0.8 s) left too few pauses: a reader's soft syllables marked 3.6-4.0 s of two tune scenes.
constexpr double kBedLevelReachSeconds = 1.0;
constexpr std::size_t kFewestPauseFrames = 10;

std::vector<float> pause_level_on_its_side(const SpeechAnalysis& speech, const std::vector<bool>& musical) {
  const std::size_t blocks = musical.size();
  std::vector<float> out(blocks, -200.0f);
  const std::vector<bool> pause = pause_frames(speech);
  const std::size_t frames = std::min(pause.size(), speech.frame_db.size());
  if (frames == 0 || speech.frame_seconds <= 0.0) return out;
  const auto per_block = static_cast<std::size_t>(std::lround(kBlockSeconds / speech.frame_seconds));
  const auto reach = static_cast<std::size_t>(std::lround(kBedLevelReachSeconds / speech.frame_seconds));
  std::vector<float> quiet;
  for (std::size_t b = 0; b < blocks; ++b) {
    const std::size_t mid = b * per_block + per_block / 2;
    if (mid >= frames) break;
    quiet.clear();
    for (std::size_t f = mid > reach ? mid - reach : 0; f < std::min(frames, mid + reach); ++f)
      if (pause[f] && f / per_block < blocks && musical[f / per_block] == musical[b]) quiet.push_back(speech.frame_db[f]);
    if (quiet.size() < kFewestPauseFrames) continue;
    auto q = quiet.begin() + static_cast<std::ptrdiff_t>(quiet.size() / 2);
    std::nth_element(quiet.begin(), q, quiet.end());
    out[b] = *q;
  }
  return out;
}

}  // namespace

std::vector<bool> blocks_beside_a_bed_filled_like_it(const SpeechAnalysis& speech, const ContentAnalysis& c) {
  const std::size_t n = c.blocks.size();
  auto musical = [&](std::size_t b) {
    return c.blocks[b] == ContentKind::music || c.blocks[b] == ContentKind::speech_over_music;
  };
  std::vector<bool> beside(n, false);
  if (std::none_of(c.blocks.begin(), c.blocks.end(), [](ContentKind k) {
        return k == ContentKind::music || k == ContentKind::speech_over_music;
      }))
    return beside;
  std::vector<bool> is_musical(n);
  for (std::size_t b = 0; b < n; ++b) is_musical[b] = musical(b);
  const std::vector<float> level = pause_level_on_its_side(speech, is_musical);
  const auto reach = static_cast<std::size_t>(std::lround(kBesideBedSeconds / c.block_seconds));
  const auto rest = static_cast<std::size_t>(std::lround(kBedRestSeconds / c.block_seconds));
  std::vector<float> bed, clean;
  for (std::size_t b = 0; b < n; ++b) {
    if (level[b] <= -200.0f) continue;
    if (musical(b)) bed.push_back(level[b]);
    else if (c.blocks[b] == ContentKind::speech && !music_within(c, b, reach, -1) && !music_within(c, b, reach, 1))
      clean.push_back(level[b]);
  }
  if (bed.size() < kFewestLevelBlocks || clean.size() < kFewestLevelBlocks) return beside;
  auto median = [](std::vector<float>& v) {
    auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
    std::nth_element(v.begin(), mid, v.end());
    return static_cast<double>(*mid);
  };
  const double bed_db = median(bed), clean_db = median(clean);
  if (bed_db - clean_db < kBesideBedStepDb) return beside;
  const double middle = (bed_db + clean_db) / 2.0;
  // Out from the bed's edge at block `edge` (musical) towards `step`.
  auto walk = [&](std::size_t edge, int step) {
    std::size_t farthest = 0, unfilled = 0;  // farthest: blocks out from the edge (0: none)
    for (std::size_t d = 1; d <= reach; ++d) {
      if (step < 0 ? d > edge : edge + d >= n) break;
      const std::size_t b = step < 0 ? edge - d : edge + d;
      if (musical(b)) break;
      if (level[b] >= middle) {
        farthest = d;
        unfilled = 0;
      } else if (++unfilled > rest) {
        break;
      }
    }
    for (std::size_t d = 1; d <= farthest; ++d) beside[step < 0 ? edge - d : edge + d] = true;
  };
  for (std::size_t b = 0; b < n; ++b) {
    if (!musical(b)) continue;
    if (b > 0 && !musical(b - 1)) walk(b, -1);
    if (b + 1 < n && !musical(b + 1)) walk(b, 1);
  }
  return beside;
}

std::vector<bool> blocks_inside_a_bed(const ContentAnalysis& c) {
  const std::size_t n = c.blocks.size();
  std::vector<bool> inside(n, false);
  const auto reach = static_cast<std::size_t>(std::lround(kSpareClearOfMusicSeconds / c.block_seconds));
  // Most of the reach on that side is music or speech over music: a bed, not a jingle.
  auto bed_on = [&](std::size_t b, int side) {
    std::size_t musical = 0, seen = 0;
    for (std::size_t d = 1; d <= reach; ++d) {
      if (side < 0 ? d > b : b + d >= n) break;
      const ContentKind k = c.blocks[side < 0 ? b - d : b + d];
      musical += k == ContentKind::music || k == ContentKind::speech_over_music;
      ++seen;
    }
    return seen > 0 && static_cast<double>(musical) >= kBedShareBesideTheEnd * static_cast<double>(seen);
  };
  auto at_the_end = [&](std::size_t b, int side) { return side < 0 ? b < reach : b + reach >= n; };
  for (std::size_t b = 0; b < n; ++b) {
    if (c.blocks[b] != ContentKind::speech) continue;
    const bool before = music_within(c, b, reach, -1), after = music_within(c, b, reach, 1);
    inside[b] = (before && after) || (before && at_the_end(b, 1) && bed_on(b, -1)) ||
                (after && at_the_end(b, -1) && bed_on(b, 1));
  }
  return inside;
}

namespace {

// The chosen voice's clean speech as segments, everything else that is not silence as barriers;
// with `leave_doubtful`, the voice's doubtful blocks (ContentAnalysis::block_doubtful) count as
// barriers too; with `take_spare`, the lone voice's spare blocks (no voice, kSpareOfLoneVoice)
// count as the voice's, and the voice's blocks with music near on both sides do not; with
// `leave_laughs`, its laughs (kLaughBlock) are barriers; with `leave_turn_edges`, its islands and
// the replies at its turn edges (turn_edge_blocks) are left out; the blocks `beside_bed` marks
// (blocks_beside_a_bed_filled_like_it; empty: none) are barriers.
VoiceChoice keep_voice(const SpeechAnalysis& speech, const ContentAnalysis& c, double input_seconds,
                       const SelectOptions& o, int speaker, bool leave_doubtful, bool take_spare = false,
                       bool leave_laughs = false, bool leave_turn_edges = false,
                       const std::vector<bool>& beside_bed = {}) {
  VoiceChoice v;
  v.speech = figures_of(speech);
  v.speaker = speaker;
  const std::size_t n = c.blocks.size();
  auto spare = [&](std::size_t b) {
    return take_spare && c.block_speakers[b] == 0 && b < c.block_doubtful.size() &&
           c.block_doubtful[b] == kSpareOfLoneVoice;
  };
  // Taking spare blocks, the voice is short of a sample, and a block of it with music near on both
  // sides is a bed's quiet moment the content model called clean (analyse/content.hpp,
  // kSpareClearOfMusicSeconds: tune, session 25, 1.2 s of a bed kept in a sample otherwise).
  const auto reach = static_cast<std::size_t>(std::lround(kSpareClearOfMusicSeconds / c.block_seconds));
  auto inside_music = [&](std::size_t b) {
    return take_spare && music_within(c, b, reach, -1) && music_within(c, b, reach, 1);
  };
  auto mine = [&](std::size_t b) { return (c.block_speakers[b] == v.speaker || spare(b)) && !inside_music(b); };
  auto other_voice = [&](std::size_t b) {
    return b < n && holds_speech(c.blocks[b]) && !mine(b);
  };
  const std::vector<std::uint8_t> turn_edge =
      leave_turn_edges && v.speaker != 0 ? turn_edge_blocks(c, mine) : std::vector<std::uint8_t>(n, kNotAnEdge);
  auto allowed = [&](std::size_t b) {
    if (b >= n) return false;
    if (turn_edge[b] == kIsland) return false;
    if (b < beside_bed.size() && beside_bed[b]) return false;
    const bool voice = v.speaker == 0 || mine(b);
    if (leave_doubtful && b < c.block_doubtful.size() && c.block_doubtful[b] == kDoubtfulBlock) return false;
    if (leave_laughs && b < c.block_doubtful.size() && c.block_doubtful[b] == kLaughBlock) return false;
    // A block right beside another voice's (a change of speaker with no pause between) may
    // hold the start or end of the other's words: left out too.
    if (v.speaker != 0 && ((b > 0 && other_voice(b - 1)) || other_voice(b + 1))) return false;
    return voice && (c.blocks[b] == ContentKind::speech ||
                     (o.allow_music && c.blocks[b] == ContentKind::speech_over_music));
  };
  // A lone block of "other" sound (a breath, a click, a block at the file's edge where the
  // classifier has half its context) beside the voice is no barrier: cutting speech back to a
  // pause for it cost whole phrases; applause and noise worth leaving out last longer.
  auto lone_other = [&](std::size_t b) {
    return c.blocks[b] == ContentKind::other && (b == 0 || c.blocks[b - 1] != ContentKind::other) &&
           (b + 1 >= n || c.blocks[b + 1] != ContentKind::other);
  };
  auto barrier = [&](std::size_t b) {
    return b < n && !allowed(b) && c.blocks[b] != ContentKind::silence && !lone_other(b);
  };
  for (std::size_t b = 0; b < n; ++b) {
    if (!holds_speech(c.blocks[b])) continue;
    const bool voice = v.speaker == 0 || c.block_speakers[b] == v.speaker;
    if (!voice && c.block_speakers[b] == 0 && !spare(b)) v.no_voice_seconds += c.block_seconds;
    else if (voice && c.blocks[b] == ContentKind::speech_over_music && !o.allow_music) v.music_under_seconds += c.block_seconds;
  }
  // The other voices' talk as the speaker list gives it (`check`), so the two never disagree:
  // counted from the blocks, it took in the speech told to no voice too (issue 19: a refusal said
  // "1 other voice speaks 24 s" beside a list giving that voice 19 s).
  for (const Speaker& s : c.speakers)
    if (s.rank != v.speaker) v.other_voices_seconds += s.talk_seconds;

  // Barriers: runs of blocks that are neither the chosen clean speech nor silence.
  for (std::size_t b = 0; b < n;) {
    if (!barrier(b)) {
      ++b;
      continue;
    }
    std::size_t e = b;
    while (e < n && barrier(e)) ++e;
    v.speech.barriers.push_back({static_cast<double>(b) * c.block_seconds,
                                 std::min(input_seconds, static_cast<double>(e) * c.block_seconds)});
    b = e;
  }
  // Segments: the energy detector's speech, inside allowed or silent blocks, clear of barriers.
  // A barrier is known only to its 0.4 s block, and the speech beside it runs on without a
  // pause; where a run of allowed blocks meets a barrier, the speech is cut back to the nearest
  // pause at the detector's 20 ms resolution (select/pauses.hpp), never at the block edge, and
  // the words between that pause and the barrier become part of the barrier. A run with no
  // pause to cut in is left out whole. The barrier takes the words up to the pause, not half of
  // it: the whole pause is the kept piece's room, so its edge settles in the pause's middle
  // (select.cpp, settle_edge), clear of both sides. With half, the edge went to the middle of
  // the kept half, a quarter of the pause from the kept words, and in 0.12-0.4 s pauses under
  // noise, hum, a bed or a room that touched the words' hidden onset or tail (issue 19, cuts in
  // pauses; tune split, session 12: 30 edges in speech of 847 -> 18).
  std::vector<SpeechSegment> extra_barriers;
  for (const auto& seg : speech.segments) {
    const auto first = static_cast<std::size_t>(std::floor(seg.start_seconds / c.block_seconds));
    const auto last = static_cast<std::size_t>(std::floor(seg.end_seconds / c.block_seconds));
    // A reply at a turn edge: the detector's whole stretch is left out (turn_edge_blocks).
    if (leave_turn_edges && seg.end_seconds - seg.start_seconds <= kReplySeconds) {
      bool edge = false;
      for (std::size_t b = first; b <= last && b < n; ++b) edge = edge || turn_edge[b] == kTurnEdge;
      if (edge) {
        extra_barriers.push_back(seg);
        continue;
      }
    }
    for (std::size_t b = first; b <= last && b < n;) {
      if (barrier(b)) {
        ++b;
        continue;
      }
      std::size_t e = b;
      bool touches_allowed = false;
      while (e <= last && e < n && !barrier(e)) touches_allowed = touches_allowed || allowed(e), ++e;
      const double block_start = static_cast<double>(b) * c.block_seconds;
      const double block_end = static_cast<double>(e) * c.block_seconds;
      double start = std::max(seg.start_seconds, block_start);
      double end = std::min(seg.end_seconds, block_end);
      b = e;
      if (!touches_allowed) continue;
      // A barrier just before: inside the segment, or ending less than a margin before it.
      const bool barrier_before = start > seg.start_seconds ||
                                  (first > 0 && barrier(first - 1) && seg.start_seconds < block_start + kBarrierMargin);
      const bool barrier_after = end < seg.end_seconds ||
                                 (barrier(last + 1) && seg.end_seconds > block_end - kBarrierMargin);
      if (barrier_before) {
        auto p = first_pause(speech, block_start + kBarrierMargin, end);
        if (!p) continue;
        extra_barriers.push_back({block_start, p->start_seconds});
        start = std::max(start, p->end_seconds);
      }
      if (barrier_after) {
        auto p = last_pause(speech, start, block_end - kBarrierMargin);
        if (!p) continue;
        extra_barriers.push_back({p->end_seconds, block_end});
        end = std::min(end, p->start_seconds);
      }
      if (end - start >= 0.1) v.speech.segments.push_back({start, end});
    }
  }
  v.speech.barriers.insert(v.speech.barriers.end(), extra_barriers.begin(), extra_barriers.end());
  std::sort(v.speech.barriers.begin(), v.speech.barriers.end(),
            [](const SpeechSegment& a, const SpeechSegment& b) { return a.start_seconds < b.start_seconds; });
  for (auto& s : v.speech.segments) {
    v.clean_seconds += s.length();
    // The segment's quality: the mean of its blocks'.
    double sum = 0, count = 0;
    std::vector<float> snr;
    for (auto b = static_cast<std::size_t>(s.start_seconds / c.block_seconds);
         b < c.block_quality.size() && static_cast<double>(b) * c.block_seconds < s.end_seconds; ++b) {
      sum += c.block_quality[b];
      if (b < c.block_snr_db.size()) snr.push_back(c.block_snr_db[b]);
      count += 1;
    }
    if (count > 0) s.quality = sum / count;
    // Its clarity: the lower quartile of its blocks' (a bed under part of a long stretch shows).
    if (!snr.empty()) {
      auto q = snr.begin() + static_cast<std::ptrdiff_t>(snr.size() / 4);
      std::nth_element(snr.begin(), q, snr.end());
      s.local_snr_db = *q;
    }
  }
  v.speech.speech_seconds = v.clean_seconds;
  return v;
}


}  // namespace


Result<VoiceChoice> choose_voice(const SpeechAnalysis& speech, const ContentAnalysis& c,
                                 double input_seconds, const SelectOptions& o) {
  VoiceChoice v;
  v.speech = figures_of(speech);
  // Silence, room tone, nothing the energy detector calls speech: select_window says so.
  if (speech.silent || speech.segments.empty()) {
    v.speech.segments = speech.segments;
    v.speech.barriers = speech.barriers;
    return v;
  }
  const double any_speech = c.speech_seconds + c.speech_over_music_seconds;
  // Music with a few blocks the models took for speech (singing, a spoken word) is still music.
  if (!speech.silent && any_speech < 0.1 * (c.music_seconds + any_speech) && c.music_seconds > 0 &&
      c.music_seconds >= c.other_seconds)
    return fail(ErrorCategory::no_speech, "no speech: the recording is music");
  if (!speech.silent && any_speech == 0.0 && c.other_seconds > 0)
    return fail(ErrorCategory::no_speech,
                fmt::format("no speech: the recording holds {:.0f} s of sound that is neither "
                            "speech nor music (noise, applause or a babble of voices)",
                            c.other_seconds));
  auto rank = chosen_rank(c, o);
  if (!rank) return std::unexpected(rank.error());
  auto marked = [&](std::uint8_t mark) {
    return std::find(c.block_doubtful.begin(), c.block_doubtful.end(), mark) != c.block_doubtful.end();
  };
  const bool doubtful = marked(kDoubtfulBlock), spare = marked(kSpareOfLoneVoice);
  auto keep = [&](bool leave_laughs, const std::vector<bool>& beside_bed) {
    // The voice's islands and the replies at its turn edges (turn_edge_blocks) are left out
    // while what remains still makes a sample (min_seconds): a refusal for them would cost more
    // than the other person's word (real-voice tune, session 25: with no fallback, a lone
    // reader's islands beside speech told to no voice refused rv9 bed15-01, 15.7 s -> 9.9 s).
    auto without_turn_edges_if_enough = [&](bool leave_doubtful, const std::vector<bool>& bed) {
      VoiceChoice k = keep_voice(speech, c, input_seconds, o, *rank, leave_doubtful, false, leave_laughs, true, bed);
      if (k.clean_seconds < o.min_seconds)
        k = keep_voice(speech, c, input_seconds, o, *rank, leave_doubtful, false, leave_laughs, false, bed);
      return k;
    };
    VoiceChoice k = without_turn_edges_if_enough(doubtful, beside_bed);
    // The voice's doubtful pieces (analyse/speakers.cpp, steps 7 and 14: maybe another person's
    // words) are left out while what remains still makes a sample; otherwise the voice is taken
    // whole, as before, its turn edges still left out while it makes a sample without them (a
    // doubtful block anywhere had turned them back on for every voice under kSpareDoubtfulSeconds:
    // review, session 25). The words beside a bed come back before them: a quiet bed under a
    // few words costs less than another person's turn (review, session 26: left out to the last,
    // the bed's words had brought 1.8 s of doubtful speech back into a sample).
    if (doubtful && k.clean_seconds < kSpareDoubtfulSeconds && !beside_bed.empty()) {
      VoiceChoice w = without_turn_edges_if_enough(true, {});
      if (w.clean_seconds >= kSpareDoubtfulSeconds) k = std::move(w);
    }
    if (doubtful && k.clean_seconds < kSpareDoubtfulSeconds) k = without_turn_edges_if_enough(false, beside_bed);
    // A lone voice short of a sample takes its spare blocks (analyse/speakers.cpp, step 10: speech
    // left without a voice that the voiceprint hears as this one); elsewhere they stay out, as before.
    if (spare && *rank == 1 && k.clean_seconds < o.min_seconds) {
      VoiceChoice w = keep_voice(speech, c, input_seconds, o, *rank, false, true, leave_laughs, false, beside_bed);
      if (w.clean_seconds > k.clean_seconds) k = std::move(w);
    }
    return k;
  };
  // The voice's laughs (analyse/content.cpp, laugh_blocks) are left out while what remains still
  // makes a sample; a voice that reaches min_seconds only with them keeps them, as before, rather
  // than be refused (tests/realvoice/README.md, session 23: left out always, two tune scenes with
  // 10.0 and 10.3 s of heard speech were refused).
  const bool laughs = marked(kLaughBlock);
  auto keep_laughs_if_needed = [&](const std::vector<bool>& beside_bed) {
    VoiceChoice k = keep(laughs, beside_bed);
    // The words beside a bed come back before the laughs, as before the doubtful blocks.
    if (laughs && k.clean_seconds < o.min_seconds && !beside_bed.empty()) {
      VoiceChoice w = keep(true, {});
      if (w.clean_seconds >= o.min_seconds) return w;
    }
    if (laughs && k.clean_seconds < o.min_seconds) k = keep(false, beside_bed);
    return k;
  };
  // The clean speech beside a bed whose pauses hold it, or inside a bed, is left out while the
  // voice keeps a sample without it; a voice that makes one only with it keeps it, as before,
  // rather than be refused (issue 19: "clean speech refused: 0"). With --allow-music the speech
  // over the bed is wanted, and the clean words among it are the least musical of it: not left
  // out (review, session 26: they cut the kept speech into pieces around them).
  std::vector<bool> beside_bed = o.allow_music ? std::vector<bool>{} : blocks_beside_a_bed_filled_like_it(speech, c);
  const std::vector<bool> inside_bed = o.allow_music ? std::vector<bool>{} : blocks_inside_a_bed(c);
  for (std::size_t b = 0; b < beside_bed.size() && b < inside_bed.size(); ++b)
    if (inside_bed[b]) beside_bed[b] = true;
  const bool any_beside_bed = std::find(beside_bed.begin(), beside_bed.end(), true) != beside_bed.end();
  v = keep_laughs_if_needed(any_beside_bed ? beside_bed : std::vector<bool>{});
  if (any_beside_bed && v.clean_seconds < o.min_seconds) v = keep_laughs_if_needed({});

  if (v.clean_seconds < o.min_seconds && !(o.start_seconds || o.end_seconds)) {
    const std::string who = c.speakers.size() > 1 ? fmt::format(" by speaker {}", v.speaker) : "";
    const bool left_out = v.music_under_seconds >= 0.4 || c.speakers.size() > 1 ||
                          c.music_seconds >= 1.0 || c.other_seconds >= 1.0;
    std::string msg = fmt::format("found {:.1f} s of speech{}{}; the clone endpoint needs at least "
                                  "{:g} s", detail::shown_below(v.clean_seconds), who,
                                  left_out ? " without music or other voices" : "", o.min_seconds);
    if (v.music_under_seconds >= 0.4)
      msg += fmt::format("; {:.0f} s more has music under it (--allow-music accepts it, with a "
                         "warning)", v.music_under_seconds);
    if (c.speakers.size() > 1)
      msg += fmt::format("; {} other voice{} speak{} {:.0f} s (--speaker N or --speaker-at "
                         "SECONDS picks another)", c.speakers.size() - 1,
                         c.speakers.size() == 2 ? "" : "s", c.speakers.size() == 2 ? "s" : "",
                         v.other_voices_seconds);
    // With one voice listed the clause still says why so little was found: speech the speaker
    // analysis gave no voice (step 11 unlists a second voice whose words run on from the first's,
    // session 24) is left out, and a user who hears only themselves should know it is there.
    if (v.no_voice_seconds >= 1.0)
      msg += fmt::format("; {:.0f} s more speech could not be told to {} voice", v.no_voice_seconds,
                         c.speakers.size() > 1 ? "one" : "this");
    if (c.music_seconds >= 1.0 && v.music_under_seconds < 0.4)
      msg += fmt::format("; {:.0f} s of the recording is music", c.music_seconds);
    return fail(ErrorCategory::too_little_speech, msg);
  }
  return v;
}

}  // namespace voxclone::detail

namespace voxclone {

Result<SpeechAnalysis> keep_one_voice(const SpeechAnalysis& speech, const ContentAnalysis& content,
                                      double input_seconds, const SelectOptions& options) {
  auto v = detail::choose_voice(speech, content, input_seconds, options);
  if (!v) return std::unexpected(v.error());
  v->speech.frame_db = speech.frame_db;
  v->speech.is_speech = speech.is_speech;
  return std::move(v->speech);
}

}  // namespace voxclone
