#pragma once
// `leadplan init [FILE] [--template NAME]`: writes a commented starter scenario,
// never over an existing file (docs/editors.md).

#include <span>
#include <string>
#include <string_view>

#include "leadplan/cli/common.hpp"

namespace leadplan::cli {

// One starter scenario.
struct Template {
  std::string_view name;     // `--template NAME`
  std::string_view summary;  // one line, for --help and docs
  std::string_view text;     // the scenario, its first line the schema modeline
};

// Every template, the default first.
[[nodiscard]] std::span<const Template> templates();

// The scenario file `leadplan init` writes by default.
inline constexpr std::string_view k_default_init_file = "leadplan.yaml";

// Options of `init`.
struct InitOptions {
  std::string file{k_default_init_file};  // `-` for stdout
  std::string template_name{"seed"};
};

// Adds the `init` subcommand to `app`; `exit_code` receives its result when it runs.
void setup_init(CLI::App& app, int& exit_code);

// Runs `init` with `options`: 0; throws InputError (the file exists) or FatalError.
[[nodiscard]] int run_init(const InitOptions& options);

}  // namespace leadplan::cli
