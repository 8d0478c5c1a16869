#include "leadplan/cli/calc.hpp"

#include <CLI/App.hpp>

#include "leadplan/report/report.hpp"

namespace leadplan::cli {

void setup_calc(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<CalcOptions>();
  CLI::App* command = app.add_subcommand("calc", "Back-calculate the plan and print it");
  command->add_option("scenario", options->scenario, "Scenario file (YAML), or - for stdin")
      ->required()
      ->option_text("SCENARIO");
  add_common_options(*command, options->common,
                     {Format::table, Format::json, Format::csv, Format::markdown});
  command->callback([options, &exit_code]() { exit_code = run_calc(*options); });
}

int run_calc(const CalcOptions& options) {
  const Analysis analysis = analyse(options.scenario, options.common.sets);
  Output output(options.common.output);
  std::ostream& out = output.stream();
  switch (options.common.format) {
    case Format::json:
      write_json(out, analysis.scenario, analysis.plan);
      break;
    case Format::csv:
      write_csv(out, analysis.scenario, analysis.plan);
      break;
    case Format::markdown:
      write_markdown(out, analysis.scenario, analysis.plan);
      break;
    case Format::table:
      write_table(out, analysis.scenario, analysis.plan, TableStyle{use_color(options.common)});
      break;
  }
  output.commit();
  return 0;
}

}  // namespace leadplan::cli
