// Issue 22, hardening, second round, through the real binary: terminals, stdout, signals, core
// dumps, secrets' files, a pipe without an end, a TLS failure. Each test failed before its fix.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "support/sanitizers.hpp"
#include "support/service_env.hpp"
#include "support/test_support.hpp"

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using nlohmann::json;

vt::FakeService* const g_service = &vt::shared_service();

// The environment of a run against the fake, with no credential from the machine.
vt::EnvChanges service_env() {
  static const auto config = vt::temp_dir("cli-harden-config");
  return {{"COZE_API_BASE", g_service->base_url()},
          {"COZE_API_TOKEN", g_service->expected_token},
          {"XDG_CONFIG_HOME", config.string()},
          {"COZE_JWT_OAUTH_CLIENT_ID", std::nullopt},
          {"http_proxy", std::nullopt},
          {"HTTP_PROXY", std::nullopt}};
}

std::string quoted(const std::string& s) { return "'" + s + "'"; }

// The CLI through a shell, for a redirect such as >/dev/full.
vt::RunResult shell(const std::string& command, const vt::EnvChanges& env = service_env()) {
  return vt::run({"/bin/sh", "-c", command}, "", env);
}

const std::string kCli = VOXCLONE_CLI;

class CliHarden : public ::testing::Test {
 protected:
  void SetUp() override { g_service->reset(); }
};

// ---- stdout write errors ---------------------------------------------------------------------

TEST_F(CliHarden, AFullStdoutIsAFailureNotASuccess) {
  const std::string clip = quoted(vt::data("clip.flac").string());
  for (const std::string& cmd : {kCli + " voices >/dev/full", kCli + " voices --json >/dev/full",
                                 kCli + " check " + clip + " >/dev/full",
                                 kCli + " check " + clip + " --json >/dev/full",
                                 kCli + " prep " + clip + " -o /dev/null -y --json >/dev/full"}) {
    const auto r = shell(cmd);
    EXPECT_EQ(r.exit_code, 6) << cmd << "\n" << r.err;  // all were 0
    EXPECT_NE(r.err.find("standard output"), std::string::npos) << cmd << "\n" << r.err;
  }
}

TEST_F(CliHarden, ABilledVoiceIdThatCannotReachStdoutGoesToStderr) {
  const std::string clip = quoted(vt::data("clip.flac").string());
  const std::string id = std::to_string(vt::FakeService::kFirstVoiceId);
  for (const std::string& flags : {"-q", "--json", ""}) {
    g_service->reset();
    const auto r = shell(kCli + " clone " + clip + " --name me " + flags + " >/dev/full");
    EXPECT_EQ(r.exit_code, 6) << flags << "\n" << r.err;
    EXPECT_EQ(g_service->request_count(), 1u);
    EXPECT_NE(r.err.find("voice id " + id), std::string::npos) << flags << "\n" << r.err;
  }
}

// ---- control characters from outside ---------------------------------------------------------

bool has_control_bytes(const std::string& s) {
  for (const unsigned char c : s)
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) return true;
  return s.find("\xc2\x9b") != std::string::npos;  // U+009B, the one-byte CSI
}

TEST_F(CliHarden, WhatTheServiceSaysIsShownNotObeyed) {
  auto voices = vt::FakeService::default_voices();
  voices[0]["name"] = "\x1b]0;owned\x07\x1b[2J\rname\n7426720361753903141  cloned";
  voices[0]["voice_id"] = "id\x1b[31mred\xc2\x9b" "2J";
  g_service->set_voices(voices);
  auto r = vt::cli({"voices"}, "", service_env());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(has_control_bytes(r.out)) << r.out;
  // Escaped, then cut at the table's 32 columns.
  EXPECT_NE(r.out.find("\\x1b]0;owned\\x07\\x1b[2J\\rname\\n~"), std::string::npos) << r.out;
  // One line per voice, and a header: a name cannot start a line of its own.
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 4) << r.out;
  // --json stays exact.
  r = vt::cli({"voices", "--json"}, "", service_env());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = vt::cli_json(r);
  EXPECT_EQ(j["results"][0]["voices"][0]["name"], voices[0]["name"]);

  // An error's message and log id.
  g_service->script({{.status = 400,
                      .body = R"({"code":4000,"msg":"bad\u001b]2;title\u0007\u001b[1A\rvoxclone: cloned","detail":{"logid":"L\u001b[2J"}})"}});
  r = vt::cli({"voices"}, "", service_env());
  EXPECT_EQ(r.exit_code, 10) << r.err;
  EXPECT_FALSE(has_control_bytes(r.err)) << r.err;
  EXPECT_NE(r.err.find("bad\\x1b]2;title\\x07\\x1b[1A\\rvoxclone: cloned"), std::string::npos) << r.err;
}

