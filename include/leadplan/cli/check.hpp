#pragma once
// `leadplan check SCENARIO`: the plan, then every check; exit 1 when any fails.

#include <string>

#include "leadplan/cli/common.hpp"
#include "leadplan/cli/track.hpp"

namespace leadplan::cli {

// Options of `check`.
struct CheckOptions {
  std::string scenario;  // a path, or `-` for stdin
  CommonOptions common;
  bool quiet = false;    // print only the failing checks
  ActualsFiles actuals;  // --leads, --spend, --as-of: gate on min_pace and max_cpl_actual too
};

// Adds the `check` subcommand to `app`; `exit_code` receives its result when it runs.
void setup_check(CLI::App& app, int& exit_code);

// Runs `check` with `options`: 0 when every check passes, 1 when any fails; throws InputError.
[[nodiscard]] int run_check(const CheckOptions& options);

}  // namespace leadplan::cli
