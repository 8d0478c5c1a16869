#pragma once
// The whole command line: the CLI11 app with every subcommand.

#include <memory>
#include <optional>
#include <string>

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

// The message for a first word of `argv` that is not a command (`leadplan frob`),
// or nullopt when the command line names a known one or none.
[[nodiscard]] std::optional<std::string> unknown_command(const CLI::App& app, int argc,
                                                         const char* const* argv);

// Whether diagnostics quote the source line with a caret under the column.
[[nodiscard]] bool want_excerpt(const AppState& state);

}  // namespace leadplan::cli
