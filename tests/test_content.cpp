// The content analysis against labelled recordings (testdata/voice, made by
// make_voice_fixtures.sh; the classifier was trained on a separately generated set, so these
// are held-out figures): what each stretch holds, who speaks, which seconds the sample keeps and
// whose voice they hold, and the warnings.
#include <cmath>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/test_support.hpp"
#include "voxclone/voxclone.hpp"

namespace {

struct Stretch {
  double start, end;
  std::string kind, speaker;
};

std::vector<Stretch> voice_labels(const std::string& name, const std::string& folder = "voice/") {
  std::ifstream f(vt::data(folder + name + ".labels.tsv"));
  std::vector<Stretch> out;
  std::string line;
  while (std::getline(f, line)) {
    std::istringstream is(line);
    Stretch s;
    if (std::getline(is >> s.start >> s.end >> std::ws, s.kind, '\t') && std::getline(is, s.speaker))
      out.push_back(s);
  }
  EXPECT_FALSE(out.empty()) << name;
  return out;
}

// Seconds of each (kind, speaker) inside [a, b).
std::map<std::pair<std::string, std::string>, double> cover(const std::vector<Stretch>& labels,
                                                            double a, double b) {
  std::map<std::pair<std::string, std::string>, double> out;
  for (const auto& s : labels) {
    const double o = std::min(b, s.end) - std::max(a, s.start);
    if (o > 0) out[{s.kind, s.speaker}] += o;
  }
  return out;
}

std::string top_speaker(const std::vector<Stretch>& labels) {
  std::map<std::string, double> talk;
  for (const auto& s : labels)
    if (s.kind == "speech") talk[s.speaker] += s.end - s.start;
  std::string best;
  for (const auto& [who, t] : talk)
    if (best.empty() || t > talk[best]) best = who;
  return best;
}

voxclone::Result<voxclone::PrepResult> prep(const std::string& name, voxclone::SelectOptions s = {}) {
  voxclone::PrepOptions o;
  o.select = s;
  return voxclone::prepare(voxclone::InputSource::file(vt::data("voice/" + name + ".opus")), o);
}

// The labelled speaker's share of the speech the sample holds, and the seconds of anything else.
struct Purity {
  double speech = 0, clean_top = 0, music = 0, other_voice = 0;
};
Purity purity(const std::vector<Stretch>& labels, const voxclone::Selection& sel, const std::string& who) {
  Purity p;
  for (const auto& piece : sel.pieces) {
    for (const auto& [key, sec] : cover(labels, piece.start_seconds, piece.end_seconds)) {
      const auto& [kind, speaker] = key;
      if (kind == "speech" || kind == "speech_music") p.speech += sec;
      if (kind == "speech" && speaker == who) p.clean_top += sec;
      if (kind == "music" || kind == "speech_music") p.music += sec;
      if ((kind == "speech" || kind == "speech_music") && speaker != who) p.other_voice += sec;
    }
  }
  return p;
}

const char* const kFixtures[] = {"applause",       "babble",    "clean_reference", "interlude",
                                 "interrupted",    "interview2", "interview3",     "music_bed",
                                 "music_bed_18db", "music_only", "panel4",         "podcast_intro"};

// Every block of every fixture against its labels: the five kinds, and the question that
// matters most, "is music playing", per non-silent block.
TEST(Content, KindsAgreeWithTheLabels) {
  double blocks = 0, kinds_right = 0, music_right = 0;
  for (const char* name : kFixtures) {
    const auto labels = voice_labels(name);
    voxclone::PrepOptions o;
    voxclone::PrepReport rep;
    (void)voxclone::check(voxclone::InputSource::file(vt::data(std::string("voice/") + name + ".opus")), o, &rep);
    ASSERT_TRUE(rep.content) << name;
    const auto& c = *rep.content;
    double n = 0, right = 0;
    for (std::size_t b = 0; b < c.blocks.size(); ++b) {
      const double a = static_cast<double>(b) * c.block_seconds;
      std::pair<std::string, std::string> truth{"silence", "-"};
      double most = 0;
      for (const auto& [key, sec] : cover(labels, a, a + c.block_seconds))
        if (sec > most) most = sec, truth = key;
      if (truth.first == "silence") continue;
      const std::string kind = truth.first == "speech_music" ? "speech_over_music" : truth.first;
      const bool music_truth = kind == "music" || kind == "speech_over_music";
      const bool music_found = c.blocks[b] == voxclone::ContentKind::music ||
                               c.blocks[b] == voxclone::ContentKind::speech_over_music;
      n += 1;
      right += kind == voxclone::to_string(c.blocks[b]);
      music_right += music_truth == music_found;
    }
    blocks += n;
    kinds_right += right;
    std::cout << name << ": " << 100.0 * right / n << " % of blocks of the right kind\n";
  }
  std::cout << "all: kinds " << 100.0 * kinds_right / blocks << " %, music present/absent "
            << 100.0 * music_right / blocks << " % of " << blocks << " blocks\n";
  // Measured 2026-11-22 (held out: the model never saw these): kinds 94.0 %, music present or
  // absent 96.3 % (the floor is 95 %). The kinds floor sits a little under, so a
  // regression shows.
  EXPECT_GE(kinds_right / blocks, 0.92);
  EXPECT_GE(music_right / blocks, 0.95);
}

// The sample comes from the labelled top talker's clean speech.
class OneVoice : public ::testing::TestWithParam<const char*> {};

TEST_P(OneVoice, KeptSpeechIsTheTopTalkersCleanSpeech) {
  const auto labels = voice_labels(GetParam());
  auto r = prep(GetParam());
  ASSERT_TRUE(r) << r.error().message;
  const auto p = purity(labels, *r->report.selection, top_speaker(labels));
  std::cout << GetParam() << ": " << p.speech << " s of speech kept, " << 100.0 * p.clean_top / p.speech
            << " % the top talker's clean speech\n";
  EXPECT_GE(p.speech, 10.0);
  EXPECT_GE(p.clean_top / p.speech, 0.95) << "other voice " << p.other_voice << " s, music " << p.music << " s";
  EXPECT_LT(p.music, 0.5);
  EXPECT_EQ(r->report.kept_speaker, 1);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, OneVoice,
                         ::testing::Values("clean_reference", "podcast_intro", "interlude",
                                           "interrupted", "interview2", "interview3", "panel4",
                                           "applause"));

TEST(OneVoice, InterruptionsAreLeftOut) {
  const auto labels = voice_labels("interrupted");
  auto r = prep("interrupted");
  ASSERT_TRUE(r);
  for (const auto& s : labels) {
    if (s.kind != "speech" || s.speaker == top_speaker(labels)) continue;
    double kept = 0;
    for (const auto& p : r->report.selection->pieces)
      kept += std::max(0.0, std::min(p.end_seconds, s.end) - std::max(p.start_seconds, s.start));
    EXPECT_LT(kept, 0.3) << "interruption " << s.start << "–" << s.end;
  }
  // The interrupter is found as a voice of its own.
  EXPECT_EQ(r->report.content->speakers.size(), 2u);
}

TEST(OneVoice, SpeakerOptionsPickAnotherVoice) {
  const auto labels = voice_labels("panel4");
  auto first = prep("panel4");
  ASSERT_TRUE(first);
  const auto& c = *first->report.content;
  ASSERT_GE(c.speakers.size(), 2u);
  // --speaker-at: whoever speaks where speaker 2 first speaks.
  voxclone::SelectOptions at;
  at.speaker_at_seconds = c.speakers[1].first_seconds + 0.5;
  at.min_seconds = 5;
  auto second = prep("panel4", at);
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(second->report.kept_speaker, 2);
  // Its kept speech is not the top talker's.
  const auto p = purity(labels, *second->report.selection, top_speaker(labels));
  EXPECT_LT(p.clean_top / p.speech, 0.05);
  voxclone::SelectOptions too_many;
  too_many.speaker = 9;
  auto none = prep("panel4", too_many);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().category, voxclone::ErrorCategory::invalid_argument);
}

