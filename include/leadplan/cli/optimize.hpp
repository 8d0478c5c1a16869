#pragma once
// `leadplan optimize SCENARIO [--objective STAGE|revenue] [--target]`: the spend
// per channel that buys the most with the budget, or reaches the target for the
// least (CONTRACT section 11).

#include <string>

#include "leadplan/cli/common.hpp"

namespace leadplan::cli {

// Options of `optimize`.
struct OptimizeOptions {
  std::string scenario;            // a path, or `-` for stdin
  std::string objective = "wins";  // `wins`, `revenue` or a stage's name
  bool target = false;             // --target: the least spend reaching the target
  CommonOptions common;
};

// Adds the `optimize` subcommand to `app`; `exit_code` receives its result when it runs.
void setup_optimize(CLI::App& app, int& exit_code);

// Runs `optimize` with `options`; returns the exit code (0), throws InputError.
[[nodiscard]] int run_optimize(const OptimizeOptions& options);

}  // namespace leadplan::cli
