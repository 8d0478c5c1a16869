#include "leadplan/cli/check.hpp"

#include <iostream>

#include <CLI/App.hpp>

#include "leadplan/cli/output.hpp"
#include "leadplan/engine/checks.hpp"
#include "leadplan/report/report.hpp"

namespace leadplan::cli {

void setup_check(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<CheckOptions>();
  CLI::App* command = app.add_subcommand(
      "check", "The plan, then every check with its actual value and limit; exit 1 when any fails");
  command->add_option("scenario", options->scenario, "Scenario file (YAML), or - for stdin")
      ->required()
      ->option_text("SCENARIO");
  add_common_options(*command, options->common,
                     {Format::table, Format::json, Format::csv, Format::markdown});
  command->add_flag("-q,--quiet", options->quiet, "Print only the failing checks (table format)");
  command->callback([options, &exit_code]() { exit_code = run_check(*options); });
}

int run_check(const CheckOptions& options) {
  // Opened first: a bad -o fails before any work.
  Output output(options.common.output);
  const Analysis analysis = analyse(options.scenario, options.common.sets);
  const std::vector<PlanProblem> problems = check_applicability(analysis.scenario);
  if (!problems.empty()) {
    std::vector<Diagnostic> diagnostics;
    for (const PlanProblem& p : problems) {
      diagnostics.push_back(diagnostic_at(analysis.source.name, p.where, p.message));
    }
    throw InputError(std::move(diagnostics));
  }
  const std::vector<CheckResult> checks = run_checks(analysis.scenario, analysis.plan);
  const TableStyle style{use_color(options.common)};
  std::ostream& out = output.stream();
  switch (options.common.format) {
    case Format::json:
    case Format::jsonl:  // offered by sweep only
      write_json(out, analysis.scenario, analysis.plan, &checks);
      break;
    case Format::csv:
      write_csv(out, analysis.scenario, analysis.plan, &checks);
      break;
    case Format::markdown:
      write_markdown(out, analysis.scenario, analysis.plan);
      write_checks_markdown(out, checks);
      break;
    case Format::table:
      if (!options.quiet) {
        write_table(out, analysis.scenario, analysis.plan, style);
      }
      write_checks_table(out, checks, options.quiet, style);
      break;
  }
  output.commit();
  annotate_failed_checks(std::cerr, analysis.source.name, analysis.scenario, checks);
  for (const CheckResult& c : checks) {
    if (!c.passed) {
      return 1;
    }
  }
  return 0;
}

}  // namespace leadplan::cli