TEST(Warnings, MusicLeftOutAndNoneForCleanSpeech) {
  auto has = [](const voxclone::PrepReport& r, std::string_view code) {
    for (const auto& w : r.warnings)
      if (w.code == code) return true;
    return false;
  };
  auto intro = prep("podcast_intro");
  ASSERT_TRUE(intro);
  EXPECT_TRUE(has(intro->report, "music_left_out"));
  auto clean = prep("clean_reference");
  ASSERT_TRUE(clean);
  EXPECT_TRUE(clean->report.warnings.empty()) << clean->report.warnings.front().code;
  auto panel = prep("panel4");
  ASSERT_TRUE(panel);
  EXPECT_TRUE(has(panel->report, "other_speakers_left_out"));
}

// A music bed 12 dB down under 36 s of speech, then 10.5 s of clean speech (46.6-58.9 s): without
// --allow-music the sample is that clean speech and nothing of the bed (the cuts land in its
// pauses since the analysis cuts at 20 ms, so those 10.5 s suffice); --allow-music accepts the
// speech over the bed too, with a warning.
TEST(Warnings, MusicBedLeftOutThenAcceptedWithAllowMusic) {
  auto strict = prep("music_bed");
  ASSERT_TRUE(strict) << strict.error().message;
  for (const auto& p : strict->report.selection->pieces) {
    EXPECT_GE(p.start_seconds, 45.5) << "a piece reaches into the bed";
    EXPECT_LE(p.end_seconds, 59.5);
  }
  for (const auto& w : strict->report.warnings) EXPECT_NE(w.code, "music_under_speech");
  bool left_out = false;
  for (const auto& w : strict->report.warnings) left_out |= w.code == "music_left_out";
  EXPECT_TRUE(left_out);
  voxclone::SelectOptions allow;
  allow.allow_music = true;
  auto accepted = prep("music_bed", allow);
  ASSERT_TRUE(accepted) << accepted.error().message;
  bool warned = false;
  for (const auto& w : accepted->report.warnings) warned |= w.code == "music_under_speech";
  EXPECT_TRUE(warned);
}

