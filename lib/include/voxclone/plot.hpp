// voxclone/plot.hpp — a picture of what prep and check kept, as SVG.
//
//   auto r = voxclone::prepare(src, opts);
//   voxclone::write_file_atomically("talk.svg", as_bytes(voxclone::plot_svg(r->report)));
//
// One self-contained SVG (no scripts, no external fonts or images): the title line (file name,
// window, sample length, loudness), the whole recording's waveform (lowest and highest sample per
// pixel), the content timeline (silence, speech coloured by speaker, speech over music, music,
// other sound), the kept window with its pieces and the pauses shortened or stretches cut out
// between them, the loudness before and after, an mm:ss time axis and a legend.
//
// Every marked region carries its times as `data-start` / `data-end` attributes (seconds) and a
// class (`window`, `piece`, `gap`, `stretch`), so scripts and tests can read the picture back.
#pragma once

#include <string>

#include "voxclone/report.hpp"

namespace voxclone {

struct PlotOptions {
  int width = 1200;  ///< pixels, 400–4000 (clamped)
};

/// The report drawn as SVG. Works on a check() report (no "after" loudness) and on a partial
/// one (what the analysis found before it stopped); draws what is there.
std::string plot_svg(const PrepReport& report, const PlotOptions& options = {});

}  // namespace voxclone
