// Internal: the people of one voice, told apart by the trained voiceprint (speakers.cpp, step 7).
#pragma once

#include <cstddef>
#include <vector>

#include "voxclone/voiceprint.hpp"

namespace voxclone::detail {

/// The people of one voice, told apart by the trained voiceprint (speakers.cpp, step 7): its
/// units' voiceprints (runs of its clean speech, `seconds` long each) clustered, the likeliest
/// pair of clusters joined while similarity() says one person clearly enough. `cluster[i]`: unit
/// i's cluster; `print[k]`: cluster k's voiceprint (pooled); `core`: the cluster heard longest;
/// `other[k]`: cluster k is another person than the core's (and long enough to say so), always
/// false while the core is too short to make a sample of its own.
struct PeopleOfVoice {
  std::vector<std::size_t> cluster;
  std::vector<Voiceprint> print;
  std::vector<bool> other;
  std::size_t core = 0;
};
PeopleOfVoice people_of_voice(std::vector<Voiceprint> units, const std::vector<double>& seconds);

}  // namespace voxclone::detail
