// leadplan: the command line over leadplan_core. Builds the CLI11 app, runs it,
// and maps every outcome to one documented exit status (CONTRACT section 1).

#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <iostream>

#include <CLI/App.hpp>
#include <CLI/Config.hpp>
#include <CLI/Formatter.hpp>

#include "leadplan/cli/app.hpp"
#include "leadplan/cli/common.hpp"
#include "leadplan/model/diagnostic.hpp"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  // A reader that closes the pipe early (`| head`) makes writes fail, reported
  // with exit 2, instead of killing leadplan with SIGPIPE (CONTRACT: never a signal).
  std::signal(SIGPIPE, SIG_IGN);
  leadplan::cli::AppState state;
  const std::unique_ptr<CLI::App> app = leadplan::cli::make_app(state);
  try {
    app->parse(argc, argv);
    std::cout.flush();
    return state.exit_code;
  } catch (const leadplan::InputError& e) {
    leadplan::cli::print_diagnostics(std::cerr, e.diagnostics(), state.diagnostics,
                                     leadplan::cli::want_excerpt(state));
    return 2;
  } catch (const CLI::ParseError& e) {
    const int code = app->exit(e);
    return code == 0 ? 0 : 2;
  } catch (const leadplan::Error& e) {
    std::cerr << "leadplan: error: " << e.what() << '\n';
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "leadplan: internal error: " << e.what() << '\n';
    return 2;
  }
}
