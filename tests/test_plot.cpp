// The picture of a report (voxclone/plot.hpp) and the waveform it draws, at the C++ level (so the
// sanitizer build covers them; python/tests/test_plot.py parses the SVG and renders it).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "prep/waveform_meter.hpp"
#include "support/test_support.hpp"
#include "voxclone/voxclone.hpp"

namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

std::shared_ptr<std::vector<std::byte>> read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<char> raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto bytes = std::make_shared<std::vector<std::byte>>(raw.size());
  std::memcpy(bytes->data(), raw.data(), raw.size());
  return bytes;
}

TEST(WaveformMeter, KeepsTheExtremesOfEachStepAndStaysBounded) {
  voxclone::detail::WaveformMeter m(24000);
  // A ramp from -1 to 1 over the first 24000 samples, then a 100-second sawtooth.
  std::vector<float> chunk(24000);
  for (std::size_t i = 0; i < chunk.size(); ++i) chunk[i] = -1.0f + 2.0f * static_cast<float>(i) / 23999.0f;
  m.push(chunk);
  auto small = voxclone::detail::WaveformMeter(24000);
  small.push(chunk);
  const auto w1 = small.finish();
  ASSERT_EQ(w1.min.size(), 100u);  // 240-sample steps
  EXPECT_DOUBLE_EQ(w1.step_seconds, 0.01);
  EXPECT_FLOAT_EQ(w1.min.front(), -1.0f);
  EXPECT_FLOAT_EQ(w1.max.back(), 1.0f);
  for (std::size_t i = 1; i < w1.min.size(); ++i) EXPECT_GT(w1.min[i], w1.max[i - 1] - 1e-3f);
  for (int k = 0; k < 100; ++k) m.push(chunk);
  const auto w = m.finish();
  EXPECT_LE(w.min.size(), voxclone::detail::WaveformMeter::kMaxSteps);
  EXPECT_GE(w.min.size(), voxclone::detail::WaveformMeter::kMaxSteps / 2);
  EXPECT_NEAR(w.step_seconds * static_cast<double>(w.min.size()), 101.0, w.step_seconds);
  EXPECT_FLOAT_EQ(*std::min_element(w.min.begin(), w.min.end()), -1.0f);
  EXPECT_FLOAT_EQ(*std::max_element(w.max.begin(), w.max.end()), 1.0f);
}

