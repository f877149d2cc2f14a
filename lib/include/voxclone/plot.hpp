// voxclone/plot.hpp — a picture of what prep and check kept, as SVG.
//
//   auto r = voxclone::prepare(src, opts);
//   voxclone::write_file_atomically("talk.svg", as_bytes(voxclone::plot_svg(r->report)));
//
// One self-contained SVG (no scripts, no external fonts or images): the title line (file name,
// window, sample length, SNR kept and whole, loudness), the whole recording's waveform (lowest
// and highest sample per pixel) shaded only where pieces were kept, the content timeline
// (silence, speech coloured by speaker, speech over music, music, other sound), the kept pieces
// and between them each gap drawn by why it was left out (a shortened pause thin and grey; a
// voice, music or other sound cut out hatched in its colour), the loudness before and after
// against the target and the true-peak ceiling, an mm:ss axis, a legend, then the verdict and
// every warning (blocking ones first).
//
// Every marked region carries its times as `data-start` / `data-end` attributes (seconds) and a
// class (`window`, `kept-shade`, `piece`, `gap` with `data-reason`, `stretch`; `warning` lines
// carry `data-code`), so scripts and tests can read the picture back.
#pragma once

#include <string>

#include "voxclone/report.hpp"

namespace voxclone {

struct PlotOptions {
  int width = 1200;  ///< pixels, 400–4000 (clamped)
  double target_lufs = -20.0;   ///< the loudness target drawn on the loudness bars
  double ceiling_dbtp = -2.0;   ///< the true-peak ceiling drawn on them
};

/// The report drawn as SVG. Works on a check() report (no "after" loudness) and on a partial
/// one (what the analysis found before it stopped); draws what is there.
std::string plot_svg(const PrepReport& report, const PlotOptions& options = {});

}  // namespace voxclone
