// voxclone/voxclone.hpp — everything, for apps that want one include.
//
//   #include <voxclone/voxclone.hpp>
//
//   voxclone::PrepOptions opts;                       // 10–30 s, -20 LUFS, -2 dBTP, WAV
//   auto r = voxclone::prepare(voxclone::InputSource::file("talk.m4a"), opts);
//   if (!r) { std::cerr << r.error().message << '\n'; return 1; }
//   if (auto w = voxclone::write_file_atomically("me.wav", r->sample.bytes); !w) { ... }
//   std::cout << voxclone::to_text(r->report);
//
// Stages (one header each, in data-flow order): source, decode, convert, analyse, select,
// normalise, encode, validate, upload; prep runs all but the upload, report describes the
// result, and verdict says whether it would make a good voice (Client::clone holds a prepared
// sample to it).
#pragma once

#include "voxclone/analyse.hpp"
#include "voxclone/audio.hpp"
#include "voxclone/combine.hpp"
#include "voxclone/convert.hpp"
#include "voxclone/decode.hpp"
#include "voxclone/encode.hpp"
#include "voxclone/error.hpp"
#include "voxclone/log.hpp"
#include "voxclone/normalise.hpp"
#include "voxclone/plot.hpp"
#include "voxclone/prep.hpp"
#include "voxclone/report.hpp"
#include "voxclone/review.hpp"
#include "voxclone/select.hpp"
#include "voxclone/source.hpp"
#include "voxclone/auth.hpp"
#include "voxclone/upload.hpp"
#include "voxclone/validate.hpp"
#include "voxclone/verdict.hpp"
#include "voxclone/version.hpp"
#include "voxclone/voiceprint.hpp"
