// leadplan: the command line over leadplan_core. Builds the CLI11 app, runs it,
// and maps every outcome to one documented exit status (CONTRACT section 1).

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <iostream>

#include <CLI/App.hpp>
#include <CLI/Config.hpp>
#include <CLI/Formatter.hpp>

#include "leadplan/cli/app.hpp"
#include "leadplan/cli/calc.hpp"
#include "leadplan/cli/common.hpp"
#include "leadplan/model/diagnostic.hpp"

namespace {

// A standard descriptor closed by the caller (`<&-`, `>&-`) is taken by a
// placeholder that cannot be used the way the descriptor would be: reading a
// closed stdin, or writing a closed stdout or stderr, still fails with "Bad file
// descriptor", and no file the run opens (a scenario, an `-o` file) can become
// descriptor 0, 1 or 2 and be read or written as if it were stdin or stdout.
void hold_closed_standard_descriptors() {
  for (const int fd : {STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO}) {
    if (::fcntl(fd, F_GETFD) == -1 && errno == EBADF) {
      const int placeholder =
          ::open("/dev/null", (fd == STDIN_FILENO ? O_WRONLY : O_RDONLY) | O_CLOEXEC);
      if (placeholder >= 0 && placeholder != fd) {
        ::dup3(placeholder, fd, O_CLOEXEC);
        ::close(placeholder);
      }
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  hold_closed_standard_descriptors();
  // A reader that goes away (`| head`) ends the run with a write error and exit 2,
  // never with SIGPIPE: leadplan exits 0, 1 or 2 and nothing else.
  std::signal(SIGPIPE, SIG_IGN);
  if (const auto message = leadplan::cli::unknown_command(argc, argv)) {
    std::cerr << *message << '\n';
    return 2;
  }
  leadplan::cli::AppState state;
  // Never destroyed: freeing CLI11's option graph costs more than a small plan,
  // and the process ends right after. Reachable from a static, it is no leak.
  static CLI::App* app = nullptr;
  try {
    // A plain `calc` (the command scripts run in loops) starts without CLI11.
    if (const auto plain = leadplan::cli::plain_calc_options(argc, argv)) {
      state.exit_code = leadplan::cli::run_calc(*plain);
    } else {
      app =
          leadplan::cli::make_app(state, leadplan::cli::requested_subcommand(argc, argv)).release();
      app->parse(argc, argv);
    }
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
