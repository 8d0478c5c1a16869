#pragma once
// `leadplan calc SCENARIO`: back-calculate the plan and print it.

#include <optional>
#include <string>

#include "leadplan/cli/common.hpp"

namespace leadplan::cli {

// Options of `calc`.
struct CalcOptions {
  std::string scenario;  // a path, or `-` for stdin
  CommonOptions common;
  bool sensitivity = false;  // --sensitivity: each driver 10% better (CONTRACT 8.3)
};

// Adds the `calc` subcommand to `app`; `exit_code` receives its result when it runs.
void setup_calc(CLI::App& app, int& exit_code);

// Runs `calc` with `options`; returns the exit code (0), throws InputError.
[[nodiscard]] int run_calc(const CalcOptions& options);

// The options of a plain `leadplan calc` run, read without CLI11, whose setup
// costs more than planning a small scenario: `argv` (`argc` of them, the program
// first) must be `calc`, one scenario path, and only `--format`, `-o`/`--output`
// and `--color` (once each, values as listed in their help) and `--set`, each
// with its value as the next argument. Anything else, and every error, is left
// to CLI11: nullopt. Keep in step with setup_calc; tests/cli/test_plain_calc.cpp
// runs both readers on the same arguments and compares what they print.
[[nodiscard]] std::optional<CalcOptions> plain_calc_options(int argc, const char* const* argv);

}  // namespace leadplan::cli