TEST_F(CliHarden, AFileNameIsShownNotObeyed) {
  const auto dir = vt::temp_dir("ctl-name");
  const auto name = dir / "a\x1b]0;title\x07\x1b[2Jb.flac";
  fs::copy_file(vt::data("speech_short.flac"), name);
  const auto r = vt::cli({"check", name.string()});
  EXPECT_EQ(r.exit_code, 5) << r.err;
  EXPECT_FALSE(has_control_bytes(r.out + r.err)) << r.out << r.err;
  EXPECT_NE((r.out + r.err).find("a\\x1b]0;title\\x07\\x1b[2Jb.flac"), std::string::npos)
      << r.out << r.err;
}

// ---- files -------------------------------------------------------------------------------------

TEST_F(CliHarden, TwoRunsWritingOneNameNeverBothSucceed) {
  const auto dir = vt::temp_dir("race");
  const auto out = (dir / "same.wav").string();
  const std::string clip = quoted(vt::data("clip.flac").string());
  // Both check that same.wav does not exist, both prepare (seconds), both write.
  const auto r = shell("(" + kCli + " prep " + clip + " -o " + out + "; echo \"a=$?\") & (" + kCli +
                       " prep " + clip + " -o " + out + "; echo \"b=$?\") & wait");
  const bool a0 = r.out.find("a=0") != std::string::npos, b0 = r.out.find("b=0") != std::string::npos;
  const bool a6 = r.out.find("a=6") != std::string::npos, b6 = r.out.find("b=6") != std::string::npos;
  EXPECT_TRUE((a0 && b6) || (a6 && b0)) << r.out << r.err;  // both were 0, one file replaced
  EXPECT_NE(r.err.find("exists"), std::string::npos) << r.err;
  EXPECT_EQ(vt::list_dir(dir), std::vector<std::string>{"same.wav"});
}

