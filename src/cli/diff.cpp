#include "leadplan/cli/diff.hpp"

#include <CLI/App.hpp>

#include "leadplan/cli/output.hpp"
#include "leadplan/engine/checks.hpp"
#include "leadplan/engine/diff.hpp"
#include "leadplan/report/diff_report.hpp"
#include "leadplan/report/html_report.hpp"
#include "leadplan/report/report.hpp"

namespace leadplan::cli {

void setup_diff(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<DiffOptions>();
  CLI::App* command =
      app.add_subcommand("diff",
                         "Two scenarios compared: the inputs that differ, the headline figures "
                         "with the change, the checks' verdicts");
  command->add_option("base", options->base, "The scenario before (YAML), or - for stdin")
      ->required()
      ->option_text("BASE");
  command->add_option("head", options->head, "The scenario after (YAML); --set applies to it")
      ->required()
      ->option_text("HEAD");
  // No --color: the diff table has no colour to turn on.
  add_common_options(*command, options->common,
                     {Format::table, Format::json, Format::csv, Format::markdown, Format::html});
  command->add_flag("--all", options->all,
                    "Markdown: list every figure, not only those that changed (the table, JSON "
                    "and CSV always list every one)");
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
  // Each file's problems, then limits its plan cannot check (an input error, as for `check`).
  const auto load = [&problems](const std::string& path, const std::vector<std::string>& sets,
                                std::optional<Analysis>& into) {
    try {
      into = analyse(path, sets);
    } catch (const InputError& e) {
      problems.insert(problems.end(), e.diagnostics().begin(), e.diagnostics().end());
      return;
    }
    for (const PlanProblem& p : check_applicability(into->scenario)) {
      problems.push_back(diagnostic_at(into->source.name, p.where, p.message));
    }
  };
  load(options.base, {}, base);
  load(options.head, options.common.sets, head);
  if (!problems.empty()) {
    throw InputError(std::move(problems));
  }
  const PlanDiff diff = diff_plans(base->scenario, base->plan, head->scenario, head->plan);
  const DiffReport report{diff,
                          DiffSide{base->source.name, base->scenario, base->plan},
                          DiffSide{head->source.name, head->scenario, head->plan},
                          options.common.sets,
                          options.all,
                          use_color(options.common)};
  std::ostream& out = output.stream();
  switch (options.common.format) {
    case Format::json:
    case Format::jsonl:  // offered by sweep only
      write_diff_json(out, report);
      break;
    case Format::markdown:
      write_diff_markdown(out, report);
      break;
    case Format::csv:
      write_diff_csv(out, report);
      break;
    case Format::html:
      write_diff_html(out, diff, base->source.name, head->source.name);
      break;
    case Format::table:
    case Format::xlsx:  // offered by calc only
      write_diff_table(out, report);
      break;
  }
  output.commit();
  return 0;
}

}  // namespace leadplan::cli
