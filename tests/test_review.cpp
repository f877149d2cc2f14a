// The review page (voxclone/review.hpp) and what it is made of (prep/left_out.hpp,
// review/excerpts.hpp): what was left out and why, each voice's clearest seconds, every
// embedded MP3 measured by ffprobe, the sample as prep would make it measured by ffmpeg's own
// loudness meter, a one-hour input under 3 MB, and the page's order and safety. The page in a
// real browser: tests/browser/review_in_chromium.py.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "prep/left_out.hpp"
#include "review/excerpts.hpp"
#include "review/html.hpp"
#include "support/test_support.hpp"
#include "voxclone/voxclone.hpp"

namespace {

using voxclone::detail::LeftOutReason;

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// Every <audio ...> tag of a page: its attributes by name. (Read by hand: std::regex recurses
// per character and a data: URI is a megabyte long.)
std::vector<std::map<std::string, std::string>> audio_tags(const std::string& page) {
  std::vector<std::map<std::string, std::string>> out;
  for (auto at = page.find("<audio "); at != std::string::npos; at = page.find("<audio ", at + 1)) {
    const auto end = page.find('>', at);
    std::map<std::string, std::string> attrs;
    std::size_t i = at + 7;
    while (i < end) {
      while (i < end && page[i] == ' ') ++i;
      std::size_t j = i;
      while (j < end && page[j] != '=' && page[j] != ' ') ++j;
      const std::string name = page.substr(i, j - i);
      std::string value;
      if (j < end && page[j] == '=') {
        const auto close = page.find('"', j + 2);
        value = page.substr(j + 2, close - j - 2);
        j = close + 1;
      }
      if (!name.empty()) attrs[name] = value;
      i = j;
    }
    out.push_back(std::move(attrs));
  }
  return out;
}

// A data: URI's MP3 written to a file (coreutils' base64 decodes it), for ffprobe and ffmpeg.
std::filesystem::path mp3_of(const std::string& uri, const std::filesystem::path& dir,
                             const std::string& name) {
  const std::string prefix = "data:audio/mpeg;base64,";
  EXPECT_TRUE(uri.starts_with(prefix)) << uri.substr(0, 40);
  const auto b64 = dir / (name + ".b64");
  std::ofstream(b64) << uri.substr(prefix.size());
  const auto mp3 = dir / (name + ".mp3");
  auto r = vt::run({"/bin/sh", "-c", "base64 -d '" + b64.string() + "' > '" + mp3.string() + "'"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return mp3;
}

double probed_seconds(const std::filesystem::path& file) {
  return std::stod(vt::probe(file)["format"]["duration"].get<std::string>());
}

struct Prepared {
  voxclone::InputSource source;
  voxclone::PrepResult result;
};

Prepared prepared(const std::string& name, voxclone::PrepOptions o = {}) {
  auto src = voxclone::InputSource::file(vt::data(name));
  auto r = voxclone::prepare(src, o);
  EXPECT_TRUE(r) << (r ? "" : r.error().message);
  return {src, r ? std::move(*r) : voxclone::PrepResult{}};
}

TEST(LeftOut, NamesEveryStretchOutsideThePiecesByWhatItHolds) {
  const auto p = prepared("voice/interview2.opus");
  const auto& rep = p.result.report;
  ASSERT_TRUE(rep.selection && rep.content);
  ASSERT_GE(rep.content->speakers.size(), 2u);
  const auto left = voxclone::detail::left_out(rep);
  ASSERT_FALSE(left.empty());
  bool other_voice = false;
  for (std::size_t i = 0; i < left.size(); ++i) {
    const auto& l = left[i];
    EXPECT_LT(l.start_seconds, l.end_seconds);
    if (i > 0) EXPECT_GE(l.start_seconds, left[i - 1].end_seconds - 1e-9);
    // Nothing listed as left out is inside a kept piece.
    for (const auto& piece : rep.selection->pieces)
      EXPECT_TRUE(l.end_seconds <= piece.start_seconds + 1e-6 ||
                  l.start_seconds >= piece.end_seconds - 1e-6)
          << l.start_seconds << "–" << l.end_seconds;
    if (l.reason == LeftOutReason::other_voice) {
      other_voice = true;
      EXPECT_NE(l.speaker, rep.kept_speaker);
      EXPECT_GT(l.speaker, 0);
    }
    if (l.reason == LeftOutReason::pause_shortened) EXPECT_TRUE(l.in_window);
  }
  EXPECT_TRUE(other_voice) << "the second voice of an interview is left out as a voice";
  // The other voice's talk time is what the page says was left out of it, give or take the
  // stretches it shares with silence at its edges.
  double voice2 = 0;
  for (const auto& l : left)
    if (l.reason == LeftOutReason::other_voice) voice2 += l.end_seconds - l.start_seconds;
  double others_talk = 0;
  for (const auto& s : rep.content->speakers)
    if (s.rank != rep.kept_speaker) others_talk += s.talk_seconds;
  EXPECT_NEAR(voice2, others_talk, 0.15 * others_talk + 1.0);
}

TEST(Excerpts, EachVoicesClearestSecondsAreItsOwnSpeech) {
  const auto p = prepared("voice/interview2.opus");
  const auto& c = *p.result.report.content;
  for (const auto& s : c.speakers) {
    const auto at = voxclone::detail::clearest_seconds(c, s.rank, 6.0);
    ASSERT_TRUE(at) << "voice " << s.rank;
    EXPECT_NEAR(at->end_seconds - at->start_seconds, 6.0, c.block_seconds);
    // Most of those seconds are this voice speaking alone.
    std::size_t own = 0, all = 0;
    for (auto b = static_cast<std::size_t>(at->start_seconds / c.block_seconds);
         b < c.blocks.size() && static_cast<double>(b) * c.block_seconds < at->end_seconds - 1e-6;
         ++b, ++all)
      own += c.blocks[b] == voxclone::ContentKind::speech && c.block_speakers[b] == s.rank;
    EXPECT_GE(static_cast<double>(own), 0.6 * static_cast<double>(all)) << "voice " << s.rank;
  }
}

TEST(ReviewPage, EveryEmbeddedExcerptDecodesToItsLength) {
  const auto dir = vt::temp_dir("review_page");
  const auto p = prepared("voice/interview2.opus", [] {
    voxclone::PrepOptions o;
    o.format = voxclone::SampleFormat::mp3;
    return o;
  }());
  const auto& rep = p.result.report;
  auto page = voxclone::review_page({&p.source, &rep, &p.result.sample, nullptr});
  ASSERT_TRUE(page) << page.error().message;
  EXPECT_TRUE(page->starts_with("<!DOCTYPE html>"));
  EXPECT_TRUE(page->ends_with("</html>\n"));
  // Self-contained: nothing to fetch, and a policy that forbids fetching anything.
  EXPECT_EQ(page->find("http://"), std::string::npos);
  EXPECT_EQ(page->find("https://"), std::string::npos);
  EXPECT_NE(page->find("default-src 'none'"), std::string::npos);
  const auto tags = audio_tags(*page);
  std::size_t voices = 0, whole = 0, samples = 0;
  for (std::size_t i = 0; i < tags.size(); ++i) {
    const auto& a = tags[i];
    EXPECT_FALSE(a.at("aria-label").empty());
    const auto mp3 = mp3_of(a.at("src"), dir, "clip" + std::to_string(i));
    const double seconds = probed_seconds(mp3);
    if (a.contains("data-start")) {
      const double want = std::stod(a.at("data-end")) - std::stod(a.at("data-start"));
      EXPECT_NEAR(seconds, want, 0.08) << a.at("aria-label");
      voices += a.at("data-role") == "voice";
      whole += a.at("data-role") == "whole";
    } else {
      ++samples;
      EXPECT_NEAR(seconds, rep.output->duration_seconds, 0.08);
      // An MP3 sample is played as the very bytes prep made.
      std::ifstream in(mp3, std::ios::binary);
      const std::vector<char> bytes((std::istreambuf_iterator<char>(in)),
                                    std::istreambuf_iterator<char>());
      ASSERT_EQ(bytes.size(), p.result.sample.bytes.size());
      EXPECT_EQ(std::memcmp(bytes.data(), p.result.sample.bytes.data(), bytes.size()), 0);
    }
  }
  EXPECT_EQ(voices, rep.content->speakers.size());
  EXPECT_EQ(whole, 1u) << "a short input is embedded whole";
  EXPECT_EQ(samples, 1u);
  // Every voice offers the command that keeps it, and the kept one is marked.
  for (const auto& s : rep.content->speakers)
    EXPECT_NE(page->find("interview2.opus --speaker " + std::to_string(s.rank) + "<"),
              std::string::npos)
        << s.rank;
  EXPECT_EQ(count(*page, "<li class=\"voice kept\""), 1u);
  // Every warning, worded as in the report, blocking ones before the rest.
  std::size_t last_blocking = 0, first_other = std::string::npos;
  for (const auto& w : rep.warnings) {
    const auto at = page->find("data-code=\"" + w.code + "\"");
    ASSERT_NE(at, std::string::npos) << w.code;
    EXPECT_NE(page->find(w.message.substr(0, 30)), std::string::npos) << w.message;
  }
  for (const auto& why : rep.verdict->reasons) {
    const auto at = page->find("data-code=\"" + why.code + "\"");
    if (why.blocks_upload)
      last_blocking = std::max(last_blocking, at);
    else
      first_other = std::min(first_other, at);
  }
  if (first_other != std::string::npos) EXPECT_LT(last_blocking, first_other);
  // Each left-out stretch is on the timeline and in the table with its reason.
  const auto left = voxclone::detail::left_out(rep);
  EXPECT_EQ(count(*page, "class=\"seg left-out"), left.size());
  EXPECT_EQ(count(*page, "<tr data-reason="), std::min<std::size_t>(left.size(), 150));
}

TEST(ReviewPage, ACheckReportPlaysTheSampleAsPrepWouldMakeIt) {
  const auto dir = vt::temp_dir("review_check");
  auto src = voxclone::InputSource::file(vt::data("speech_quiet.flac"));
  auto rep = voxclone::check(src);
  ASSERT_TRUE(rep) << rep.error().message;
  ASSERT_FALSE(rep->normalised);
  voxclone::ReviewOptions o;
  o.target_lufs = -23.0;
  auto page = voxclone::review_page({&src, &*rep, nullptr, nullptr}, o);
  ASSERT_TRUE(page) << page.error().message;
  const auto tags = audio_tags(*page);
  const auto sample = std::find_if(tags.begin(), tags.end(),
                                   [](const auto& a) { return a.contains("data-seconds"); });
  ASSERT_NE(sample, tags.end());
  const auto mp3 = mp3_of(sample->at("src"), dir, "sample");
  EXPECT_NEAR(probed_seconds(mp3), rep->selection->output_seconds, 0.1);
  // Normalised to the page's target, as an independent meter (ffmpeg's ebur128) hears it.
  const auto m = vt::independent_meter(mp3);
  EXPECT_NEAR(m.integrated_lufs, -23.0, 1.0);
  EXPECT_LE(m.true_peak_dbtp, -2.0 + 0.6);
  EXPECT_NE(page->find("class=\"target\""), std::string::npos);
  EXPECT_NE(page->find("target -23 LUFS"), std::string::npos);
}

TEST(ReviewPage, StandardInputIsRefusedWithAReason) {
  auto file = voxclone::InputSource::file(vt::data("speech_long.flac"));
  auto rep = voxclone::check(file);
  ASSERT_TRUE(rep) << rep.error().message;
  const auto in = voxclone::InputSource::standard_input();
  auto page = voxclone::review_page({&in, &*rep, nullptr, nullptr});
  ASSERT_FALSE(page);
  EXPECT_EQ(page.error().category, voxclone::ErrorCategory::invalid_argument);
  EXPECT_NE(page.error().message.find("standard input can be read only once"), std::string::npos);
}

TEST(ReviewIndex, ListsEveryInputWorstFirst) {
  auto good = voxclone::InputSource::file(vt::data("speech_long.flac"));
  auto babble = voxclone::InputSource::file(vt::data("voice/babble.opus"));
  auto tone = voxclone::InputSource::file(vt::data("room_tone.flac"));
  auto g = voxclone::check(good);
  auto b = voxclone::check(babble);
  voxclone::PrepReport partial;
  auto t = voxclone::check(tone, {}, &partial);
  ASSERT_TRUE(g && b);
  ASSERT_FALSE(t);
  ASSERT_EQ(b->verdict->kind, voxclone::VerdictKind::refuse);
  const voxclone::Error err = t.error();
  const std::vector<voxclone::ReviewInput> inputs = {{&good, &*g, nullptr, nullptr},
                                                     {&babble, &*b, nullptr, nullptr},
                                                     {&tone, &partial, nullptr, &err}};
  auto page = voxclone::review_index(inputs);
  ASSERT_TRUE(page) << page.error().message;
  const auto failed = page->find("data-verdict=\"failed\"");
  const auto refused = page->find("data-verdict=\"refuse\"");
  const auto usable = page->find("data-verdict=\"usable");
  ASSERT_NE(failed, std::string::npos);
  ASSERT_NE(refused, std::string::npos);
  ASSERT_NE(usable, std::string::npos);
  EXPECT_LT(failed, refused);
  EXPECT_LT(refused, usable);
  // A player for each sample there is (the room tone has none).
  EXPECT_EQ(audio_tags(*page).size(), 2u);
  EXPECT_NE(page->find("voxclone review " + vt::data("speech_long.flac").string() + "<"),
            std::string::npos);
}

// A one-hour input: a busy report (a timeline of 3000 stretches, six voices, the kept window
// near the middle, forty warnings) over an hour of real audio, with prep's own 128 kb/s MP3
// sample played as it is: the page stays under 3 MB.
TEST(ReviewPage, AnHourStaysUnderThreeMegabytes) {
  constexpr double kHour = 3600.0;
  constexpr int kRate = 8000;
  // An hour of a 220 Hz tone under noise, 16-bit at 8 kHz (57.6 MB), read through the same
  // decode and resampling path as any input.
  std::vector<std::int16_t> pcm(static_cast<std::size_t>(kHour * kRate));
  std::uint32_t seed = 1;
  for (std::size_t i = 0; i < pcm.size(); ++i) {
    seed = seed * 1664525u + 1013904223u;
    const double noise = (static_cast<double>(seed >> 16) / 65536.0 - 0.5) * 0.05;
    pcm[i] = static_cast<std::int16_t>(std::lround(
        32767 * (0.3 * std::sin(2 * M_PI * 220.0 * static_cast<double>(i) / kRate) + noise)));
  }
  const auto src = voxclone::InputSource::pcm(std::as_bytes(std::span(pcm)), kRate, 1,
                                              voxclone::PcmFormat::s16, "hour.raw");
  voxclone::PrepReport r;
  r.input_name = "hour.raw";
  r.input.duration_seconds = kHour;
  r.input.stream_index = 0;
  voxclone::ContentAnalysis c;
  c.block_seconds = 0.4;
  const auto blocks = static_cast<std::size_t>(kHour / c.block_seconds);
  for (std::size_t b = 0; b < blocks; ++b) {
    const std::size_t stretch = b / 3;  // 1.2 s stretches
    const auto kind = stretch % 7 == 3   ? voxclone::ContentKind::music
                      : stretch % 5 == 4 ? voxclone::ContentKind::silence
                                         : voxclone::ContentKind::speech;
    c.blocks.push_back(kind);
    c.block_speakers.push_back(
        kind == voxclone::ContentKind::speech ? static_cast<int>(stretch % 6) + 1 : 0);
    c.block_quality.push_back(0.5f);
  }
  for (std::size_t s = 0; s * 3 < blocks; ++s)
    c.timeline.push_back({static_cast<double>(s) * 1.2,
                          std::min(kHour, static_cast<double>(s + 1) * 1.2), c.blocks[s * 3],
                          c.block_speakers[s * 3]});
  for (int v = 1; v <= 6; ++v) c.speakers.push_back({v, 400.0, 3.6 * (v - 1), 100.0 + 20 * v});
  r.content = c;
  r.kept_speaker = 1;
  voxclone::Selection sel;
  for (int k = 0; k < 5; ++k) sel.pieces.push_back({1800.0 + 25.2 * k, 1800.0 + 25.2 * k + 1.2});
  sel.start_seconds = sel.pieces.front().start_seconds;
  sel.end_seconds = sel.pieces.back().end_seconds;
  sel.output_seconds = 18.0;
  r.selection = sel;
  r.waveform.step_seconds = kHour / 8192;
  r.waveform.min.assign(8192, -0.35f);
  r.waveform.max.assign(8192, 0.35f);
  for (int k = 0; k < 40; ++k)
    r.warnings.push_back(
        {"other_sound_left_out", "a warning line of ordinary length " + std::to_string(k)});
  voxclone::PrepOptions mp3;
  mp3.format = voxclone::SampleFormat::mp3;
  const auto sample =
      voxclone::prepare(voxclone::InputSource::file(vt::data("speech_long.flac")), mp3);
  ASSERT_TRUE(sample) << sample.error().message;
  ASSERT_GT(sample->sample.bytes.size(), 400'000u);
  auto page = voxclone::review_page({&src, &r, &sample->sample, nullptr});
  ASSERT_TRUE(page) << page.error().message;
  EXPECT_LT(page->size(), 3'000'000u) << "bytes";
  EXPECT_NE(page->find(voxclone::detail::data_uri("audio/mpeg", sample->sample.bytes)),
            std::string::npos)
      << "the sample's own bytes";
  std::printf("one-hour page: %zu bytes\n", page->size());
  // And it still plays: every voice, the sample, and excerpts spread over the whole hour, so a
  // click anywhere lands within a tenth of it (6 minutes) of one.
  const auto tags = audio_tags(*page);
  std::size_t voices = 0;
  std::vector<std::pair<double, double>> spans;
  for (const auto& a : tags)
    if (a.contains("data-role")) {
      voices += a.at("data-role") == "voice";
      spans.emplace_back(std::stod(a.at("data-start")), std::stod(a.at("data-end")));
    }
  EXPECT_EQ(voices, 6u);
  std::sort(spans.begin(), spans.end());
  double farthest = spans.front().first;  // from the start
  for (std::size_t i = 1; i < spans.size(); ++i)
    farthest = std::max(farthest, (spans[i].first - spans[i - 1].second) / 2);
  farthest = std::max(farthest, kHour - spans.back().second);
  EXPECT_LE(farthest, 0.1 * kHour);
  EXPECT_EQ(count(*page, "data-role=\"whole\""), 0u);
}

#ifdef VOXCLONE_CLI
using vt::slurp;

TEST(ReviewCli, WritesThePageAndRefusesWhatItCannotDo) {
  const auto dir = vt::temp_dir("review_cli");
  const auto page = dir / "talk.html";
  auto r = vt::cli(
      {"review", vt::data("voice/interview2.opus").string(), "-o", page.string(), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = vt::cli_json(r);
  EXPECT_EQ(j["command"], "review");
  EXPECT_EQ(j["results"][0]["review"], page.string());
  const std::string html = slurp(page);
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>"));
  EXPECT_EQ(audio_tags(html).size(),
            j["results"][0]["report"]["content"]["speakers"].size() + 2);  // + input, sample
  EXPECT_EQ(vt::list_dir(dir), (std::vector<std::string>{"talk.html"})) << "no sample is written";
  // An existing page is kept unless -y; a name that is not .html, and standard input (which
  // cannot be read twice), are refused before any input is read.
  auto again = vt::cli({"review", vt::data("voice/interview2.opus").string(), "-o", page.string()});
  EXPECT_EQ(again.exit_code, 6) << again.err;
  EXPECT_NE(again.err.find("-y"), std::string::npos) << again.err;
  auto svg = vt::cli(
      {"review", vt::data("voice/interview2.opus").string(), "-o", (dir / "x.svg").string()});
  EXPECT_EQ(svg.exit_code, 2);
  EXPECT_NE(svg.err.find(".html"), std::string::npos) << svg.err;
  auto in = vt::cli({"review", "-", "-o", (dir / "stdin.html").string()},
                    vt::data("speech_long.flac").string());
  EXPECT_EQ(in.exit_code, 2);
  EXPECT_NE(in.err.find("standard input can be read only once"), std::string::npos) << in.err;
  EXPECT_EQ(vt::list_dir(dir), (std::vector<std::string>{"talk.html"}));
  // A refused sample still gets its page, and the exit code says clone would refuse it.
  auto refused = vt::cli(
      {"review", vt::data("voice/babble.opus").string(), "-o", (dir / "babble.html").string()});
  EXPECT_EQ(refused.exit_code, 5) << refused.err;
  EXPECT_NE(slurp(dir / "babble.html").find("Clone would refuse this sample"), std::string::npos);
}

TEST(ReviewCli, PrepCheckAndCloneDryRunWriteItToo) {
  const auto dir = vt::temp_dir("review_flags");
  auto p = vt::cli({"prep", vt::data("speech_long.flac").string(), "-o", (dir / "s.wav").string(),
                    "--review", (dir / "prep.html").string(), "--json"});
  ASSERT_EQ(p.exit_code, 0) << p.err;
  EXPECT_EQ(vt::cli_json(p)["results"][0]["review"], (dir / "prep.html").string());
  const std::string prep_page = slurp(dir / "prep.html");
  EXPECT_NE(prep_page.find("as prep wrote it"), std::string::npos);
  EXPECT_NE(prep_page.find("prep&#39;s wav is"), std::string::npos);

  // Several inputs: one page listing them, worst first.
  auto c =
      vt::cli({"check", vt::data("speech_long.flac").string(), vt::data("room_tone.flac").string(),
               "--review", (dir / "check.html").string(), "-q"});
  EXPECT_EQ(c.exit_code, 5) << c.err;
  const std::string index = slurp(dir / "check.html");
  EXPECT_LT(index.find("room_tone.flac"), index.find("speech_long.flac"));
  EXPECT_EQ(count(index, "<li class=\"entry\""), 2u);

  // clone: only with --dry-run (a page after paying would come too late), and then even for a
  // sample the verdict refuses.
  auto paid = vt::cli({"clone", vt::data("speech_long.flac").string(), "--name", "me", "--review",
                       (dir / "clone.html").string()},
                      "", {{"COZE_API_TOKEN", "pat_test"}});
  EXPECT_EQ(paid.exit_code, 2);
  EXPECT_NE(paid.err.find("--dry-run"), std::string::npos) << paid.err;
  auto dry = vt::cli({"clone", vt::data("voice/babble.opus").string(), "--name", "my voice",
                      "--dry-run", "--review", (dir / "clone.html").string()},
                     "", {{"COZE_API_TOKEN", "pat_test"}});
  EXPECT_EQ(dry.exit_code, 5) << dry.err;
  const std::string clone_page = slurp(dir / "clone.html");
  EXPECT_NE(clone_page.find("voxclone clone --dry-run " + vt::data("voice/babble.opus").string() +
                            " --name &#39;my voice&#39; --speaker 1"),
            std::string::npos);
  EXPECT_EQ(clone_page.find("pat_test"), std::string::npos) << "no secret on the page";
}
#endif

}  // namespace
