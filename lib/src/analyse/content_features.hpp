// Internal: what the content classifier looks at, per 0.4 s block, computed over a 2 s context
// centred on it (speech/music cues need a second or two to be reliable). Each feature is one of
// the classic speech/music discriminators: syllabic level modulation and the low-energy-frame
// ratio (Scheirer & Slaney 1997), voicing and pitch steadiness (notes hold, intonation glides),
// sustained spectral lines and spectral flux, and how far the pauses sit above the noise floor
// (a music bed or a babble fills them).
#pragma once

#include <array>
#include <span>
#include <string_view>
#include <vector>

#include "analyse/voice_meter.hpp"
#include "voxclone/analyse.hpp"

namespace voxclone::detail {

inline constexpr int kContentFeatures = 18;
using ContentFeatureRow = std::array<float, kContentFeatures>;

/// The features' names, in row order (the training script's columns).
std::span<const std::string_view> content_feature_names();

/// The level the features judge the recording's frames against: its noise floor, or where its
/// pauses are digital silence (that floor under -90 dBFS), the floor of its sound (the level a
/// tenth of the frames above digital silence stay under).
double content_floor_db(const SpeechAnalysis& speech);

/// One row per block of `features.blocks`.
std::vector<ContentFeatureRow> block_features(const SpeechAnalysis& speech,
                                              const VoiceFeatures& features);

}  // namespace voxclone::detail
