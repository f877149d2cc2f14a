// JSON the CLI prints with --json: one shape for every command (docs/voxclone.schema.json).
//
//   {"schema_version": 1, "command": "prep", "ok": false, "exit_code": 5,
//    "results": [{"input": "a.m4a", "status": "ok", "exit_code": 0, "report": {...}, ...},
//                {"input": "b.m4a", "status": "failed", "exit_code": 5, "error": {...}}],
//    "counts": {"total": 2, "ok": 1, "failed": 1, "skipped": 0, "not_started": 0}}
//
// A failure that belongs to no input (a bad option) is the top level's "error", with no results.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "voxclone/error.hpp"
#include "voxclone/report.hpp"
#include "voxclone/upload.hpp"

namespace voxclone::cli {

inline constexpr int kJsonSchemaVersion = 1;

nlohmann::json error_json(const Error& e);
/// The service's answer too: its code, message, HTTP status, log id, and whether it may have billed.
nlohmann::json api_error_json(const ApiError& e);
nlohmann::json report_json(const PrepReport& r);
/// A verdict that refuses the sample, as an error (category bad_voice, exit code 5): `message`,
/// and the blocking codes as "warnings".
nlohmann::json bad_voice_json(const SampleVerdict& verdict, const std::string& message);

/// One per-input result: status "ok", "failed", "skipped", "interrupted" (stopped by Ctrl-C
/// while it was worked on) or "not_started".
nlohmann::json result_json(std::optional<std::string> input, std::string_view status, int exit_code);
/// Turns a result into a failure: status "failed", its exit code, and the error when there is one.
void mark_failed(nlohmann::json& result, int exit_code, nlohmann::json error = nullptr);
/// The envelope around the results; counts are taken from their statuses.
nlohmann::json envelope_json(std::string_view command, nlohmann::json results, int exit_code);
/// An envelope for a failure before any input was reached.
nlohmann::json early_failure_json(std::string_view command, const nlohmann::json& error);

/// Pretty-printed on stdout; invalid UTF-8 (from file names) replaced, never thrown.
void print_json(const nlohmann::json& j);

}  // namespace voxclone::cli
