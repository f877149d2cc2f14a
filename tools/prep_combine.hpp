// `voxclone prep A B C --combine -o me.wav`: one sample of one person from several recordings.
#pragma once

#include "prep_args.hpp"
#include "terminal.hpp"

namespace voxclone::cli {

/// The whole run of prep --combine: plan (inputs, the one output, options, --like), combine,
/// write, report. Returns the exit code.
int run_prep_combined(Terminal& term, const PrepArgs& a);

}  // namespace voxclone::cli
