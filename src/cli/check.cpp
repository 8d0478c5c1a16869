#include "leadplan/cli/check.hpp"

#include <iostream>

#include <CLI/App.hpp>

#include "leadplan/cli/output.hpp"
#include "leadplan/engine/checks.hpp"
#include "leadplan/engine/track_checks.hpp"
#include "leadplan/report/html_report.hpp"
#include "leadplan/report/report.hpp"

namespace leadplan::cli {

namespace {

// The checks of the actuals (CONTRACT section 9): `max_cpl_actual` needs a spend file.
void append_actuals_checks(const Analysis& analysis, const ActualsFiles& files,
                           std::vector<CheckResult>& checks) {
  const Limits& limits = analysis.scenario.checks;
  if (limits.max_cpl_actual && files.spend.empty()) {
    throw InputError({diagnostic_at(
        analysis.source.name, limits.location_of(LimitKey::max_cpl_actual),
        "`max_cpl_actual` needs a spend file to check", "give --spend FILE beside --leads")});
  }
  const Tracking tracking = track_actuals(analysis, files);
  for (CheckResult& r : run_actuals_checks(analysis.scenario, tracking.figures, tracking.spend)) {
    checks.push_back(std::move(r));
  }
}

}  // namespace

void setup_check(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<CheckOptions>();
  CLI::App* command = app.add_subcommand(
      "check", "The plan, then every check with its actual value and limit; exit 1 when any fails");
  command->add_option("scenario", options->scenario, "Scenario file (YAML), or - for stdin")
      ->required()
      ->option_text("SCENARIO");
  add_common_options(*command, options->common,
                     {Format::table, Format::json, Format::csv, Format::markdown, Format::html});
  add_actuals_options(*command, options->actuals, false);
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
  std::vector<CheckResult> checks = run_checks(analysis.scenario, analysis.plan);
  if (!options.actuals.leads.empty()) {
    append_actuals_checks(analysis, options.actuals, checks);
  }
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
      write_checks_markdown(out, analysis.scenario, analysis.plan, checks);
      break;
    case Format::html:
    case Format::xlsx:  // offered by calc only
      write_html(out, analysis.scenario, analysis.plan, &checks);
      break;
    case Format::table:
      if (!options.quiet) {
        write_table(out, analysis.scenario, analysis.plan, style);
      }
      write_checks_table(out, analysis.scenario, analysis.plan, checks, options.quiet, style);
      break;
  }
  output.commit();
  annotate_failed_checks(std::cerr, analysis.source.name, analysis.scenario, analysis.plan, checks);
  for (const CheckResult& c : checks) {
    if (!c.passed) {
      return 1;
    }
  }
  return 0;
}

}  // namespace leadplan::cli
