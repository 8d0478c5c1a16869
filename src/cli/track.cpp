#include "leadplan/cli/track.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <CLI/App.hpp>

#include "leadplan/cli/output.hpp"
#include "leadplan/load/leads.hpp"
#include "leadplan/report/track_report.hpp"

namespace leadplan::cli {

namespace {

// A maturity in days as the engine counts it: a lead is mature when as-of minus
// its day is at least the maturity, a whole number, so a fractional maturity
// means its ceiling; beyond any span of dates, it means never.
std::int32_t whole_days(double days) {
  constexpr double k_never = 1e8;  // more days than from year 0 to 9999
  return static_cast<std::int32_t>(std::ceil(std::min(days, k_never)));
}

ActualsConfig config_of(const Scenario& s, std::optional<std::int32_t> as_of,
                        std::size_t channels) {
  const Actuals& a = *s.actuals;
  ActualsConfig config;
  config.period = period_kind(s.period);
  config.as_of = as_of;
  config.min_sample = static_cast<std::uint64_t>(a.min_sample);
  config.channels = channels;
  config.maturity_days.assign(s.stages.size(), std::nullopt);
  for (std::size_t i = 1; i < s.stages.size(); ++i) {
    if (a.maturity_days) {
      config.maturity_days[i] = whole_days(*a.maturity_days);
    } else if (i < a.maturity_by_step.size() && a.maturity_by_step[i]) {
      config.maturity_days[i] = whole_days(*a.maturity_by_step[i]);
    }
  }
  return config;
}

// Appends the problems of `error` (a file that cannot be opened, a bad --as-of).
template <typename Action>
void collect(std::vector<Diagnostic>& problems, Action action) {
  try {
    action();
  } catch (const InputError& e) {
    problems.insert(problems.end(), e.diagnostics().begin(), e.diagnostics().end());
  }
}

}  // namespace

void add_actuals_options(CLI::App& command, ActualsFiles& files, bool leads_required) {
  CLI::Option* leads =
      command.add_option("--leads", files.leads, "The CRM's export of leads (CSV), or - for stdin")
          ->option_text("FILE");
  if (leads_required) {
    leads->required();
  }
  command
      .add_option("--spend", files.spend,
                  "Spend by channel: CSV `channel,date,amount` or `channel,month,amount`")
      ->option_text("FILE")
      ->needs(leads);
  command
      .add_option("--as-of", files.as_of,
                  "The day of the report, YYYY-MM-DD (default: the export's latest date)")
      ->option_text("DATE")
      ->needs(leads);
}

Tracking track_actuals(const Analysis& analysis, const ActualsFiles& files) {
  const Scenario& s = analysis.scenario;
  if (!s.actuals) {
    throw InputError({diagnostic_at(
        analysis.source.name, SourceLocation{},
        "the scenario has no `actuals` section: `track` does not know which columns to read",
        "add `actuals:` with the export's column for each stage; see docs/track.md")});
  }
  const int stdin_uses = (analysis.source.name == "<stdin>" ? 1 : 0) +
                         (files.leads == "-" ? 1 : 0) + (files.spend == "-" ? 1 : 0);
  if (stdin_uses > 1) {
    throw InputError({Diagnostic{"<stdin>", 1, 1,
                                 "standard input (`-`) can feed only one of the scenario, "
                                 "--leads and --spend",
                                 "give the others as files"}});
  }
  std::vector<Diagnostic> problems;
  std::optional<std::int32_t> as_of;
  if (!files.as_of.empty()) {
    collect(problems, [&] { as_of = parse_as_of(files.as_of); });
  }
  std::vector<std::string> planned;
  planned.reserve(s.channels.size());
  for (const Channel& channel : s.channels) {
    planned.push_back(channel.name);
  }
  ChannelMap channels(std::move(planned), s.actuals->channel_names);
  std::optional<LeadsFile> leads;
  std::string leads_name = files.leads == "-" ? std::string("<stdin>") : files.leads;
  collect(problems, [&] {
    leads = read_leads(open_csv_file(files.leads), *s.actuals, s.stages, channels, problems);
  });
  std::optional<std::vector<SpendEntry>> spend;
  if (!files.spend.empty()) {
    collect(problems, [&] { spend = read_spend(open_csv_file(files.spend), channels, problems); });
  }
  if (problems.empty() && leads) {
    if (as_of && leads->earliest && *as_of < *leads->earliest) {
      problems.push_back(
          Diagnostic{"--as-of", 1, 1,
                     fmt::format("`--as-of` {} is before every date in {} (the earliest is {})",
                                 format_date(from_day_number(*as_of)), leads_name,
                                 format_date(from_day_number(*leads->earliest))),
                     "give the day of the report: on or after the export's first date"});
    } else if (!as_of && !leads->latest) {
      problems.push_back(Diagnostic{leads_name, 1, 1,
                                    "the export has no date in any mapped column: nothing to track",
                                    "check the columns under `actuals.stages`, or give --as-of"});
    }
  }
  if (!problems.empty()) {
    throw InputError(std::move(problems));
  }
  const std::vector<std::uint32_t> new_index = channels.sort();
  leads->table.renumber_channels(new_index);
  if (spend) {
    for (SpendEntry& entry : *spend) {
      entry.channel = new_index[entry.channel];
    }
  }
  ActualsPlan plan;
  for (std::size_t i = 0; i < s.stages.size(); ++i) {
    plan.required.push_back(analysis.plan.stages[i].required);
    plan.rate.push_back(i == 0 ? 1.0 : s.stages[i].rate);
  }
  std::optional<ActualFigures> figures =
      compute_actuals(std::move(leads->table), config_of(s, as_of, channels.size()), plan, spend);
  if (!figures) {  // no as-of and no date: reported above
    throw InputError({Diagnostic{leads_name, 1, 1, "nothing to track", ""}});
  }
  Tracking tracking{std::move(*figures), {}, {}, leads_name, spend.has_value()};
  for (std::uint32_t c = 0; c < channels.size(); ++c) {
    tracking.channel_names.push_back(channels.name(c));
    tracking.in_plan.push_back(channels.in_plan(c));
  }
  return tracking;
}

void setup_track(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<TrackOptions>();
  CLI::App* command = app.add_subcommand(
      "track", "The CRM's actuals against the plan: pace, observed rates, channels, the leak");
  command->add_option("scenario", options->scenario, "Scenario file (YAML), or - for stdin")
      ->required()
      ->option_text("SCENARIO");
  add_actuals_options(*command, options->files, true);
  add_choice_option(*command, "--format", options->format,
                    {{"table", TrackFormat::table},
                     {"json", TrackFormat::json},
                     {"csv", TrackFormat::csv},
                     {"markdown", TrackFormat::markdown},
                     {"scenario", TrackFormat::scenario}},
                    "Output format", "FORMAT");
  add_output_options(*command, options->common);
  command->callback([options, &exit_code]() { exit_code = run_track(*options); });
}

int run_track(const TrackOptions& options) {
  // Opened first: a bad -o fails before any work.
  Output output(options.common.output);
  const Analysis analysis = analyse(options.scenario, options.common.sets);
  const Tracking tracking = track_actuals(analysis, options.files);
  const TrackReport report{
      analysis.scenario, analysis.plan,
      tracking.figures,  tracking.channel_names,
      tracking.in_plan,  static_cast<std::uint64_t>(analysis.scenario.actuals->min_sample),
      tracking.spend,    tracking.leads_file};
  CommonOptions common = options.common;
  common.format = options.format == TrackFormat::table ? Format::table : Format::json;
  std::ostream& out = output.stream();
  switch (options.format) {
    case TrackFormat::table:
      write_track_table(out, report, TableStyle{use_color(common)});
      break;
    case TrackFormat::json:
      write_track_json(out, report);
      break;
    case TrackFormat::csv:
      write_track_csv(out, report);
      break;
    case TrackFormat::markdown:
      write_track_markdown(out, report);
      break;
    case TrackFormat::scenario:
      write_track_scenario(out, report);
      break;
  }
  output.commit();
  return 0;
}

}  // namespace leadplan::cli