// An 18 dB bed under 39 s of speech, then 10 s of clean speech (testdata/voice music_bed_18db):
// the per-block model hears the bed only here and there, and main kept 2.1 s of it as clean
// speech (8.4-12.0 s and 40.0-41.6 s called speech). The bed fills the pauses between the words
// (content.cpp, speech_beside_a_bed_is_over_music; issue 19 item 4, session 13), so no block
// under it is clean speech and the clean speech after it stays clean; with --allow-music the
// sample says first that it has music under it.
TEST(Warnings, NoBlockUnderAnEighteenDbBedIsCleanSpeech) {
  const auto labels = voice_labels("music_bed_18db");
  voxclone::PrepOptions o;
  voxclone::PrepReport rep;
  (void)voxclone::check(voxclone::InputSource::file(vt::data("voice/music_bed_18db.opus")), o, &rep);
  ASSERT_TRUE(rep.content);
  const auto& c = *rep.content;
  double clean_blocks = 0, clean_right = 0;
  for (std::size_t b = 0; b < c.blocks.size(); ++b) {
    const double a = static_cast<double>(b) * c.block_seconds;
    for (const auto& [key, sec] : cover(labels, a, a + c.block_seconds)) {
      if (sec < 0.99 * c.block_seconds) continue;  // blocks wholly inside one label
      if (key.first == "speech_music") EXPECT_NE(c.blocks[b], voxclone::ContentKind::speech) << a << " s";
      if (key.first == "speech") clean_blocks += 1, clean_right += c.blocks[b] == voxclone::ContentKind::speech;
    }
  }
  ASSERT_GT(clean_blocks, 15);
  EXPECT_GE(clean_right / clean_blocks, 0.9);
  voxclone::SelectOptions allow;
  allow.allow_music = true;
  auto r = prep("music_bed_18db", allow);
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_FALSE(r->report.warnings.empty());
  EXPECT_EQ(r->report.warnings.front().code, "music_under_speech");
}

