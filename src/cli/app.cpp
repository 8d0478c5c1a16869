#include "leadplan/cli/app.hpp"

#include <unistd.h>

#include <CLI/Config.hpp>
#include <CLI/Formatter.hpp>

#include "leadplan/cli/calc.hpp"
#include "leadplan/cli/sweep.hpp"
#include "leadplan/version.hpp"

namespace leadplan::cli {

namespace {

// Every subcommand, by name: make_app can set up just the one a run asks for.
struct Subcommand {
  std::string_view name;
  void (*setup)(CLI::App& app, int& exit_code);
};
constexpr Subcommand k_subcommands[] = {
    {"calc", setup_calc},
    {"sweep", setup_sweep},
};

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
  auto owned = std::make_unique<CLI::App>("leadplan: funnel math and cost-per-lead planning from a YAML scenario", "leadplan");
  CLI::App& app = *owned;
  app.set_version_flag("--version", std::string("leadplan ") + k_version);
  app.require_subcommand(1);
  app.fallthrough();
  const std::map<std::string, DiagnosticsMode> modes = {{"text", DiagnosticsMode::text},
                                                        {"json", DiagnosticsMode::json}};
  app.add_option("--diagnostics", state.diagnostics,
                 "How input errors are printed on stderr: text|json")
      ->transform(CLI::CheckedTransformer(modes, CLI::ignore_case))
      ->option_text("MODE");
  app.add_option("--excerpt", state.excerpt,
                 "Quote the source line under each error: auto (on a terminal)|always|never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->option_text("WHEN");
  for (const Subcommand& subcommand : k_subcommands) {
    if (only.empty() || only == subcommand.name) {
      subcommand.setup(app, state.exit_code);
    }
  }
  return owned;
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
