// Issue 22, hardening, second round, through the library: what a hostile file, a proxy, a full
// disk and a race still broke. Each test failed before its fix.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>

#include "service/request_checks.hpp"
#include "support/sanitizers.hpp"
#include "support/service_env.hpp"
#include "support/test_support.hpp"
#include "voxclone/voxclone.hpp"
#include "write/atomic_file.hpp"

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// ---- the URL's host: loopback is the address, never a prefix ---------------------------------

TEST(BaseUrl, PlainHttpOnlyToALoopbackAddressParsedFromTheUrl) {
  for (const char* ok : {"http://127.0.0.1:8080", "http://127.0.0.1", "http://127.8.9.10:1/x",
                         "http://localhost:99", "http://[::1]:8080/", "http://[::ffff:127.0.0.1]",
                         "HTTP://127.0.0.1", "https://api.coze.cn", "https://127.0.0.1.nip.io"})
    EXPECT_TRUE(voxclone::check_base_url(ok)) << ok;
  // The prefix rule let the first two through: a name that starts like an address, and an
  // address that is only the user part of the URL.
  for (const char* bad :
       {"http://127.0.0.1.nip.io", "http://127.0.0.1@example.com", "http://127.0.0.1.:80",
        "http://localhost.example.com", "http://127.example.com", "http://[::2]", "http://10.0.0.1",
        "http://0x7f000001.example", "http://localhost@evil.example:80", "ftp://127.0.0.1",
        "http://", "127.0.0.1:80"}) {
    auto r = voxclone::check_base_url(bad);
    EXPECT_FALSE(r) << bad;
    if (!r) EXPECT_EQ(r.error().category, voxclone::ErrorCategory::invalid_argument);
  }
  EXPECT_TRUE(voxclone::detail::is_loopback_url("http://127.0.0.1:1/v1"));
  EXPECT_FALSE(voxclone::detail::is_loopback_url("http://127.0.0.1.nip.io/v1"));
  EXPECT_FALSE(voxclone::detail::is_loopback_url("not a url"));
}

// An HTTP server that stands for a proxy and records whatever reaches it.
class RecordingProxy {
 public:
  RecordingProxy() {
    server_.set_logger([this](const httplib::Request& req, const httplib::Response&) {
      std::lock_guard lock(mutex_);
      seen_.push_back(req.method + " " + req.path + " auth=" + req.get_header_value("Authorization"));
    });
    server_.Get(".*", [](const httplib::Request&, httplib::Response& res) { res.status = 502; });
    server_.Post(".*", [](const httplib::Request&, httplib::Response& res) { res.status = 502; });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // stop() before the thread listens would leave it listening for ever (and join waiting).
    while (!server_.is_running()) std::this_thread::sleep_for(1ms);
  }
  ~RecordingProxy() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::vector<std::string> seen() {
    std::lock_guard lock(mutex_);
    return seen_;
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<std::string> seen_;
};

// Sets environment variables for the test's life (libcurl reads the proxy variables itself).
class ScopedEnv {
 public:
  ScopedEnv(std::vector<std::pair<std::string, std::optional<std::string>>> vars) {
    for (auto& [name, value] : vars) {
      const char* old = std::getenv(name.c_str());
      saved_.emplace_back(name, old ? std::optional<std::string>(old) : std::nullopt);
      if (value) ::setenv(name.c_str(), value->c_str(), 1);
      else ::unsetenv(name.c_str());
    }
  }
  ~ScopedEnv() {
    for (auto& [name, value] : saved_) {
      if (value) ::setenv(name.c_str(), value->c_str(), 1);
      else ::unsetenv(name.c_str());
    }
  }

