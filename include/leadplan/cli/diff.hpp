#pragma once
// `leadplan diff BASE HEAD`: two scenarios compared, inputs, figures and checks.

#include <string>

#include "leadplan/cli/common.hpp"

namespace leadplan::cli {

// Options of `diff`; `--set` applies to HEAD only (a what-if against BASE).
struct DiffOptions {
  std::string base;
  std::string head;
  CommonOptions common;
  bool all = false;  // --all: Markdown lists every figure, not only those that changed
};

// Adds the `diff` subcommand to `app`; `exit_code` receives its result when it runs.
void setup_diff(CLI::App& app, int& exit_code);

// Runs `diff` with `options`; returns 0, throws InputError (problems of both files together).
[[nodiscard]] int run_diff(const DiffOptions& options);

}  // namespace leadplan::cli
