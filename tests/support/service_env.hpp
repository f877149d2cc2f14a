// The one fake service a test executable shares, started once as a GoogleTest Environment
// (as cpr's test server is) the first time a test asks for it.
#pragma once

#include "support/fake_service.hpp"
#include "voxclone/encode.hpp"

namespace vt {

/// The suite's fake service; started on first use, stopped after the last test.
FakeService& shared_service();

/// An 11 s tone encoded as MP3: a sample the service accepts, made once per executable.
const voxclone::EncodedSample& uploadable_sample();

}  // namespace vt
