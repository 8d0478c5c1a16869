#include "leadplan/cli/calc.hpp"

#include <CLI/App.hpp>

#include "leadplan/cli/output.hpp"
#include "leadplan/cli/xlsx_exec.hpp"
#include "leadplan/engine/sensitivity.hpp"
#include "leadplan/report/html_report.hpp"
#include "leadplan/report/report.hpp"
#include "leadplan/report/xlsx_report.hpp"

namespace leadplan::cli {

void setup_calc(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<CalcOptions>();
  CLI::App* command = app.add_subcommand("calc", "Back-calculate the plan and print it");
  command->add_option("scenario", options->scenario, "Scenario file (YAML), or - for stdin")
      ->required()
      ->option_text("SCENARIO");
  add_common_options(
      *command, options->common,
      {Format::table, Format::json, Format::csv, Format::markdown, Format::html, Format::xlsx});
  command->add_flag("--sensitivity", options->sensitivity,
                    "Also show each driver 10% better, ranked by the lift in projected wins");
  command->callback([options, &exit_code]() { exit_code = run_calc(*options); });
}

std::optional<CalcOptions> plain_calc_options(int argc, const char* const* argv) {
  if (argc < 3 || std::string_view(argv[1]) != "calc") {
    return std::nullopt;
  }
  CalcOptions options;
  bool scenario = false;
  bool format = false;
  bool output = false;
  bool color = false;
  for (int i = 2; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (!arg.empty() && arg.front() != '-') {
      if (scenario || arg == "calc" || arg == "sweep") {
        return std::nullopt;
      }
      options.scenario = std::string(arg);
      scenario = true;
      continue;
    }
    if (i + 1 >= argc) {
      return std::nullopt;
    }
    const std::string_view value = argv[++i];
    if (value.empty() || value.front() == '-') {
      return std::nullopt;
    }
    if (arg == "--format" && !format) {
      format = true;
      if (value == "table") {
        options.common.format = Format::table;
      } else if (value == "json") {
        options.common.format = Format::json;
      } else if (value == "csv") {
        options.common.format = Format::csv;
      } else if (value == "markdown") {
        options.common.format = Format::markdown;
      } else if (value == "html") {
        options.common.format = Format::html;
      } else {
        return std::nullopt;
      }
    } else if ((arg == "-o" || arg == "--output") && !output) {
      output = true;
      options.common.output = std::string(value);
    } else if (arg == "--set") {
      options.common.sets.emplace_back(value);
    } else if (arg == "--color" && !color) {
      color = true;
      if (value == "auto") {
        options.common.color = ColorMode::automatic;
      } else if (value == "always") {
        options.common.color = ColorMode::always;
      } else if (value == "never") {
        options.common.color = ColorMode::never;
      } else {
        return std::nullopt;
      }
    } else {
      return std::nullopt;
    }
  }
  if (!scenario) {
    return std::nullopt;
  }
  return options;
}

int run_calc(const CalcOptions& options) {
  if (options.common.format == Format::xlsx) {
    prepare_xlsx(options.common.output);
  }
  // Opened first: a bad -o (a folder, a missing folder, a dangling link) fails
  // before any work.
  Output output(options.common.output);
  const Analysis analysis = analyse(options.scenario, options.common.sets);
  std::vector<SensitivityRow> rows;
  if (options.sensitivity) {
    rows = sensitivity(analysis.scenario, analysis.plan);
  }
  const std::vector<SensitivityRow>* drivers = options.sensitivity ? &rows : nullptr;
  std::ostream& out = output.stream();
  switch (options.common.format) {
    case Format::json:
    case Format::jsonl:  // offered by sweep only
      write_json(out, analysis.scenario, analysis.plan, nullptr, drivers);
      break;
    case Format::csv:
      write_csv(out, analysis.scenario, analysis.plan, nullptr, drivers);
      break;
    case Format::markdown:
      write_markdown(out, analysis.scenario, analysis.plan, drivers);
      break;
    case Format::html:
      write_html(out, analysis.scenario, analysis.plan);
      break;
    case Format::xlsx:
      write_xlsx(out, analysis.scenario, analysis.plan);
      break;
    case Format::table:
      write_table(out, analysis.scenario, analysis.plan, TableStyle{use_color(options.common)},
                  drivers);
      break;
  }
  output.commit();
  return 0;
}

}  // namespace leadplan::cli
