// The work of `leadplan track` on a leads file, as one process, for whole-run
// timings (scripts/bench.sh, docs/performance.md): read the CSV, parse the
// stage dates, map the channels, compute the actuals, print a summary.
// Usage: leadplan_track_scan LEADS.csv [hubspot|salesforce|--csv-only]
// (--csv-only: the reader alone, every field, nothing kept: its memory is the buffer's)

#include <cstdio>
#include <string>
#include <vector>

#include "leadplan/engine/actuals.hpp"
#include "leadplan/load/channel_map.hpp"
#include "leadplan/load/csv.hpp"
#include "leadplan/util/dates.hpp"

int main(int argc, char** argv) {
  using namespace leadplan;
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s LEADS.csv [hubspot|salesforce|--csv-only]\n", argv[0]);
    return 2;
  }
  const bool salesforce = argc > 2 && std::string(argv[2]) == "salesforce";
  if (argc > 2 && std::string(argv[2]) == "--csv-only") {
    CsvReader reader(open_csv_file(argv[1]));
    std::size_t bytes = 0;
    while (reader.next()) {
      for (const CsvField& field : reader.fields()) {
        bytes += field.text.size();
      }
    }
    std::printf("%llu rows, %zu bytes of fields, %zu problems\n",
                static_cast<unsigned long long>(reader.records()), bytes,
                reader.diagnostics().size());
    return reader.diagnostics().empty() ? 0 : 1;
  }
  const std::vector<std::string> columns =
      salesforce ? std::vector<std::string>{"Created Date",    "MQL Date",
                                            "SQL Date",        "Opportunity Created Date",
                                            "Closed Won Date", "Lead Source"}
                 : std::vector<std::string>{"Create Date",
                                            "Became a Marketing Qualified Lead Date",
                                            "Became a Sales Qualified Lead Date",
                                            "Became an Opportunity Date",
                                            "Became a Customer Date",
                                            "Original Source"};
  const std::size_t stages = columns.size() - 1;
  try {
    CsvReader reader(open_csv_file(argv[1]));
    std::vector<std::size_t> at;
    for (const std::string& column : columns) {
      at.push_back(reader.find_column(column).value_or(0));
    }
    ChannelMap channels({"paid_search"}, {{"Paid Search", "paid_search"}});
    LeadTable table(stages);
    std::vector<std::int32_t> days(stages);
    std::vector<Diagnostic> problems;
    while (reader.next()) {
      const auto fields = reader.fields();
      for (std::size_t i = 0; i < stages; ++i) {
        const CsvField& cell = fields[at[i]];
        const ParsedDate parsed = parse_date(cell.text);
        if (!cell.text.empty() && !parsed.ok() && problems.size() < 10000) {
          problems.push_back(Diagnostic{reader.name(),
                                        cell.line,
                                        cell.column,
                                        describe_date_error(cell.text, parsed.error),
                                        {}});
        }
        days[i] = cell.text.empty() || !parsed.ok() ? k_no_date : day_number(parsed.day);
      }
      table.add(channels.index(fields[at[stages]].text).value_or(0), days);
    }
    for (const Diagnostic& d : reader.diagnostics()) {
      std::fprintf(stderr, "%s\n", format_diagnostic(d).c_str());
    }
    for (const Diagnostic& d : problems) {
      std::fprintf(stderr, "%s\n", format_diagnostic(d).c_str());
    }
    table.renumber_channels(channels.sort());
    ActualsConfig config;
    config.channels = channels.size();
    const ActualsPlan plan{std::vector<double>(stages, 100.0), std::vector<double>(stages, 0.5)};
    const std::uint64_t rows = table.rows();
    const std::optional<ActualFigures> actuals =
        compute_actuals(std::move(table), config, plan, std::nullopt);
    if (!actuals) {
      std::printf("%llu rows, no date\n", static_cast<unsigned long long>(rows));
      return 0;
    }
    std::printf("%llu rows (%llu skipped), %zu channels, as of %s\n",
                static_cast<unsigned long long>(actuals->rows),
                static_cast<unsigned long long>(actuals->rows_skipped), channels.size(),
                format_date(actuals->as_of).c_str());
    for (std::size_t i = 1; i < stages; ++i) {
      const StageActuals& s = actuals->stages[i];
      std::printf("  step %zu: observed %.4f (n %llu, maturity %d days), actual %llu\n", i,
                  s.observed_rate.value_or(-1), static_cast<unsigned long long>(s.n.value_or(0)),
                  s.maturity_days.value_or(0), static_cast<unsigned long long>(s.actual));
    }
    return reader.diagnostics().empty() && problems.empty() ? 0 : 1;
  } catch (const InputError& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 2;
  }
}
