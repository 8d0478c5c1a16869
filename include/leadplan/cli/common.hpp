#pragma once
// What every subcommand shares: output formats, --set, -o, colour, diagnostics.

#include <utility>

#include <CLI/App.hpp>
#include <string>
#include <vector>

#include "leadplan/load/scenario_loader.hpp"
#include "leadplan/model/check.hpp"
#include "leadplan/model/diagnostic.hpp"
#include "leadplan/model/plan.hpp"
#include "leadplan/model/scenario.hpp"

namespace leadplan::cli {

enum class Format { table, json, csv, markdown, jsonl, html, xlsx };
enum class ColorMode { automatic, always, never };

// Options every report-printing subcommand takes.
struct CommonOptions {
  Format format = Format::table;
  std::string output;             // -o FILE; empty: stdout
  std::vector<std::string> sets;  // --set PATH=VALUE, in order
  ColorMode color = ColorMode::automatic;
};

// Adds option `name` to `command` taking one of `choices` (listed in the help as
// "DESCRIPTION (default: a): a|b|c", the form completions read; the default is the
// choice `target` holds when the option is added); sets `target` to its value.
template <typename T>
void add_choice_option(CLI::App& command, const std::string& name, T& target,
                       const std::vector<std::pair<std::string, T>>& choices,
                       const std::string& description, const std::string& value_name);

// Adds --format (limited to `formats`), -o, --set and, when `color`, --color to
// `command`, bound to `options`.
void add_common_options(CLI::App& command, CommonOptions& options,
                        const std::vector<Format>& formats, bool color = true);

// Adds -o, --set and --color (not --format) to `command`, bound to `options`: for a
// command with formats of its own (`track`).
void add_output_options(CLI::App& command, CommonOptions& options, bool color = true);

// A loaded scenario with its computed plan.
struct Analysis {
  Source source;
  Scenario scenario;
  Plan plan;
};

// Reads `path`, applies `sets`, validates and computes; throws InputError.
[[nodiscard]] Analysis analyse(const std::string& path, const std::vector<std::string>& sets);

// Whether the table for `options` is drawn in colour (a terminal, no NO_COLOR, no
// -o but `-o -`).
[[nodiscard]] bool use_color(const CommonOptions& options);

// The source texts diagnostics may quote (the scenario files of this run).
void remember_source(const Source& source);

// How diagnostics are printed on stderr.
enum class DiagnosticsMode { text, json };

// Prints `diagnostics` to `err`: one `FILE:LINE:COLUMN: error: ...` line each
// (with the source line and a caret when `excerpt`), at most k_max_diagnostics,
// GitHub annotations under GitHub Actions; or one JSON document in `json` mode.
void print_diagnostics(std::ostream& err, const std::vector<Diagnostic>& diagnostics,
                       DiagnosticsMode mode, bool excerpt);

// The message of the GitHub annotation of the failed check `name`, where `message`
// says what was compared: "check `min_coverage` failed: coverage 80%, at least 90% wanted".
[[nodiscard]] std::string check_annotation(std::string_view name, std::string_view message);

// Under GitHub Actions (GITHUB_ACTIONS=true), prints to `err` one `::error`
// annotation for each failed check of `checks`: at its limit's key under `checks:`
// in `file` (or the `checks:` map), or at the file itself for a built-in check
// (budget, capacity) or a limit given by `--set`.
void annotate_failed_checks(std::ostream& err, const std::string& file, const Scenario& scenario,
                            const Plan& plan, const std::vector<CheckResult>& checks);

// A choice option's implementation: CLI11's IsMember gives the clear message
// "--format: yaml not in {table,json}" where a transformer would print its map.
template <typename T>
void add_choice_option(CLI::App& command, const std::string& name, T& target,
                       const std::vector<std::pair<std::string, T>>& choices,
                       const std::string& description, const std::string& value_name) {
  std::vector<std::string> names;
  std::string list;
  std::string initial;
  for (const auto& choice : choices) {
    names.push_back(choice.first);
    list += (list.empty() ? "" : "|") + choice.first;
    if (initial.empty() && choice.second == target) {
      initial = " (default: " + choice.first + ")";
    }
  }
  command
      .add_option_function<std::string>(
          name,
          [&target, choices](const std::string& value) {
            for (const auto& choice : choices) {
              if (choice.first == value) {
                target = choice.second;
              }
            }
          },
          description + initial + ": " + list)
      ->check(CLI::IsMember(names))
      ->option_text(value_name);
}

}  // namespace leadplan::cli
