#pragma once
// `leadplan sweep SCENARIO --vary PATH=FROM:TO:STEP ...`: the plan over a grid of
// values, one row per point, streamed.

#include <cstdint>
#include <string>
#include <vector>

#include "leadplan/cli/common.hpp"

namespace leadplan::cli {

// The most points one sweep may have (100 million): larger grids are a usage error.
inline constexpr std::uint64_t k_max_sweep_points = 100'000'000;

// The fewest points for which a progress bar is drawn (on a terminal).
inline constexpr std::uint64_t k_progress_points = 200'000;

// Options of `sweep`.
struct SweepOptions {
  std::string scenario;             // a path, or `-` for stdin
  std::vector<std::string> varies;  // --vary PATH=FROM:TO:STEP, first outermost
  bool no_progress = false;         // --no-progress: no bar, even on a terminal
  CommonOptions common;
};

// Adds the `sweep` subcommand to `app`; `exit_code` receives its result when it runs.
void setup_sweep(CLI::App& app, int& exit_code);

// Runs `sweep` with `options`; returns the exit code (0), throws InputError.
[[nodiscard]] int run_sweep(const SweepOptions& options);

}  // namespace leadplan::cli