 private:
  std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
};

TEST(Proxy, NeverCarriesTheTokenOverPlainHttp) {
  vt::FakeService& service = vt::shared_service();
  service.reset();
  RecordingProxy proxy;
  ScopedEnv env({{"http_proxy", proxy.url()},
                 {"HTTP_PROXY", proxy.url()},
                 {"all_proxy", proxy.url()},
                 {"ALL_PROXY", proxy.url()},
                 {"no_proxy", std::nullopt},
                 {"NO_PROXY", std::nullopt}});
  voxclone::ClientOptions o;
  o.base_url = service.base_url();  // http://127.0.0.1:PORT
  o.token = service.expected_token;
  o.timeout = 5s;
  auto client = voxclone::Client::create(o);
  ASSERT_TRUE(client) << client.error().message;
  auto voices = client->list_voices();
  ASSERT_TRUE(voices) << voices.error().message;
  EXPECT_EQ(proxy.seen(), std::vector<std::string>{}) << "the request went through the proxy";
  EXPECT_EQ(service.request_count(), 1u);
}

// ---- a TLS failure sent nothing: never "may have been billed" --------------------------------

TEST(Tls, AHandshakeFailureIsNothingSent) {
  // The fake speaks plain HTTP: an https:// URL to it fails in the TLS handshake, after the TCP
  // connection was made and before a byte of the request left.
  vt::FakeService& service = vt::shared_service();
  service.reset();
  voxclone::ClientOptions o;
  o.base_url = "https://127.0.0.1:" + std::to_string(service.port());
  o.token = service.expected_token;
  o.timeout = 5s;
  o.retry_delay = 10ms;
  auto client = voxclone::Client::create(o);
  ASSERT_TRUE(client) << client.error().message;
  auto r = client->clone(vt::uploadable_sample(), {.voice_name = "me"});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().category, voxclone::ErrorCategory::network) << r.error().message;
  EXPECT_FALSE(r.error().may_have_been_billed) << r.error().message;
  EXPECT_EQ(r.error().message.find("billed"), std::string::npos) << r.error().message;
  EXPECT_EQ(service.request_count(), 0u);
}

// ---- files -------------------------------------------------------------------------------------

