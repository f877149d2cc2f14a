#include "support/service_env.hpp"

#include <gtest/gtest.h>

#include <cmath>

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

const voxclone::EncodedSample& uploadable_sample() {
  static const voxclone::EncodedSample s = [] {
    voxclone::Audio a;
    a.samples.resize(24000 * 11);
    for (std::size_t i = 0; i < a.samples.size(); ++i)
      a.samples[i] = 0.2f * static_cast<float>(std::sin(static_cast<double>(i) * 0.05));
    return *voxclone::encode(a, voxclone::SampleFormat::mp3);
  }();
  return s;
}

}  // namespace vt
