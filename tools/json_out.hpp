// JSON the CLI prints with --json.
#pragma once

#include <nlohmann/json.hpp>

#include "voxclone/error.hpp"
#include "voxclone/report.hpp"
#include "voxclone/upload.hpp"

namespace voxclone::cli {

nlohmann::json error_json(const Error& e);
/// The service's answer too: its code, message, HTTP status, log id, and whether it may have billed.
nlohmann::json api_error_json(const ApiError& e);
nlohmann::json report_json(const PrepReport& r);
/// Pretty-printed on stdout; invalid UTF-8 (from file names) replaced, never thrown.
void print_json(const nlohmann::json& j);

}  // namespace voxclone::cli