// Words said one at a time, the second half over a sparse bed with rests 16 dB under them
// (testdata/rooms/make_sparse_bed.py; issue 19 item 4, session 19: the real-voice tune scenes
// bed18-01 and bed12-01 were kept whole over such beds with no warning). 2 s at a time the bed
// sounds like a room to the content model, and its rests are the quietest frames around every
// word, so before session 19 its words were clean speech (a second voice, "other speakers left
// out") and nothing said music. The level of the pauses steps up where the bed starts
// (content_bed_split.hpp): no word under the bed is clean speech, the clean words stay clean,
// and the sample is the clean half, saying that music was left out.
TEST(Warnings, ASparseBedWithRestsIsNotCleanSpeech) {
  const auto labels = voice_labels("sparse_bed", "rooms/");
  voxclone::PrepOptions o;
  voxclone::PrepReport rep;
  (void)voxclone::check(voxclone::InputSource::file(vt::data("rooms/sparse_bed.opus")), o, &rep);
  ASSERT_TRUE(rep.content);
  const auto& c = *rep.content;
  double clean_blocks = 0, clean_right = 0, bed_blocks = 0;
  for (std::size_t b = 0; b < c.blocks.size(); ++b) {
    const double a = static_cast<double>(b) * c.block_seconds;
    for (const auto& [key, sec] : cover(labels, a, a + c.block_seconds)) {
      if (sec < 0.99 * c.block_seconds) continue;  // blocks wholly inside one word
      if (key.first == "speech_music") {
        bed_blocks += 1;
        EXPECT_NE(c.blocks[b], voxclone::ContentKind::speech) << a << " s";
      }
      if (key.first == "speech") clean_blocks += 1, clean_right += c.blocks[b] == voxclone::ContentKind::speech;
    }
  }
  ASSERT_GT(bed_blocks, 10);
  ASSERT_GT(clean_blocks, 10);
  EXPECT_GE(clean_right / clean_blocks, 0.9);
  auto r = voxclone::prepare(voxclone::InputSource::file(vt::data("rooms/sparse_bed.opus")), o);
  ASSERT_TRUE(r) << r.error().message;
  double bed_start = 1e9;
  for (const auto& l : labels)
    if (l.kind == "speech_music") bed_start = std::min(bed_start, l.start);
  for (const auto& p : r->report.selection->pieces) EXPECT_LE(p.end_seconds, bed_start) << "a piece reaches into the bed";
  bool left_out = false;
  for (const auto& w : r->report.warnings) {
    left_out |= w.code == "music_left_out";
    EXPECT_NE(w.code, "music_under_speech") << w.message;
  }
  EXPECT_TRUE(left_out);
}

// A sample that still has music under it says so first (issue 19): with --allow-music the bed's
// speech is kept, and "music under the kept speech" comes before "music left out".
TEST(Warnings, MusicUnderTheSampleIsTheFirstWarning) {
  voxclone::SelectOptions allow;
  allow.allow_music = true;
  auto r = prep("music_bed", allow);
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_FALSE(r->report.warnings.empty());
  EXPECT_EQ(r->report.warnings.front().code, "music_under_speech");
}

// A reverberant room and mains hum are not music (issue 19, item 4): testdata/rooms holds one
// synthetic voice in a large room, one in a larger room and one over 50 Hz hum 25 dB down
// (make_room_fixtures.sh). The content model retrained with real scenes weighted up (session 10)
// refused the first room as speech over music; the committed model alone calls all 24 s of the
// larger room's speech speech over music, and the pauses' spectra (content_pauses.hpp: a tail
// that fades, no bed) now overrule it.
TEST(Warnings, NoMusicWarningForARoomOrHum) {
  for (const char* name : {"speech_reverb", "speech_big_room", "speech_hum"}) {
    voxclone::PrepOptions o;
    auto r = voxclone::prepare(voxclone::InputSource::file(vt::data(std::string("rooms/") + name + ".opus")), o);
    ASSERT_TRUE(r) << name << ": " << r.error().message;
    for (const auto& w : r->report.warnings) {
      EXPECT_NE(w.code, "music_left_out") << name << ": " << w.message;
      EXPECT_NE(w.code, "music_under_speech") << name << ": " << w.message;
    }
    const auto& c = *r->report.content;
    EXPECT_LT(c.music_seconds + c.speech_over_music_seconds, 1.0) << name;
    EXPECT_GE(c.speech_seconds, 20.0) << name;
  }
}

