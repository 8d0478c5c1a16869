#pragma once
// The whole command line: the CLI11 app with every subcommand.

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <CLI/App.hpp>

#include "leadplan/cli/common.hpp"

namespace leadplan::cli {

// What the app's callbacks leave for main(): the exit code and how to print errors.
struct AppState {
  int exit_code = 0;
  DiagnosticsMode diagnostics = DiagnosticsMode::text;
  std::string excerpt = "auto";  // --excerpt auto|always|never
};

// The subcommand the arguments `argv` (`argc` of them, the program first) plainly
// name: exactly one argument is a subcommand's name and none asks for help or the
// version. Empty otherwise.
[[nodiscard]] std::string_view requested_subcommand(int argc, const char* const* argv);

// Builds the leadplan app; its subcommands write their results into `state`. With
// `only` naming a subcommand, only that one is set up: building CLI11's options costs
// more than planning a small scenario, and a run needs one subcommand.
[[nodiscard]] std::unique_ptr<CLI::App> make_app(AppState& state, std::string_view only = {});

// The message for a first word of `argv` that is not a command (`leadplan frob`)
// or a command's option given before the command (`leadplan --format json calc`),
// or nullopt when the command line is fine as far as this can tell.
[[nodiscard]] std::optional<std::string> unknown_command(int argc, const char* const* argv);

// Whether diagnostics quote the source line with a caret under the column.
[[nodiscard]] bool want_excerpt(const AppState& state);

}  // namespace leadplan::cli
