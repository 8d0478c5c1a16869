#pragma once
// `leadplan calc SCENARIO`: back-calculate the plan and print it.

#include <string>

#include "leadplan/cli/common.hpp"

namespace leadplan::cli {

// Options of `calc`.
struct CalcOptions {
  std::string scenario;  // a path, or `-` for stdin
  CommonOptions common;
};

// Adds the `calc` subcommand to `app`; `exit_code` receives its result when it runs.
void setup_calc(CLI::App& app, int& exit_code);

// Runs `calc` with `options`; returns the exit code (0), throws InputError.
[[nodiscard]] int run_calc(const CalcOptions& options);

}  // namespace leadplan::cli
