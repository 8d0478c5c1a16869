#include "leadplan/cli/diff.hpp"

#include <CLI/App.hpp>

#include "leadplan/cli/output.hpp"
#include "leadplan/engine/diff.hpp"
#include "leadplan/report/report.hpp"

namespace leadplan::cli {

void setup_diff(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<DiffOptions>();
  CLI::App* command =
      app.add_subcommand("diff", "Two scenarios' headline figures side by side, with the change");
  command->add_option("base", options->base, "The scenario before (YAML), or - for stdin")
      ->required()
      ->option_text("BASE");
  command->add_option("head", options->head, "The scenario after (YAML); --set applies to it")
      ->required()
      ->option_text("HEAD");
  // No --color: the diff table has no colour to turn on.
  add_common_options(*command, options->common,
                     {Format::table, Format::json, Format::csv, Format::markdown}, false);
  command->callback([options, &exit_code]() { exit_code = run_diff(*options); });
}

int run_diff(const DiffOptions& options) {
  if (options.base == "-" && options.head == "-") {
    throw InputError({Diagnostic{"<stdin>", 1, 1, "BASE and HEAD cannot both be standard input",
                                 "give at least one of them as a file"}});
  }
  // Opened first: a bad -o fails before any work.
  Output output(options.common.output);
  // Both files are read before either error is reported: one run shows every problem.
  std::vector<Diagnostic> problems;
  std::optional<Analysis> base;
  std::optional<Analysis> head;
  try {
    base = analyse(options.base, {});
  } catch (const InputError& e) {
    problems.insert(problems.end(), e.diagnostics().begin(), e.diagnostics().end());
  }
  try {
    head = analyse(options.head, options.common.sets);
  } catch (const InputError& e) {
    problems.insert(problems.end(), e.diagnostics().begin(), e.diagnostics().end());
  }
  if (!problems.empty()) {
    throw InputError(std::move(problems));
  }
  const PlanDiff diff = diff_plans(base->scenario, base->plan, head->scenario, head->plan);
  std::ostream& out = output.stream();
  switch (options.common.format) {
    case Format::json:
    case Format::jsonl:  // offered by sweep only
      write_diff_json(out, diff, base->source.name, head->source.name);
      break;
    case Format::markdown:
      write_diff_markdown(out, diff, base->source.name, head->source.name);
      break;
    case Format::csv:
      write_diff_csv(out, diff);
      break;
    case Format::table:
      write_diff_table(out, diff, base->source.name, head->source.name);
      break;
  }
  output.commit();
  return 0;
}

}  // namespace leadplan::cli
