// `voxclone prep A B C --combine -o me.wav`: one sample of one person from several recordings
// (`clone --combine` sends the same sample: cmd_clone.cpp).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "prep_args.hpp"
#include "terminal.hpp"
#include "voxclone/combine.hpp"

namespace voxclone::cli {

/// The whole run of prep --combine: plan (inputs, the one output, options, --like), combine,
/// write, report. Returns the exit code.
int run_prep_combined(Terminal& term, const PrepArgs& a);

/// The inputs of a combined sample as --json result entries (prep --combine, clone --combine):
/// each one's voice score, the pieces it gave (output and input seconds) and its own report.
/// `names`: the inputs as given; `output`: the sample's file, or empty (not written).
nlohmann::json combined_inputs_json(const CombineResult& r, const std::vector<std::string>& names,
                                    const std::string& output);

}  // namespace voxclone::cli