TEST_F(CliHarden, WithNoOverwriteTheSecondOfTwoRunsSkips) {
  const auto dir = vt::temp_dir("race-n");
  const auto out = (dir / "same.wav").string();
  const std::string clip = quoted(vt::data("clip.flac").string());
  const std::string one = kCli + " prep " + clip + " -o " + out + " -n";
  const auto r = shell("(" + one + "; echo \"a=$?\") & (" + one + "; echo \"b=$?\") & wait");
  EXPECT_NE(r.out.find("a=0"), std::string::npos) << r.out << r.err;
  EXPECT_NE(r.out.find("b=0"), std::string::npos) << r.out << r.err;
  // Which one skips, and when it learns of the other's file, is the scheduler's: while both run,
  // the second finds it when it writes ("appeared meanwhile"); on a loaded machine the first may
  // be done before the second looks ("exists"). Either way exactly one of them says it skipped.
  const auto count = [&](const std::string& what) {
    std::size_t n = 0;
    for (auto at = r.err.find(what); at != std::string::npos; at = r.err.find(what, at + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count("appeared meanwhile (-n)") + count("' exists (-n)"), 1u) << r.err;
  EXPECT_EQ(vt::list_dir(dir), std::vector<std::string>{"same.wav"});
}

TEST_F(CliHarden, TheSampleRespectsTheUmask) {
  const auto dir = vt::temp_dir("umask");
  const auto r = shell("umask 077 && " + kCli + " prep " + quoted(vt::data("clip.flac").string()) +
                       " -o " + (dir / "me.wav").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  struct stat st {};
  ASSERT_EQ(::stat((dir / "me.wav").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);  // was 0644 whatever the umask
}

// A child with its stdin on a pipe we hold, stdout and stderr to files.
struct Child {
  pid_t pid = -1;
  int stdin_w = -1;
  fs::path out, err;
};

Child spawn(const std::vector<std::string>& argv, const vt::EnvChanges& env = {},
            std::optional<rlim_t> core_limit = std::nullopt) {
  Child c;
  const auto dir = vt::temp_dir("spawn");
  c.out = dir / "stdout";
  c.err = dir / "stderr";
  int fds[2];
  if (::pipe(fds) != 0) return c;
  c.pid = ::fork();
  if (c.pid == 0) {
    ::dup2(fds[0], 0);
    ::close(fds[1]);
    ::dup2(::open(c.out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644), 1);
    ::dup2(::open(c.err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644), 2);
    for (const auto& [k, v] : env) {
      if (v) ::setenv(k.c_str(), v->c_str(), 1);
      else ::unsetenv(k.c_str());
    }
    if (core_limit) {
      rlimit l{};
      ::getrlimit(RLIMIT_CORE, &l);
      l.rlim_cur = std::min(*core_limit, l.rlim_max);
      ::setrlimit(RLIMIT_CORE, &l);
    }
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  ::close(fds[0]);
  c.stdin_w = fds[1];
  return c;
}

int wait_for(Child& c) {
  if (c.stdin_w >= 0) ::close(c.stdin_w);
  int status = 0;
  ::waitpid(c.pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

using vt::slurp;

TEST_F(CliHarden, ASignalDuringTheFinalWriteLetsItFinishAndSucceed) {
  const auto dir = vt::temp_dir("sigint-write");
  const auto fifo = dir / "out.wav";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  Child c = spawn({kCli, "prep", vt::data("clip.flac").string(), "-o", fifo.string(), "-y", "--json"});
  ASSERT_GT(c.pid, 0);
  // Opening the FIFO returns once voxclone has opened it to write the finished sample: from
  // here on it is in its final write.
  const int r = ::open(fifo.c_str(), O_RDONLY);
  ASSERT_GE(r, 0);
  ::kill(c.pid, SIGINT);
  std::string wav;
  char buf[1 << 16];
  for (ssize_t n; (n = ::read(r, buf, sizeof buf)) > 0;) wav.append(buf, static_cast<std::size_t>(n));
  ::close(r);
  const int code = wait_for(c);
  EXPECT_EQ(code, 0) << slurp(c.err);  // was 130 with a complete output and "ok"
  const json j = json::parse(slurp(c.out));
  EXPECT_EQ(j["exit_code"], 0);
  EXPECT_EQ(j["results"][0]["status"], "ok");
  ASSERT_GT(wav.size(), 44u);
  std::uint32_t data_bytes = 0;
  std::memcpy(&data_bytes, wav.data() + 40, 4);
  EXPECT_EQ(wav.size(), 44u + data_bytes) << "the sample is whole";
}

// ---- secrets ---------------------------------------------------------------------------------

std::string limits_of(pid_t pid) { return slurp("/proc/" + std::to_string(pid) + "/limits"); }

TEST_F(CliHarden, EveryCommandIsKeptOutOfCoreDumps) {
  rlimit hard{};
  ::getrlimit(RLIMIT_CORE, &hard);
  if (hard.rlim_max < 4096) GTEST_SKIP() << "core dumps are off for this user already";
  // prep reading a pipe that stays open: the process lives while we look at it.
  vt::EnvChanges env{{"COZE_API_TOKEN", "a-token-in-the-environment"}};
  Child c = spawn({kCli, "prep", "-", "-o", (vt::temp_dir("dump") / "x.wav").string()}, env, 4096);
  ASSERT_GT(c.pid, 0);
  ASSERT_EQ(::write(c.stdin_w, "RIFF", 4), 4);  // it has started reading
  // Soft and hard both 0: voxclone's own doing (AddressSanitizer's runtime sets the soft limit
  // to 0 by itself before main runs, so the soft limit alone proves nothing).
  const std::string none = "Max core file size        0                    0";
  std::string limits;
  for (int i = 0; i < 250; ++i) {
    std::this_thread::sleep_for(20ms);
    limits = limits_of(c.pid);
    if (limits.find(none) != std::string::npos) break;
  }
  ::kill(c.pid, SIGKILL);
  wait_for(c);
  // The core limit is 0 (it was 4096, as started), and the process was made non-dumpable with it.
  EXPECT_NE(limits.find(none), std::string::npos) << limits;
}

TEST_F(CliHarden, SecretFilesWithoutAnEndAreRefusedQuickly) {
  const std::string clip = vt::data("clip.flac").string();
  struct Case {
    std::vector<std::string> args;
    vt::EnvChanges env;
  };
  const std::vector<Case> cases = {
      {{"clone", clip, "--name", "me", "--token-file", "/dev/zero"}, {}},
      {{"clone", clip, "--name", "me", "--text-file", "/dev/zero"}, service_env()},
      {{"voices"},
       {{"COZE_API_TOKEN", std::nullopt},
        {"COZE_JWT_OAUTH_CLIENT_ID", "1171234567890"},
        {"COZE_JWT_OAUTH_PUBLIC_KEY_ID", "kid"},
        {"COZE_JWT_OAUTH_PRIVATE_KEY", std::nullopt},
        {"COZE_JWT_OAUTH_PRIVATE_KEY_FILE_PATH", "/dev/zero"}}},
  };
  for (const auto& c : cases) {
    const auto r = vt::cli(c.args, "", c.env);
    EXPECT_EQ(r.exit_code, 2) << c.args.back() << "\n" << r.err;  // was 1, std::bad_alloc
    EXPECT_NE(r.err.find("larger than 1048576 bytes"), std::string::npos) << r.err;
    // Reading it whole took 2.1 GB; AddressSanitizer alone adds ~200 MB of shadow and quarantine.
    EXPECT_LT(r.max_rss_kb, (vt::kAsan ? 400 : 200) * 1024) << "read it into memory";
    EXPECT_LT(r.seconds, 10.0 * vt::kSlowdown);
  }
  EXPECT_EQ(g_service->request_count(), 0u);
}

TEST_F(CliHarden, ATlsFailureSaysNothingWasSent) {
  // The fake speaks plain HTTP: https:// to it fails in the handshake, before the request.
  auto env = service_env();
  env.emplace_back("COZE_API_BASE", "https://127.0.0.1:" + std::to_string(g_service->port()));
  const auto r = vt::cli({"clone", vt::data("clip.flac").string(), "--name", "me", "--json"}, "", env);
  EXPECT_EQ(r.exit_code, 8) << r.err;  // was 11, "may have been billed"
  EXPECT_EQ(r.err.find("billed"), std::string::npos) << r.err;
  const json j = vt::cli_json(r);
  EXPECT_FALSE(j["results"][0]["error"]["may_have_been_billed"].get<bool>());
  EXPECT_EQ(g_service->request_count(), 0u);
}

// ---- a pipe without an end -------------------------------------------------------------------

TEST_F(CliHarden, EndStopsReadingAPipeThatNeverEnds) {
  const auto tmp = vt::temp_dir("endless-tmp");
  for (const char* format : {"wav", "flac", "matroska"}) {
    // ffmpeg makes audio for ever; `timeout` ends the test instead of hanging it if reading
    // never stops (it did: 2.1 GB of TMPDIR in 10 s, until the disk was full).
    const auto r = shell(std::string("ffmpeg -v error -f lavfi -i sine=f=220 -f ") + format +
                             " - 2>/dev/null | timeout 60 " + kCli +
                             " check - --end 20 --min-seconds 5 --json",
                         {{"TMPDIR", tmp.string()}});
    EXPECT_EQ(r.exit_code, 5) << format << "\n" << r.err;  // a tone: no speech, but read and done
    EXPECT_LT(r.seconds, 20.0 * vt::kSlowdown) << format;
    const json j = vt::cli_json(r);
    const double seconds = j["results"][0]["report"]["input"]["duration_seconds"].get<double>();
    EXPECT_GT(seconds, 20.0) << format;
    EXPECT_LT(seconds, 25.0) << format << ": read past --end";
    EXPECT_FALSE(j["results"][0]["report"]["input"].value("truncated", false)) << format;
  }
}

}  // namespace