// Steady noise is not music either (issue 19, item 4): testdata/speech_noisy.flac (speech over
// steady noise) got "1 s of music left out" from the content model alone; its pauses' spectra
// keep one shape, so it has no music, and its noise is still reported.
TEST(Warnings, NoMusicWarningForSteadyNoise) {
  voxclone::PrepOptions o;
  auto r = voxclone::check(voxclone::InputSource::file(vt::data("speech_noisy.flac")), o);
  ASSERT_TRUE(r) << r.error().message;
  bool noise = false;
  for (const auto& w : r->warnings) {
    EXPECT_NE(w.code, "music_left_out") << w.message;
    EXPECT_NE(w.code, "music_under_speech") << w.message;
    noise |= w.code == "high_noise_floor";
  }
  EXPECT_TRUE(noise);
  ASSERT_TRUE(r->content);
  EXPECT_LT(r->content->music_seconds + r->content->speech_over_music_seconds, 0.5);
}

// What stands close under the speech in a reverberant room is the words' own echo, and the
// warning says so, with advice that helps there (session 28: "record in a quieter room" does not):
// the two rooms' kept pauses are mostly fading tails, the steady noise's are not.
TEST(Warnings, AReverberantRoomsFloorIsNamedAsItsEcho) {
  const auto floor_warning = [](const char* file, double& echo) {
    voxclone::PrepOptions o;
    auto r = voxclone::check(voxclone::InputSource::file(vt::data(file)), o);
    EXPECT_TRUE(r) << file << ": " << (r ? "" : r.error().message);
    std::string message;
    if (!r) return message;
    for (const auto& w : r->warnings)
      if (w.code == "high_noise_floor") message = w.message;
    echo = r->kept ? r->kept->echo_pause_fraction : -1.0;
    return message;
  };
  for (const char* room : {"rooms/speech_reverb.opus", "rooms/speech_big_room.opus"}) {
    double echo = -1.0;
    const std::string message = floor_warning(room, echo);
    EXPECT_NE(message.find("room's echo"), std::string::npos) << room << ": " << message;
    EXPECT_EQ(message.find("background noise"), std::string::npos) << room << ": " << message;
    EXPECT_GT(echo, 0.4) << room;
  }
  double echo = -1.0;
  const std::string message = floor_warning("speech_noisy.flac", echo);
  EXPECT_NE(message.find("background noise"), std::string::npos) << message;
  EXPECT_GE(echo, 0.0);
  EXPECT_LT(echo, 0.4);
}

TEST(Warnings, BabbleUnderTheSpeechIsNoticed) {
  voxclone::PrepOptions o;
  voxclone::PrepReport rep;
  o.select.allow_music = true;  // babble can pass for a bed: accept it to see the warnings
  auto r = voxclone::check(voxclone::InputSource::file(vt::data("voice/babble.opus")), o, &rep);
  ASSERT_TRUE(r) << r.error().message;
  bool noticed = false;
  for (const auto& w : r->warnings)
    noticed |= w.code == "background_voices" || w.code == "high_noise_floor";
  EXPECT_TRUE(noticed);
}

