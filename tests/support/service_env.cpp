#include "support/service_env.hpp"

#include <gtest/gtest.h>

namespace vt {
namespace {

FakeService* g_service = nullptr;

class ServiceEnvironment : public ::testing::Environment {
 public:
  void TearDown() override {
    delete g_service;
    g_service = nullptr;
  }
};

}  // namespace

FakeService& shared_service() {
  if (g_service == nullptr) {
    g_service = new FakeService();
    ::testing::AddGlobalTestEnvironment(new ServiceEnvironment);
  }
  return *g_service;
}

}  // namespace vt