std::vector<std::byte> bytes_of(std::string_view s) {
  const auto* p = reinterpret_cast<const std::byte*>(s.data());
  return {p, p + s.size()};
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(WriteFile, WithoutReplaceAFileMadeMeanwhileIsKept) {
  const auto dir = vt::temp_dir("write-noreplace");
  const auto out = dir / "out.wav";
  // voxclone checked (nothing there), then someone made the file while it worked.
  std::ofstream(out) << "theirs";
  auto w = voxclone::write_file_atomically(out, bytes_of("ours"), {.replace_existing = false});
  ASSERT_FALSE(w);
  EXPECT_EQ(w.error().category, voxclone::ErrorCategory::output_failed);
  EXPECT_NE(w.error().message.find("exists"), std::string::npos) << w.error().message;
  EXPECT_EQ(read_file(out), "theirs");
  EXPECT_EQ(vt::list_dir(dir), std::vector<std::string>{"out.wav"}) << "a temporary was left";
  // Replacing is still one step when asked for.
  ASSERT_TRUE(voxclone::write_file_atomically(out, bytes_of("ours"), {.replace_existing = true}));
  EXPECT_EQ(read_file(out), "ours");
  // And a new name is made without replacing anything.
  ASSERT_TRUE(voxclone::write_file_atomically(dir / "new.wav", bytes_of("n"), {.replace_existing = false}));
  EXPECT_EQ(read_file(dir / "new.wav"), "n");
  EXPECT_EQ(vt::list_dir(dir).size(), 2u);
}

TEST(WriteFile, TheUmaskIsRespected) {
  const auto dir = vt::temp_dir("write-umask");
  const mode_t old = ::umask(077);
  auto w = voxclone::write_file_atomically(dir / "private.wav", bytes_of("x"));
  ::umask(022);
  auto w2 = voxclone::write_file_atomically(dir / "shared.wav", bytes_of("x"));
  ::umask(old);
  ASSERT_TRUE(w) << w.error().message;
  ASSERT_TRUE(w2) << w2.error().message;
  struct stat st {};
  ASSERT_EQ(::stat((dir / "private.wav").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);  // was forced to 0644
  ASSERT_EQ(::stat((dir / "shared.wav").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);
}

TEST(WriteFile, ANameOfTheLongestLengthWorks) {
  const auto dir = vt::temp_dir("write-long");
  const std::string name = std::string(251, 'a') + ".wav";  // 255 bytes: NAME_MAX
  auto w = voxclone::write_file_atomically(dir / name, bytes_of("x"));
  ASSERT_TRUE(w) << w.error().message;  // was ENAMETOOLONG: the temporary added a suffix
  EXPECT_EQ(vt::list_dir(dir), std::vector<std::string>{name});
}

void make_old_file(const fs::path& p, std::string_view text = "secret") {
  std::ofstream(p) << text;
  const timespec old[2] = {{::time(nullptr) - 7200, 0}, {::time(nullptr) - 7200, 0}};
  ASSERT_EQ(::utimensat(AT_FDCWD, p.c_str(), old, 0), 0);
}

TEST(WriteFile, TemporariesAKilledRunLeftAreRemovedOnTheNextRun) {
  const auto dir = vt::temp_dir("write-stale");
  make_old_file(dir / ".out.wav.tmp-Ab3dE9");         // an earlier version's, for out.wav
  make_old_file(dir / ".voxclone-0123456789ab.tmp");  // ours
  make_old_file(dir / ".other.wav.tmp-Ab3dE9");       // an earlier version's, another target
  std::ofstream(dir / ".voxclone-aaaaaaaaaaaa.tmp") << "fresh";  // a run at work right now
  make_old_file(dir / ".voxclone-bbbbbbbbbbbb.tmp");  // old, but a live process holds it
  const int held = ::open((dir / ".voxclone-bbbbbbbbbbbb.tmp").c_str(), O_RDONLY);
  ASSERT_GE(held, 0);
  ASSERT_EQ(::flock(held, LOCK_EX), 0);
  make_old_file(dir / "keep.voxclone-0123456789ab.tmp");  // not a name of ours
  ASSERT_TRUE(voxclone::write_file_atomically(dir / "out.wav", bytes_of("x")));
  ::close(held);
  auto left = vt::list_dir(dir);
  std::sort(left.begin(), left.end());
  EXPECT_EQ(left, (std::vector<std::string>{".other.wav.tmp-Ab3dE9", ".voxclone-aaaaaaaaaaaa.tmp",
                                            ".voxclone-bbbbbbbbbbbb.tmp",
                                            "keep.voxclone-0123456789ab.tmp", "out.wav"}));
}

TEST(WriteFile, AStaleLoginTemporaryWithTokensIsRemoved) {
  const auto dir = vt::temp_dir("login-stale") / "voxclone";
  fs::create_directories(dir);
  make_old_file(dir / ".login.json.Qw3rTy", R"({"refresh_token":"r"})");
  auto l = voxclone::load_login(dir / "login.json");
  ASSERT_TRUE(l) << l.error().message;
  EXPECT_FALSE(l->has_value());
  EXPECT_EQ(vt::list_dir(dir), std::vector<std::string>{});
}

TEST(SmallFiles, AnOAuthConfigWithoutAnEndIsRefusedQuickly) {
  const auto start = std::chrono::steady_clock::now();
  auto c = voxclone::load_oauth_config("/dev/zero");  // its size says 0
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("larger than"), std::string::npos) << c.error().message;
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

// ---- untrusted audio -------------------------------------------------------------------------

// A WAV file of interleaved samples: 16-bit PCM, or IEEE float of 32 or 64 bits.
template <class T>
std::vector<std::byte> wav_of(const std::vector<T>& interleaved, int rate, int channels) {
  const bool is_float = std::is_floating_point_v<T>;
  const std::uint32_t bits = sizeof(T) * 8;
  const std::uint32_t data = static_cast<std::uint32_t>(interleaved.size() * sizeof(T));
  std::string h = "RIFF";
  auto u32 = [&](std::uint32_t v) { h.append(reinterpret_cast<const char*>(&v), 4); };
  auto u16 = [&](std::uint16_t v) { h.append(reinterpret_cast<const char*>(&v), 2); };
  u32(36 + data);
  h += "WAVEfmt ";
  u32(16);
  u16(is_float ? 3 : 1);
  u16(static_cast<std::uint16_t>(channels));
  u32(static_cast<std::uint32_t>(rate));
  u32(static_cast<std::uint32_t>(rate * channels) * bits / 8);
  u16(static_cast<std::uint16_t>(channels * bits / 8));
  u16(static_cast<std::uint16_t>(bits));
  h += "data";
  u32(data);
  std::vector<std::byte> out = bytes_of(h);
  const auto* p = reinterpret_cast<const std::byte*>(interleaved.data());
  out.insert(out.end(), p, p + data);
  return out;
}

// The speech of clip.flac (15 s, 12.9 s of it speech) as mono float at 24 kHz (the library's own decode).
const std::vector<float>& speech() {
  static const std::vector<float> s = [] {
    auto d = voxclone::decode(voxclone::InputSource::file(vt::data("clip.flac")));
    EXPECT_TRUE(d) << d.error().message;
    return d ? d->audio.samples : std::vector<float>{};
  }();
  return s;
}

bool all_finite(const nlohmann::json& j) {
  if (j.is_number_float()) return std::isfinite(j.get<double>());
  if (j.is_structured())
    for (const auto& v : j)
      if (!all_finite(v)) return false;
  return true;
}

template <class T>
void expect_damage_counted_and_kept_out(T bad, const char* what) {
  const auto& clean = speech();
  ASSERT_FALSE(clean.empty());
  std::vector<T> damaged(clean.begin(), clean.end());
  std::size_t planted = 0;
  for (std::size_t i = 0; i < damaged.size(); i += 97, ++planted) damaged[i] = bad;
  const auto base = voxclone::check(voxclone::InputSource::memory(wav_of(clean, 24000, 1)), {});
  ASSERT_TRUE(base) << base.error().message;
  const auto r = voxclone::check(voxclone::InputSource::memory(wav_of(damaged, 24000, 1)), {});
  // It was "no speech (level nan dBFS)".
  ASSERT_TRUE(r) << what << ": " << r.error().message;
  EXPECT_EQ(r->decode.unusable_samples, static_cast<std::int64_t>(planted)) << what;
  const bool warned = std::any_of(r->warnings.begin(), r->warnings.end(),
                                  [](const auto& w) { return w.code == "unusable_samples"; });
  EXPECT_TRUE(warned) << what;
  EXPECT_NEAR(r->speech_seconds, base->speech_seconds, 0.1 * base->speech_seconds) << what;
  EXPECT_TRUE(std::isfinite(r->noise_floor_dbfs)) << what;
  EXPECT_TRUE(std::isfinite(r->decode.input_peak_dbfs)) << what;
  EXPECT_LT(r->decode.input_peak_dbfs, 1.0) << what << ": a non-finite sample became the peak";
  EXPECT_EQ(r->decode.clipped_samples, 0) << what;
  // Every figure of the report is a number.
  EXPECT_TRUE(all_finite(nlohmann::json::parse(voxclone::to_json(*r, -1)))) << what;
}

TEST(UnusableSamples, NanInFloat32IsCountedAndKeptOutOfEveryMeter) {
  expect_damage_counted_and_kept_out(std::numeric_limits<float>::quiet_NaN(), "f32 NaN");
}
TEST(UnusableSamples, InfinityInFloat64IsCountedAndKeptOutOfEveryMeter) {
  expect_damage_counted_and_kept_out(std::numeric_limits<double>::infinity(), "f64 +Inf");
  expect_damage_counted_and_kept_out(-std::numeric_limits<double>::infinity(), "f64 -Inf");
  expect_damage_counted_and_kept_out(1e300, "f64 1e300");
}

TEST(UnusableSamples, RawPcmFromACallerIsHeldToTheSameRule) {
  std::vector<float> pcm = speech();
  for (std::size_t i = 0; i < pcm.size(); i += 97) pcm[i] = std::numeric_limits<float>::quiet_NaN();
  const auto* p = reinterpret_cast<const std::byte*>(pcm.data());
  auto r = voxclone::check(
      voxclone::InputSource::pcm({p, pcm.size() * sizeof(float)}, 24000, 1, voxclone::PcmFormat::f32),
      {});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->decode.unusable_samples, static_cast<std::int64_t>((pcm.size() + 96) / 97));
}

TEST(Channels, AnyChannelCountFfmpegDecodesMixesToMono) {
  const auto& s = speech();
  ASSERT_FALSE(s.empty());
  for (const int channels : {24, 25, 33, 64}) {
    // The voice in every channel, at a quarter of the level in every other one.
    std::vector<std::int16_t> wav(s.size() * channels);
    for (std::size_t i = 0; i < s.size(); ++i)
      for (int c = 0; c < channels; ++c)
        wav[i * channels + c] =
            static_cast<std::int16_t>(std::lround(s[i] * (c % 2 ? 8000.0 : 32000.0)));
    auto r = voxclone::check(voxclone::InputSource::memory(wav_of(wav, 24000, channels)), {});
    // 25 to 64 were "convert 24000 Hz 64 channels s16 to mono: Invalid argument".
    ASSERT_TRUE(r) << channels << " channels: " << r.error().message;
    EXPECT_EQ(r->input.channels, channels);
    EXPECT_GT(r->speech_seconds, 10.0) << channels;
  }
}

TEST(Header, AFlacCutInsideItsHeaderIsDamagedMedia) {
  const std::string flac = read_file(vt::data("clip.flac"));
  const auto dir = vt::temp_dir("flac-header");
  for (const std::size_t cut : {std::size_t{20}, std::size_t{41}}) {
    const auto path = dir / ("cut" + std::to_string(cut) + ".flac");
    std::ofstream(path, std::ios::binary) << flac.substr(0, cut);
    auto d = voxclone::decode(voxclone::InputSource::file(path));
    ASSERT_FALSE(d);
    // Was input_unreadable ("Input/output error"): the file reads; its content is cut short.
    EXPECT_EQ(d.error().category, voxclone::ErrorCategory::decode_failed)
        << cut << ": " << d.error().message;
    // The same bytes from memory: damaged media too (not_audio and decode_failed are both
    // exit 4), never unreadable.
    auto m = voxclone::decode(voxclone::InputSource::memory(bytes_of(flac.substr(0, cut))));
    ASSERT_FALSE(m);
    EXPECT_TRUE(m.error().category == voxclone::ErrorCategory::decode_failed ||
                m.error().category == voxclone::ErrorCategory::not_audio)
        << cut << ": " << m.error().message;
  }
}

// ---- smaller ---------------------------------------------------------------------------------

TEST(Voices, AListCutByThePageLimitSaysSo) {
  vt::FakeService& service = vt::shared_service();
  service.reset();
  voxclone::ClientOptions o;
  o.base_url = service.base_url();
  o.token = service.expected_token;
  std::vector<std::string> warnings;
  o.callbacks.log = [&](voxclone::LogLevel level, std::string_view line) {
    if (level >= voxclone::LogLevel::warning) warnings.emplace_back(line);
  };
  auto client = voxclone::Client::create(o);
  ASSERT_TRUE(client);
  voxclone::ListVoicesOptions lo;
  lo.page_size = 1;
  lo.max_pages = 2;  // the fake has 3 cloned voices: a third page remains
  auto v = client->list_voices(lo);
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ(v->size(), 2u);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("incomplete"), std::string::npos) << warnings[0];
  // A list that ends says nothing.
  warnings.clear();
  lo.max_pages = 10;
  ASSERT_TRUE(client->list_voices(lo));
  EXPECT_TRUE(warnings.empty());
}

TEST(Speech, TooLargeAnswerNamesTheLimitItBroke) {
  vt::FakeService& service = vt::shared_service();
  service.reset();
  voxclone::ClientOptions o;
  o.base_url = service.base_url();
  o.token = service.expected_token;
  o.max_audio_bytes = 2u << 20;  // 2 MiB, so the test moves little
  service.script({{.content_type = "audio/mpeg", .huge_body_bytes = 3u << 20}});
  auto client = voxclone::Client::create(o);
  ASSERT_TRUE(client);
  auto s = client->speak({.input = "hello", .voice_id = "v1"});
  ASSERT_FALSE(s);
  // It said 1048576 bytes, the JSON answers' limit.
  EXPECT_NE(s.error().message.find("2097152 bytes (2 MiB)"), std::string::npos) << s.error().message;
}

}  // namespace
