#include "leadplan/cli/app.hpp"

#include <algorithm>

#include <unistd.h>

#include <CLI/Config.hpp>
#include <CLI/Formatter.hpp>

#include <fmt/format.h>

#include "leadplan/cli/calc.hpp"
#include "leadplan/cli/check.hpp"
#include "leadplan/cli/diff.hpp"
#include "leadplan/cli/init.hpp"
#include "leadplan/cli/optimize.hpp"
#include "leadplan/cli/schema.hpp"
#include "leadplan/cli/sweep.hpp"
#include "leadplan/cli/track.hpp"
#include "leadplan/load/suggest.hpp"
#include "leadplan/version.hpp"

namespace leadplan::cli {

namespace {

// Every subcommand, by name: make_app can set up just the one a run asks for.
struct Subcommand {
  std::string_view name;
  void (*setup)(CLI::App& app, int& exit_code);
};
// clang-format off
constexpr Subcommand k_subcommands[] = {
    {"calc", setup_calc},
    {"check", setup_check},
    {"diff", setup_diff},
    {"optimize", setup_optimize},
    {"sweep", setup_sweep},
    {"track", setup_track},
    {"init", setup_init},
    {"schema", setup_schema},
};
// clang-format on

}  // namespace

std::string_view requested_subcommand(int argc, const char* const* argv) {
  std::string_view found;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "-h" || arg == "--help" || arg == "--version") {
      return {};  // help lists every subcommand
    }
    for (const Subcommand& subcommand : k_subcommands) {
      if (arg == subcommand.name) {
        if (!found.empty()) {
          return {};  // two candidates: let CLI11 decide, with every subcommand known
        }
        found = subcommand.name;
      }
    }
  }
  return found;
}

std::unique_ptr<CLI::App> make_app(AppState& state, std::string_view only) {
  auto owned = std::make_unique<CLI::App>(
      "leadplan: funnel math and cost-per-lead planning from a YAML scenario", "leadplan");
  CLI::App& app = *owned;
  app.set_version_flag("--version", std::string("leadplan ") + k_version);
  app.require_subcommand(1);
  app.fallthrough();
  add_choice_option(app, "--diagnostics", state.diagnostics,
                    {{"text", DiagnosticsMode::text}, {"json", DiagnosticsMode::json}},
                    "How input errors are printed on stderr", "MODE");
  add_choice_option(app, "--excerpt", state.excerpt,
                    {{"auto", std::string("auto")},
                     {"always", std::string("always")},
                     {"never", std::string("never")}},
                    "Quote the source line under each error, auto: when stderr is a terminal",
                    "WHEN");
  for (const Subcommand& subcommand : k_subcommands) {
    if (only.empty() || only == subcommand.name) {
      subcommand.setup(app, state.exit_code);
    }
  }
  // The exit codes, at the end of every help (CONTRACT section 5).
  app.footer(
      "Exit codes: 0 success, 1 a check failed (check only), 2 a usage or input error "
      "(nothing on stdout)");
  for (CLI::App* command : app.get_subcommands({})) {
    command->footer(command->get_name() == "check"
                        ? "Exit codes: 0 every check passed, 1 a check failed, 2 a usage or input "
                          "error (nothing on stdout)"
                        : "Exit codes: 0 success, 2 a usage or input error (nothing on stdout)");
  }
  return owned;
}

std::optional<std::string> unknown_command(int argc, const char* const* argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    // The value of an option is not a command (`--format json calc` names `calc`).
    // clang-format off
    static constexpr std::string_view k_with_value[] = {
        "--diagnostics", "--excerpt", "--format", "-o", "--output", "--set", "--color", "--vary",
        "--objective", "--leads", "--spend", "--as-of", "--template"};
    // clang-format on
    if (std::find(std::begin(k_with_value), std::end(k_with_value), arg) !=
        std::end(k_with_value)) {
      if (arg != "--diagnostics" && arg != "--excerpt") {
        // A command's option before the command: CLI11 would only say "not expected".
        return fmt::format(
            "leadplan: error: `{}` is an option of a command and goes after it, e.g. "
            "`leadplan calc SCENARIO {} {}`",
            arg, arg, i + 1 < argc ? argv[i + 1] : "VALUE");
      }
      ++i;
      continue;
    }
    if (arg.empty() || arg.front() == '-') {
      continue;
    }
    std::vector<std::string_view> names;
    for (const Subcommand& subcommand : k_subcommands) {
      if (subcommand.name == arg) {
        return std::nullopt;
      }
      names.push_back(subcommand.name);
    }
    const std::string_view near = closest_match(arg, names);
    return fmt::format("leadplan: error: unknown command `{}`{} (commands: {})", arg,
                       near.empty() ? std::string() : fmt::format("; did you mean `{}`?", near),
                       fmt::join(names, ", "));
  }
  return std::nullopt;
}

bool want_excerpt(const AppState& state) {
  if (state.excerpt == "always") {
    return true;
  }
  if (state.excerpt == "never") {
    return false;
  }
  return ::isatty(STDERR_FILENO) == 1;
}

}  // namespace leadplan::cli
