// The one fake service a test executable shares, started once as a GoogleTest Environment
// (as cpr's test server is) the first time a test asks for it.
#pragma once

#include "support/fake_service.hpp"

namespace vt {

/// The suite's fake service; started on first use, stopped after the last test.
FakeService& shared_service();

}  // namespace vt
