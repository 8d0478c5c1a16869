#include "leadplan/cli/optimize.hpp"

#include <fmt/format.h>
#include <CLI/App.hpp>

#include "leadplan/cli/output.hpp"
#include "leadplan/engine/optimize.hpp"
#include "leadplan/load/suggest.hpp"
#include "leadplan/report/optimize_report.hpp"

namespace leadplan::cli {

namespace {

// Problems with `--objective` are located at the option, as `--set` ones are.
constexpr std::string_view k_objective_file = "--objective";

Objective resolve(const Analysis& analysis, const std::string& text) {
  const Scenario& s = analysis.scenario;
  ObjectiveChoice choice = choose_objective(s, analysis.plan, text);
  if (choice.objective) {
    return *choice.objective;
  }
  if (choice.needs_deal_size) {
    throw InputError({diagnostic_at(analysis.source.name, s.target.location,
                                    std::move(choice.message), std::move(choice.hint))});
  }
  std::vector<std::string_view> names{"wins", "revenue"};
  for (const Stage& stage : s.stages) {
    names.push_back(stage.name);
  }
  const std::string_view near = closest_match(text, names);
  std::string hint =
      near.empty() ? choice.hint : fmt::format("did you mean `{}`? {}", near, choice.hint);
  throw InputError({Diagnostic{std::string(k_objective_file), 1, 1, std::move(choice.message),
                               std::move(hint)}});
}

}  // namespace

void setup_optimize(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<OptimizeOptions>();
  CLI::App* command = app.add_subcommand(
      "optimize",
      "The spend per channel that buys the most with the budget, or reaches the target for the "
      "least, against the current shares");
  command->add_option("scenario", options->scenario, "Scenario file (YAML), or - for stdin")
      ->required()
      ->option_text("SCENARIO");
  command
      ->add_option("--objective", options->objective,
                   "What to maximise: wins (default), revenue, or a stage's name (e.g. mql)")
      ->option_text("STAGE|revenue");
  command->add_flag("--target", options->target,
                    "The least spend that reaches the target (the mode without a budget)");
  add_common_options(*command, options->common,
                     {Format::table, Format::json, Format::csv, Format::markdown});
  command->callback([options, &exit_code]() { exit_code = run_optimize(*options); });
}

int run_optimize(const OptimizeOptions& options) {
  // Opened first: a bad -o fails before any work.
  Output output(options.common.output);
  const Analysis analysis = analyse(options.scenario, options.common.sets);
  const Scenario& s = analysis.scenario;
  if (s.channels.empty()) {
    throw InputError({diagnostic_at(analysis.source.name, s.funnel_location,
                                    "`optimize` needs `channels` to allocate a budget among",
                                    "list the lead sources under `channels:`")});
  }
  const Objective objective = resolve(analysis, options.objective);
  const OptimizeMode mode =
      options.target || !s.budget ? OptimizeMode::target : OptimizeMode::budget;
  const Optimum optimum = optimize(s, analysis.plan, objective, mode);
  std::ostream& out = output.stream();
  switch (options.common.format) {
    case Format::json:
    case Format::jsonl:  // offered by sweep only
      write_optimize_json(out, s, optimum);
      break;
    case Format::csv:
      write_optimize_csv(out, s, optimum);
      break;
    case Format::markdown:
      write_optimize_markdown(out, s, optimum);
      break;
    case Format::table:
    case Format::html:  // not offered by optimize (yet)
    case Format::xlsx:
      write_optimize_table(out, s, optimum, TableStyle{use_color(options.common)});
      break;
  }
  output.commit();
  return 0;
}

}  // namespace leadplan::cli
