#pragma once
// The whole command line: the CLI11 app with every subcommand.

#include <memory>

#include <CLI/App.hpp>

#include "leadplan/cli/common.hpp"

namespace leadplan::cli {

// What the app's callbacks leave for main(): the exit code and how to print errors.
struct AppState {
  int exit_code = 0;
  DiagnosticsMode diagnostics = DiagnosticsMode::text;
  std::string excerpt = "auto";  // --excerpt auto|always|never
};

// Builds the leadplan app; its subcommands write their results into `state`.
[[nodiscard]] std::unique_ptr<CLI::App> make_app(AppState& state);

// Whether diagnostics quote the source line with a caret under the column.
[[nodiscard]] bool want_excerpt(const AppState& state);

}  // namespace leadplan::cli
