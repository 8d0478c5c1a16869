#include "leadplan/cli/app.hpp"

#include <unistd.h>

#include <CLI/Config.hpp>
#include <CLI/Formatter.hpp>

#include "leadplan/cli/calc.hpp"
#include "leadplan/cli/sweep.hpp"
#include "leadplan/version.hpp"

namespace leadplan::cli {

std::unique_ptr<CLI::App> make_app(AppState& state) {
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
  setup_calc(app, state.exit_code);
  setup_sweep(app, state.exit_code);
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
