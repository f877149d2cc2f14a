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