TEST(Plot, MarksTheReportsRegionsAndEscapesTheName) {
  auto bytes = read_all(vt::data("speech_long.flac"));
  auto r = voxclone::prepare(voxclone::InputSource::memory(bytes, "a<b>&\"c\".flac"), {});
  ASSERT_TRUE(r) << r.error().message;
  const auto& rep = r->report;
  ASSERT_TRUE(rep.selection && rep.content);
  EXPECT_NEAR(rep.waveform.step_seconds * static_cast<double>(rep.waveform.min.size()),
              rep.input.duration_seconds, 0.02);
  const std::string svg = voxclone::plot_svg(rep);
  EXPECT_TRUE(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
  EXPECT_TRUE(svg.ends_with("</svg>\n"));
  EXPECT_NE(svg.find("a&lt;b&gt;&amp;&quot;c&quot;.flac"), std::string::npos);
  EXPECT_EQ(svg.find("a<b"), std::string::npos);
  EXPECT_EQ(count(svg, "class=\"piece\""), rep.selection->pieces.size());
  EXPECT_EQ(count(svg, "class=\"stretch\""), rep.content->timeline.size());
  EXPECT_EQ(count(svg, "class=\"window\""), 1u);
  char window[96];
  std::snprintf(window, sizeof window, "class=\"window\" data-start=\"%.3f\" data-end=\"%.3f\"",
                rep.selection->start_seconds, rep.selection->end_seconds);
  EXPECT_NE(svg.find(window), std::string::npos) << window;
  // Every element is self-closing or closed: a cheap well-formedness check (the Python suite
  // parses it with an XML parser).
  EXPECT_EQ(count(svg, "<rect") + count(svg, "<line") + count(svg, "<path") + count(svg, "<text") +
                count(svg, "<title") + count(svg, "<svg"),
            count(svg, "/>") + count(svg, "</rect>") + count(svg, "</text>") + count(svg, "</title>") +
                count(svg, "</svg>"));
}

TEST(Plot, DrawsAnEmptyOrPartialReport) {
  const std::string empty = voxclone::plot_svg(voxclone::PrepReport{});
  EXPECT_TRUE(empty.ends_with("</svg>\n"));
  EXPECT_EQ(count(empty, "class=\"waveform\""), 0u);
  voxclone::PrepReport partial;
  auto c = voxclone::check(voxclone::InputSource::file(vt::data("room_tone.flac")), {}, &partial);
  ASSERT_FALSE(c);
  const std::string svg = voxclone::plot_svg(partial, {.width = 100});  // clamped to 400
  EXPECT_NE(svg.find("width=\"400\""), std::string::npos);
  EXPECT_EQ(count(svg, "class=\"waveform\""), 1u);
  EXPECT_EQ(count(svg, "class=\"window\""), 0u);
}

// Issue 21: the picture says what the page says. The verdict and every warning (blocking ones
// first) and the SNR are on it; the loudness bars carry the target and the ceiling; the kept
// window is shaded only over the kept pieces; and each gap between pieces is drawn by why it was
// left out (a voice, a pause), with a legend.
TEST(Plot, ShowsTheWarningsTheSnrTheTargetAndTheCeiling) {
  auto r = voxclone::check(voxclone::InputSource::file(vt::data("voice/babble.opus")));
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_GE(r->warnings.size(), 2u);
  const std::string svg = voxclone::plot_svg(*r, {.width = 1200, .target_lufs = -23.0, .ceiling_dbtp = -1.5});
  EXPECT_EQ(count(svg, "class=\"warning\""), r->warnings.size());
  for (const auto& w : r->warnings) EXPECT_NE(svg.find("data-code=\"" + w.code + "\""), std::string::npos) << w.code;
  // Blocking ones first.
  const auto first_note = svg.find("data-blocks=\"false\"");
  const auto last_block = svg.rfind("data-blocks=\"true\"");
  ASSERT_NE(last_block, std::string::npos);
  if (first_note != std::string::npos) EXPECT_LT(last_block, first_note);
  EXPECT_NE(svg.find("clone would refuse it"), std::string::npos);
  char snr[64];
  std::snprintf(snr, sizeof snr, "SNR ~%.0f dB kept", r->kept->snr_db);
  EXPECT_NE(svg.find(snr), std::string::npos) << snr;
  EXPECT_NE(svg.find("class=\"target\" data-lufs=\"-23\""), std::string::npos);
  EXPECT_NE(svg.find("class=\"ceiling\" data-dbtp=\"-1.5\""), std::string::npos);
  EXPECT_NE(svg.find("target -23 LUFS"), std::string::npos);
  EXPECT_NE(svg.find("ceiling -1.5 dBTP"), std::string::npos);
  // Taller for its warnings, and every line inside the picture.
  const auto h = svg.find("height=\"");
  EXPECT_GE(std::stoi(svg.substr(h + 8)), 420 + 16 * static_cast<int>(r->warnings.size()));
}

TEST(Plot, ShadesOnlyTheKeptPiecesAndDrawsEachCutByItsReason) {
  auto r = voxclone::check(voxclone::InputSource::file(vt::data("voice/interview2.opus")));
  ASSERT_TRUE(r) << r.error().message;
  const auto& pieces = r->selection->pieces;
  ASSERT_GE(pieces.size(), 3u);
  const std::string svg = voxclone::plot_svg(*r);
  // The window is an outline; what is shaded is exactly the pieces.
  const auto win = svg.find("class=\"window\"");
  ASSERT_NE(win, std::string::npos);
  EXPECT_NE(svg.substr(win, svg.find("/>", win) - win).find("fill=\"none\""), std::string::npos);
  EXPECT_EQ(count(svg, "class=\"kept-shade\""), pieces.size());
  for (const auto& p : pieces) {
    char want[96];
    std::snprintf(want, sizeof want, "class=\"kept-shade\" data-start=\"%.3f\" data-end=\"%.3f\"", p.start_seconds, p.end_seconds);
    EXPECT_NE(svg.find(want), std::string::npos) << want;
  }
  // The interview's other voice is cut out between pieces, and so are plain pauses: two
  // different drawings, each in the legend.
  EXPECT_GT(count(svg, "class=\"gap\" data-reason=\"other_voice\""), 0u);
  EXPECT_EQ(count(svg, "class=\"gap\""), pieces.size() - 1);
  auto one = voxclone::check(voxclone::InputSource::file(vt::data("speech_long.flac")));
  ASSERT_TRUE(one) << one.error().message;
  ASSERT_GT(one->selection->pauses_shortened, 0);
  const std::string paused = voxclone::plot_svg(*one);
  EXPECT_EQ(count(paused, "class=\"gap\" data-reason=\"pause_shortened\""), static_cast<std::size_t>(one->selection->pauses_shortened));
  EXPECT_EQ(count(paused, "class=\"gap\" data-reason=\"other_voice\""), 0u);
  EXPECT_NE(svg.find(">voice cut out<"), std::string::npos);
  EXPECT_NE(svg.find(">pause shortened<"), std::string::npos);
  EXPECT_NE(svg.find("url(#cut-hatch)"), std::string::npos);
}

#ifdef VOXCLONE_CLI
std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(PlotCli, PrepDrawsOnePictureAndCheckAFolderOfThem) {
  const auto dir = vt::temp_dir("plot_cli");
  auto r = vt::cli({"prep", vt::data("speech_long.flac").string(), "-o", (dir / "s.wav").string(),
                    "--plot", (dir / "s.svg").string(), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto report = vt::cli_json(r)["results"][0]["report"];
  const std::string svg = read_text(dir / "s.svg");
  EXPECT_TRUE(svg.ends_with("</svg>\n"));
  EXPECT_EQ(count(svg, "class=\"piece\""), report["window"]["pieces"].size());
  EXPECT_EQ(vt::list_dir(dir), (std::vector<std::string>{"s.svg", "s.wav"}));

  // Several inputs: a folder of pictures, an unusable recording's included.
  const auto plots = dir / "plots";
  auto c = vt::cli({"check", vt::data("speech_long.flac").string(), vt::data("room_tone.flac").string(),
                    "--plot", plots.string(), "-q"});
  EXPECT_EQ(c.exit_code, 5) << c.err;
  EXPECT_EQ(vt::list_dir(plots), (std::vector<std::string>{"room_tone.svg", "speech_long.svg"}));

  // -r keeps the input's folder layout: two files of one name in two subfolders get a picture
  // each, in the same subfolders.
  const auto tree = dir / "tree";
  std::filesystem::create_directories(tree / "a");
  std::filesystem::create_directories(tree / "b");
  std::filesystem::copy_file(vt::data("speech_long.flac"), tree / "a" / "talk.flac");
  std::filesystem::copy_file(vt::data("speech_quiet.flac"), tree / "b" / "talk.flac");
  const auto tree_plots = dir / "tree_plots";
  auto rc = vt::cli({"check", tree.string(), "-r", "--plot", tree_plots.string(), "-q"});
  EXPECT_EQ(rc.exit_code, 0) << rc.err;
  EXPECT_EQ(vt::list_dir(tree_plots / "a"), (std::vector<std::string>{"talk.svg"}));
  EXPECT_EQ(vt::list_dir(tree_plots / "b"), (std::vector<std::string>{"talk.svg"}));
  EXPECT_NE(read_text(tree_plots / "b" / "talk.svg").find((tree / "b" / "talk.flac").string()), std::string::npos);

  // Not an SVG name: refused before any work, nothing written.
  auto bad = vt::cli({"prep", vt::data("speech_long.flac").string(), "-o", (dir / "t.wav").string(),
                      "--plot", (dir / "t.png").string()});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find(".svg"), std::string::npos) << bad.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "t.wav"));
  EXPECT_FALSE(std::filesystem::exists(dir / "t.png"));
}
#endif

}  // namespace
