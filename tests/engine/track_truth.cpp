// Checks the actuals engine against the truth of a simulated export
// (scripts/gen_crm_export.py): the observed rates of the maturity rule land
// within 4 standard errors of the true rates, the naive rates (every lead up
// to as-of, no maturity) fall below them (by more than 4 standard errors on
// steps with a mean lag of 10 days or more), and the CPL of the spend file
// is each channel's true CPL. Reads the file with the CSV reader and the date
// parser, as `track` will. Prints the figures docs/track.md quotes.
//
// Usage: leadplan_track_truth LEADS.csv SPEND.csv TRUTH.json

#include <cmath>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "leadplan/engine/actuals.hpp"
#include "leadplan/load/channel_map.hpp"
#include "leadplan/load/csv.hpp"
#include "leadplan/util/dates.hpp"

namespace {

using namespace leadplan;

int g_failures = 0;

void expect(bool condition, const std::string& what) {
  if (!condition) {
    std::printf("FAILED: %s\n", what.c_str());
    ++g_failures;
  }
}

bool print_problems(const CsvReader& reader) {
  for (const Diagnostic& d : reader.diagnostics()) {
    std::printf("%s\n", format_diagnostic(d).c_str());
  }
  return reader.diagnostics().empty();
}

std::int32_t cell_day(const CsvField& cell) {
  if (cell.text.empty()) {
    return k_no_date;
  }
  const ParsedDate parsed = parse_date(cell.text);
  expect(parsed.ok(), describe_date_error(cell.text, parsed.error));
  return day_number(parsed.day);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s LEADS.csv SPEND.csv TRUTH.json\n", argv[0]);
    return 2;
  }
  std::ifstream truth_file(argv[3]);
  const nlohmann::json truth = nlohmann::json::parse(truth_file);
  const std::vector<std::string> columns = truth.at("columns");
  const std::size_t stages = columns.size() - 1;  // the last column names the channel

  // The leads: each stage's date column and the channel column.
  CsvReader leads_file(open_csv_file(argv[1]));
  std::vector<std::size_t> at;
  for (const std::string& column : columns) {
    const std::optional<std::size_t> index = leads_file.find_column(column);
    expect(index.has_value(), "a column named " + column);
    at.push_back(index.value_or(0));
  }
  ChannelMap channels({}, {});
  LeadTable table(stages);
  std::vector<std::int32_t> days(stages);
  while (leads_file.next()) {
    const auto fields = leads_file.fields();
    for (std::size_t i = 0; i < stages; ++i) {
      days[i] = cell_day(fields[at[i]]);
    }
    table.add(channels.index(fields[at[stages]].text).value(), days);
  }
  expect(print_problems(leads_file), "no problem in the leads file");
  const std::vector<std::uint32_t> order = channels.sort();
  table.renumber_channels(order);

  // The spend file: channel, date, amount.
  std::vector<SpendEntry> spend;
  CsvReader spend_file(open_csv_file(argv[2]));
  while (spend_file.next()) {
    const auto fields = spend_file.fields();
    const std::int32_t day = cell_day(fields[1]);
    spend.push_back(SpendEntry{channels.index(fields[0].text).value(), day, day,
                               std::stod(std::string(fields[2].text))});
  }
  expect(print_problems(spend_file), "no problem in the spend file");

  ActualsConfig config;
  config.as_of = day_number(parse_date(truth.at("as_of").get<std::string>()).day);
  config.channels = channels.size();
  ActualsPlan plan;
  plan.required.assign(stages, 1.0);
  plan.rate.assign(stages, 1.0);
  const std::optional<ActualFigures> observed = compute_actuals(table, config, plan, spend);
  ActualsConfig naive_config = config;
  naive_config.maturity_days.assign(stages, 0);
  const std::optional<ActualFigures> naive =
      compute_actuals(std::move(table), naive_config, plan, std::nullopt);
  if (!observed || !naive) {
    std::printf("FAILED: nothing to track\n");
    return 1;
  }

  const std::vector<std::string> names = truth.at("stages");
  const std::vector<double> rates = truth.at("rates");
  std::printf("%llu rows, as of %s\n\n", static_cast<unsigned long long>(observed->rows),
              format_date(observed->as_of).c_str());
  std::printf("| step | true rate | observed (maturity) | n | maturity | z | naive | n | z |\n");
  std::printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  for (std::size_t i = 1; i < stages; ++i) {
    const StageActuals& o = observed->stages[i];
    const StageActuals& v = naive->stages[i];
    const double p = rates[i - 1];
    const double z = (*o.observed_rate - p) / std::sqrt(p * (1 - p) / static_cast<double>(*o.n));
    const double z_naive =
        (*v.observed_rate - p) / std::sqrt(p * (1 - p) / static_cast<double>(*v.n));
    std::printf("| %s -> %s | %.4f | %.4f | %llu | %d d | %+.2f | %.4f | %llu | %+.2f |\n",
                names[i - 1].c_str(), names[i].c_str(), p, *o.observed_rate,
                static_cast<unsigned long long>(*o.n), *o.maturity_days, z, *v.observed_rate,
                static_cast<unsigned long long>(*v.n), z_naive);
    expect(std::abs(z) <= 4, "observed rate of " + names[i] + " within 4 standard errors");
    // Biased low always; by more than 4 standard errors where conversions take
    // days enough to matter against the export's history (a mean lag of 10 days or more).
    const double mean_lag = truth.at("mean_lag_days").at(i - 1);
    expect(*v.observed_rate < p && *v.observed_rate < *o.observed_rate,
           "naive rate of " + names[i] + " below the true and the observed rates");
    expect(mean_lag < 10 || z_naive < -4,
           "naive rate of " + names[i] + " more than 4 standard errors low");
  }

  // Per channel: every step within 4 standard errors; the CPL as simulated.
  std::printf("\n| channel | worst z of its steps | cpl | true cpl |\n|---|---:|---:|---:|\n");
  for (std::uint32_t c = 0; c < channels.size(); ++c) {
    const nlohmann::json& channel = truth.at("channels").at(channels.name(c));
    const std::vector<double> channel_rates = channel.at("rates");
    const ChannelActuals& o = observed->channels[c];
    double worst = 0;
    for (std::size_t i = 1; i < stages; ++i) {
      const double p = channel_rates[i - 1];
      const double z =
          (*o.observed_rate[i] - p) / std::sqrt(p * (1 - p) / static_cast<double>(*o.n[i]));
      worst = std::abs(z) > std::abs(worst) ? z : worst;
    }
    const double true_cpl = channel.at("cpl");
    std::printf("| %s | %+.2f | %.2f | %.2f |\n", channels.name(c).c_str(), worst, *o.cpl,
                true_cpl);
    expect(std::abs(worst) <= 4, "rates of " + channels.name(c) + " within 4 standard errors");
    expect(std::abs(*o.cpl - true_cpl) <= 1e-6 * std::max(1.0, true_cpl),
           "the CPL of " + channels.name(c));
  }
  std::printf("\n%s\n", g_failures == 0 ? "1 passed, 0 failed" : "0 passed, 1 failed");
  return g_failures == 0 ? 0 : 1;
}
