// An in-process fake of the voice-clone service (../shared/reference/clone-api.md), for tests
// that must not reach the real, billed service. It speaks the contract's three endpoints on
// 127.0.0.1, records every request exactly as received, checks it against the contract, and
// answers either the contract's default or a scripted reply (errors, stalls, drops, huge or
// trickling bodies) so the client's failure paths can be driven deterministically.
//
//   vt::FakeService svc;
//   svc.script({{.status = 429, .headers = {{"Retry-After", "1"}}}, {}});  // then default success
//   ... point the client at svc.base_url() with token svc.expected_token ...
//   EXPECT_EQ(svc.request_count(), 2u);
//   EXPECT_TRUE(svc.requests()[1].contract_violations.empty());
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace vt {

struct RecordedPart {
  std::string name, filename, content_type, content;
  bool has_filename = false;  // a `filename=` attribute was sent (possibly empty)
};

struct RecordedRequest {
  std::string method, path, query;  // query: raw query string ("page_num=1&...")
  std::map<std::string, std::string> query_params;  // decoded; the first value of a repeated key
  std::multimap<std::string, std::string> headers;  // as received (case as sent)
  /// The first value of header `name` (case as sent), or "" when it is absent.
  std::string header(const std::string& name) const {
    auto it = headers.lower_bound(name);  // equal keys keep their order: the first one
    return it == headers.end() || it->first != name ? std::string() : it->second;
  }
  std::string content_type;                         // full header value
  std::string body;  // raw body for non-multipart requests (JSON for speech)
  std::vector<RecordedPart> parts;               // multipart parts, in order, when multipart
  std::vector<std::string> contract_violations;  // empty when the request follows the contract
  // What the fake did, so a test can check the client reported it (e.g. the log id).
  std::chrono::steady_clock::time_point received;  // when the request arrived
  // A JWT exchange: the JWT's header and claims as the fake decoded them (its signature and
  // each claim are checked; what failed is in contract_violations).
  nlohmann::json jwt_header, jwt_claims;
  std::string logid;        // the log id the answer carried (body and x-tt-logid header)
  int answer_status = 0;    // HTTP status answered; 0 while the answer is pending or when dropped
  bool dropped = false;     // the connection was ended without a complete answer
};

// One scripted answer. Defaults = the contract's success answer for the endpoint.
struct Reply {
  int status = 200;
  // Empty => the endpoint's default body: its success answer for a 2xx status, else the
  // contract's error JSON with the code that matches the status (400 4000, 401 4100, 403 4101,
  // 404 4200, 429 4013, 5xx 5000, others 4000) and a log id.
  std::string body;
  std::string content_type = "application/json";  // ignored for the default speech audio
  std::vector<std::pair<std::string, std::string>> headers;  // {"Retry-After","1"}, ...
  std::chrono::milliseconds delay{0};  // sleep before answering (a stall)
  // Close the connection without a complete answer: with huge_body_bytes == 0 nothing at all
  // is sent (curl: "Empty reply from server", exit 52); with huge_body_bytes > 0 the headers and
  // about half the declared body are sent first (curl: exit 18, partial transfer).
  bool drop = false;
  // If > 0: stream this many bytes of 'x' (declared Content-Length), in chunks, never held in
  // memory. `body` is then ignored.
  std::size_t huge_body_bytes = 0;
  // If > 0 with huge_body_bytes: sleep between 1 KiB chunks (a slow trickle).
  std::chrono::milliseconds trickle_interval{0};
  bool empty_body = false;  // send a zero-length body instead of the default one
};

class FakeService {
 public:
  // Starts listening on 127.0.0.1 on a free port, in a background thread; returns when ready.
  FakeService();
  // Stops and joins promptly, even with handlers sleeping, trickling or idle keep-alive
  // connections open (those are shut down).
  ~FakeService();
  FakeService(const FakeService&) = delete;
  FakeService& operator=(const FakeService&) = delete;

  std::string base_url() const;  // "http://127.0.0.1:PORT"
  int port() const { return port_; }

  // Queue answers used in order by the next requests (any endpoint, unknown paths too); when
  // the queue is empty, the endpoint's default answer. Appends to what is still queued.
  void script(std::vector<Reply> replies);
  std::size_t scripted_left() const;

  std::vector<RecordedRequest> requests() const;  // thread-safe copy
  std::size_t request_count() const;
  // Waits until at least n requests were recorded (a request is recorded before any delay).
  bool wait_for_requests(std::size_t n, std::chrono::milliseconds timeout) const;
  void reset();  // back to a new fake: queue, records, voice ids, voices, speech audio

  // Voices for GET /v1/audio/voices: the fake pages this list according to page_num/page_size.
  // Default: 3 cloned voices (2 "big", 1 "small") then 2 system voices.
  void set_voices(std::vector<nlohmann::json> voices);
  // Audio bytes for POST /v1/audio/speech success, whatever response_format asked (a service
  // that sends the wrong format). Without it, a few bytes of the format asked for.
  void set_speech_audio(std::string bytes, std::string content_type = "audio/mpeg");

  // Authorization must be "Bearer <this>", else 401 + code 4100 JSON. Set it before the first
  // request (it is read by the server threads without a lock).
  std::string expected_token = "test-token";

  // ---- sign-in (POST /api/permission/oauth2/token and .../device/code) ----------------------
  // Set before the first request, like expected_token. A service app: its client id, key id
  // and PEM public key; the fake verifies each JWT's RS256 signature with the key and checks
  // every claim. Issued access tokens are accepted by the API endpoints until they expire.
  struct OAuthApps {
    std::string jwt_client_id = "1171234567890";
    std::string jwt_key_id = "kid-test-1";
    std::string jwt_public_key_pem;          // empty: JWT exchanges are refused
    std::string expected_session_name;       // when set, the JWT must carry it
    // expires_in answered = now + this (absolute, as the service does); 0: duration_seconds.
    std::int64_t access_token_lifetime = 0;
    std::string device_client_id = "4561234567890";
    std::int64_t device_interval = 1;        // seconds, as answered
    std::int64_t device_code_lifetime = 600;
  };
  OAuthApps oauth;
  // What the next device-token polls answer, in order: "authorization_pending", "slow_down",
  // "access_denied", "expired_token"; once empty, the sign-in is approved.
  void script_device(std::vector<std::string> answers);
  // Tokens the fake issued that are still good, and refresh tokens it would take.
  std::size_t issued_access_tokens() const;
  bool is_issued_access_token(const std::string& token) const;
  // Issues a refresh token (as a device login would have), for tests that start from a stored
  // login; and an access token already expired at `expires_at`.
  std::string issue_refresh_token();
  std::string issue_access_token(std::int64_t expires_at);

  static std::vector<nlohmann::json> default_voices();
  static constexpr std::uint64_t kFirstVoiceId = 7426720361753903141ULL;

 private:
  struct Answer;  // what a handler decided to send
  void handle(const httplib::Request& req, httplib::Response& res);
  Answer answer_clone(RecordedRequest& rec);
  Answer answer_voices(RecordedRequest& rec);
  Answer answer_speech(RecordedRequest& rec);
  Answer answer_token(RecordedRequest& rec);        // fake_service_oauth.cpp
  Answer answer_device_code(RecordedRequest& rec);  // fake_service_oauth.cpp
  Answer answer_jwt_grant(RecordedRequest& rec, const nlohmann::json& body);
  Answer answer_device_grant(RecordedRequest& rec, const nlohmann::json& body);
  Answer answer_refresh_grant(RecordedRequest& rec, const nlohmann::json& body);
  Answer issue_tokens(bool with_refresh, std::int64_t lifetime);  // under mutex_
  bool token_accepted(const std::string& authorization) const;   // under mutex_
  void send(const httplib::Request& req, httplib::Response& res, std::size_t index,
            std::uint64_t generation, Answer a, const Reply* scripted);
  bool sleep_unless_stopping(std::chrono::milliseconds d) const;  // false when stopping
  bool drop_connection(const httplib::Request& req) const;  // false: socket not found
  std::string next_logid();

  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = -1;

  mutable std::mutex mutex_;
  mutable std::condition_variable cv_;  // wakes sleeping handlers on stop, waiters on records
  bool stopping_ = false;
  std::vector<Reply> queue_;
  std::size_t queue_pos_ = 0;
  std::vector<RecordedRequest> records_;
  std::uint64_t generation_ = 0;  // bumped by reset(), so a late answer cannot touch new records
  std::vector<nlohmann::json> voices_;
  std::string speech_audio_;
  std::string speech_content_type_ = "audio/mpeg";
  bool speech_audio_set_ = false;  // set_speech_audio: always that; else the format asked for
  std::uint64_t next_voice_id_ = kFirstVoiceId;
  std::uint64_t logid_counter_ = 0;
  // Sign-in state (under mutex_).
  std::map<std::string, std::int64_t> access_tokens_;  // token -> expires_at (unix seconds)
  std::map<std::string, bool> refresh_tokens_;         // token -> still good
  std::map<std::string, bool> seen_jti_;
  std::vector<std::string> device_script_;
  std::size_t device_pos_ = 0;
  std::string device_code_;
  std::uint64_t token_counter_ = 0;
};

}  // namespace vt