TEST(Cli, MusicOnlyIsRefusedAsMusic) {
  const auto r = vt::cli({"prep", vt::data("voice/music_only.opus").string(), "-o",
                          (std::filesystem::temp_directory_path() / "vc-music-only.wav").string()});
  EXPECT_EQ(r.exit_code, 5);
  EXPECT_NE(r.err.find("no speech: the recording is music"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(std::filesystem::temp_directory_path() / "vc-music-only.wav"));
}

// Game music of a genre the content model never heard (testdata/voice/make_chiptune.sh: a
// sawtooth lead over a bass that never stops): the model calls most of it clean speech, and
// before the music guard (analyse/content_music_guard.hpp) `prep` made a 30 s "voice" of it.
// Its "speech" never falls silent, so it is music.
TEST(Cli, ChiptuneTheModelHearsAsSpeechIsRefusedAsMusic) {
  const auto out = std::filesystem::temp_directory_path() / "vc-chiptune.wav";
  std::filesystem::remove(out);
  const auto r = vt::cli({"prep", vt::data("voice/chiptune.opus").string(), "-o", out.string(), "--json", "-v"});
  EXPECT_EQ(r.exit_code, 5) << r.err;
  EXPECT_NE(r.err.find("never pauses, music"), std::string::npos) << r.err;
  const auto j = vt::cli_json(r);
  EXPECT_NE(j["results"][0]["error"]["message"].get<std::string>().find("no speech: the recording is music"),
            std::string::npos)
      << j.dump();
  EXPECT_FALSE(std::filesystem::exists(out));
}

// Speech under steady noise nearly as loud as the voice (testdata/voice/make_speech_under_noise.sh:
// speech_long.flac with pink noise 4 dB under its RMS) never pauses, so the music guard fires;
// before session 15 it was refused as "the recording is music". Its floor is flat and holds no
// note (content_music_guard.hpp, judge_floor), so the refusal says what it is, with the figure.
TEST(Cli, SpeechUnderLoudSteadyNoiseIsRefusedAsThatNotAsMusic) {
  const auto out = std::filesystem::temp_directory_path() / "vc-under-noise.wav";
  std::filesystem::remove(out);
  const auto r = vt::cli({"prep", vt::data("voice/speech_under_noise.opus").string(), "-o", out.string(), "--json", "-v"});
  EXPECT_EQ(r.exit_code, 5) << r.err;
  EXPECT_NE(r.err.find("never pauses"), std::string::npos) << r.err;
  const auto j = vt::cli_json(r);
  const auto message = j["results"][0]["error"]["message"].get<std::string>();
  EXPECT_EQ(message.find("music"), std::string::npos) << message;
  EXPECT_NE(message.find("the speech is under steady noise nearly as loud as the voice"), std::string::npos) << message;
  // The figure: the words' median level over the quietest frames around them, under the
  // guard's 13.7 dB.
  const auto at = message.find("stand only ");
  ASSERT_NE(at, std::string::npos) << message;
  const double db = std::stod(message.substr(at + 11));
  EXPECT_GT(db, 5.0) << message;
  EXPECT_LT(db, 13.7) << message;
  EXPECT_FALSE(std::filesystem::exists(out));
}

// Letters said one at a time over 60 Hz mains hum (testdata/rooms/make_letters_hum.py): the
// energy detector's floor was the hum, so the letters' quieter frames and tails fell under its
// margin (21 s of speech found, "found 7.6 s of speech by speaker 1"; the noise14 tune scenes
// hum-06 and hum-08). The hum's lines are found in the quietest stretches and the levels and the
// voice meter measured again without them (analyse/mains_hum.hpp): the floor is the room's and
// the letters make a sample.
TEST(Cli, LettersUnderMainsHumMakeASample) {
  const auto out = std::filesystem::temp_directory_path() / "vc-letters-hum.wav";
  std::filesystem::remove(out);
  const auto r = vt::cli({"prep", vt::data("rooms/letters_hum.opus").string(), "-o", out.string(), "--json", "-v"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("mains hum at 60 Hz"), std::string::npos) << r.err;
  EXPECT_TRUE(std::filesystem::exists(out));
  const auto j = vt::cli_json(r);
  const auto& rep = j["results"][0]["report"]["analysis"];
  // The detector's floor is the room (-62 dBFS), no longer the hum (-48.5), and it finds the
  // letters' tails (29 s, where the hum left 21 s).
  EXPECT_LT(rep["noise_floor_dbfs"].get<double>(), -55.0) << rep.dump();
  EXPECT_GT(rep["speech_seconds"].get<double>(), 26.0) << rep.dump();
  std::filesystem::remove(out);
}

TEST(Cli, JsonHasTimelineAndSpeakers) {
  const auto r = vt::cli({"check", vt::data("voice/interview3.opus").string(), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = vt::cli_json(r);
  const auto& c = j["results"][0]["report"]["content"];
  ASSERT_TRUE(c.is_object()) << r.out;
  // Three voices; one of them may be split in two (a phone-line voice), never two merged.
  EXPECT_GE(c["speakers"].size(), 3u);
  EXPECT_LE(c["speakers"].size(), 4u);
  EXPECT_EQ(c["kept_speaker"], 1);
  ASSERT_FALSE(c["timeline"].empty());
  double last_end = 0;
  for (const auto& s : c["timeline"]) {
    EXPECT_NEAR(s["start_seconds"].get<double>(), last_end, 0.11);
    last_end = s["end_seconds"].get<double>();
  }
  EXPECT_NEAR(last_end, 44.6, 0.5);
}

}  // namespace

// Words under a continuous room are still speech (issue 19, item 4; session 17). Real rooms sit
// 20-35 dB under the voice all through a recording; the content model fitted before session 17
// never heard a room under words, and with one 20 dB down it called most of a real voice's words
// "other sound" (12 real tune notes: 45.6 of 134.6 s still speech). Session 17's model was fitted
// with rooms under every clip. A guard, not the measurement: a synthetic voice is voiced and
// steady throughout and kept its speech under a room with the older model too (the real-voice
// figures are in tests/train/README.md). Here the clean fixture gets a pink room (seeded,
// filtered white noise: a room needs no fixture file) 20 dB under its speech.
TEST(Rooms, WordsUnderAContinuousRoomAreStillSpeech) {
  auto d = voxclone::decode(voxclone::InputSource::file(vt::data("voice/clean_reference.opus")));
  ASSERT_TRUE(d) << d.error().message;
  voxclone::Audio clean = d->audio;
  const auto clean_speech = voxclone::detect_speech(clean);
  auto base = voxclone::analyse_content(clean, clean_speech);
  ASSERT_TRUE(base) << base.error().message;

  // Paul Kellet's economy pink filter over seeded white noise, levelled against the speech's
  // active level (detect_speech's figure, dBFS).
  std::mt19937 rng(17);
  std::normal_distribution<float> white(0.0f, 1.0f);
  std::vector<float> room(clean.samples.size());
  float b0 = 0, b1 = 0, b2 = 0;
  double power = 0;
  for (auto& v : room) {
    const float w = white(rng);
    b0 = 0.99765f * b0 + w * 0.0990460f;
    b1 = 0.96300f * b1 + w * 0.2965164f;
    b2 = 0.57000f * b2 + w * 1.0526913f;
    v = b0 + b1 + b2 + w * 0.1848f;
    power += double{v} * v;
  }
  const double rms = std::sqrt(power / static_cast<double>(room.size()));
  const double gain = std::pow(10.0, (clean_speech.speech_level_dbfs - 20.0) / 20.0) / rms;
  voxclone::Audio roomy = clean;
  for (std::size_t i = 0; i < roomy.samples.size(); ++i) roomy.samples[i] += static_cast<float>(gain * room[i]);

  const auto speech = voxclone::detect_speech(roomy);
  auto c = voxclone::analyse_content(roomy, speech);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_GE(c->speech_seconds, 0.85 * base->speech_seconds)
      << "clean " << base->speech_seconds << " s of speech, under the room " << c->speech_seconds << " s";
  EXPECT_LT(c->other_seconds, 2.0);
  EXPECT_LT(c->music_seconds + c->speech_over_music_seconds, 1.0);
}
