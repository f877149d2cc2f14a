// Internal: the colours the picture (plot_svg.cpp) and the review page (review/) give each
// content kind and voice, so both read the same way.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>

#include "voxclone/analyse.hpp"

namespace voxclone::detail {

inline constexpr std::array<const char*, 8> kSpeakerColours = {
    "#1f77b4", "#9467bd", "#e377c2", "#17becf", "#8c564b", "#bcbd22", "#393b79", "#7f7f7f"};
inline constexpr const char* kSilenceColour = "#e6e6e6";
inline constexpr const char* kMusicColour = "#f4a259";
inline constexpr const char* kOverMusicColour = "#c8553d";
inline constexpr const char* kOtherColour = "#a0a0a0";
inline constexpr const char* kKeptColour = "#2e8b57";

inline const char* speaker_colour(int speaker) {
  return kSpeakerColours[static_cast<std::size_t>(std::max(1, speaker) - 1) %
                         kSpeakerColours.size()];
}

inline const char* kind_colour(ContentKind kind, int speaker) {
  switch (kind) {
    case ContentKind::silence:
      return kSilenceColour;
    case ContentKind::speech:
      return speaker_colour(speaker);
    case ContentKind::music:
      return kMusicColour;
    case ContentKind::speech_over_music:
      return kOverMusicColour;
    case ContentKind::other:
      return kOtherColour;
  }
  return kOtherColour;
}

}  // namespace voxclone::detail
