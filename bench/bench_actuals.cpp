// `track`'s parts: the CSV reader (and libcsv on the same bytes, the figure
// behind docs/ARCHITECTURE.md's "Why the CSV reader is our own"), the date
// parser and the actuals engine, on simulated exports made in memory.

#include <benchmark/benchmark.h>

#include <map>
#include <string>
#include <vector>

#include "crm_export.hpp"
#include "leadplan/engine/actuals.hpp"
#include "leadplan/load/channel_map.hpp"
#include "leadplan/load/csv.hpp"
#include "leadplan/util/dates.hpp"

#ifdef LEADPLAN_HAVE_LIBCSV
#include <csv.h>
#endif

namespace {

using namespace leadplan;

// One text per size, made once: 1,000,000 rows take a few seconds to make.
const std::string& export_text(std::size_t rows) {
  static std::map<std::size_t, std::string> texts;
  auto [it, added] = texts.try_emplace(rows);
  if (added) {
    it->second = bench::crm_export_text(rows);
  }
  return it->second;
}

void set_rates(benchmark::State& state, std::size_t bytes, std::size_t rows) {
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes));
  state.counters["rows_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * static_cast<double>(rows),
                         benchmark::Counter::kIsRate);
}

// Every field of every record, through the reader's 256 KiB chunks.
void BM_csv_read(benchmark::State& state) {
  const std::size_t rows = static_cast<std::size_t>(state.range(0));
  const std::string& text = export_text(rows);
  for (auto _ : state) {
    CsvReader reader(csv_from_text("export.csv", text));
    std::size_t bytes = 0;
    while (reader.next()) {
      for (const CsvField& field : reader.fields()) {
        bytes += field.text.size();
      }
    }
    benchmark::DoNotOptimize(bytes);
    if (!reader.diagnostics().empty()) {
      state.SkipWithError("problems in the generated export");
    }
  }
  set_rates(state, text.size(), rows);
}
BENCHMARK(BM_csv_read)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMillisecond);

#ifdef LEADPLAN_HAVE_LIBCSV
// libcsv 3.0 on the same bytes in the same chunks: fields and records through
// its callbacks, without lines, columns or UTF-8 checks.
struct LibcsvCount {
  std::size_t bytes = 0;
  std::size_t records = 0;
};

void BM_libcsv_read(benchmark::State& state) {
  const std::size_t rows = static_cast<std::size_t>(state.range(0));
  const std::string& text = export_text(rows);
  constexpr std::size_t k_chunk = std::size_t{1} << 18;
  for (auto _ : state) {
    csv_parser parser{};
    csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI);
    LibcsvCount count;
    const auto on_field = [](void*, std::size_t size, void* data) {
      static_cast<LibcsvCount*>(data)->bytes += size;
    };
    const auto on_record = [](int, void* data) { ++static_cast<LibcsvCount*>(data)->records; };
    for (std::size_t at = 0; at < text.size(); at += k_chunk) {
      const std::size_t size = std::min(k_chunk, text.size() - at);
      if (csv_parse(&parser, text.data() + at, size, on_field, on_record, &count) != size) {
        state.SkipWithError("libcsv failed");
      }
    }
    csv_fini(&parser, on_field, on_record, &count);
    csv_free(&parser);
    benchmark::DoNotOptimize(count.bytes);
    if (count.records != rows + 1) {
      state.SkipWithError("libcsv miscounted the records");
    }
  }
  set_rates(state, text.size(), rows);
}
BENCHMARK(BM_libcsv_read)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMillisecond);
#endif

// The reader, the date cells and the channel column: what `track` does to a row
// before the engine.
void BM_csv_to_lead_table(benchmark::State& state) {
  const std::size_t rows = static_cast<std::size_t>(state.range(0));
  const std::string& text = export_text(rows);
  for (auto _ : state) {
    CsvReader reader(csv_from_text("export.csv", text));
    ChannelMap channels({"paid_search", "organic_search"}, {{"Paid Search", "paid_search"}});
    LeadTable table(std::size(bench::k_stage_columns));
    table.reserve(rows);
    std::int32_t days[std::size(bench::k_stage_columns)];
    std::size_t bad = 0;
    while (reader.next()) {
      const auto fields = reader.fields();
      for (std::size_t i = 0; i < std::size(bench::k_stage_columns); ++i) {
        const std::string_view cell = fields[bench::k_stage_columns[i]].text;
        const ParsedDate parsed = parse_date(cell);
        bad += !cell.empty() && !parsed.ok() ? 1u : 0u;
        days[i] = cell.empty() ? k_no_date : day_number(parsed.day);
      }
      (void)table.add(*channels.index(fields[bench::k_source_column].text), days);
    }
    benchmark::DoNotOptimize(table.leads());
    if (bad != 0) {
      state.SkipWithError("bad dates in the generated export");
    }
  }
  set_rates(state, text.size(), rows);
}
BENCHMARK(BM_csv_to_lead_table)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMillisecond);

// Date cells as CRMs write them: date only, with minutes, with seconds, fractions and a zone.
void BM_parse_date(benchmark::State& state) {
  std::vector<std::string> cells;
  for (int i = 0; i < 4096; ++i) {
    std::string cell = format_date(from_day_number(20000 + i % 1500));
    switch (i % 4) {
      case 1:
        cell += " 10:22";
        break;
      case 2:
        cell += "T10:22:31.000Z";
        break;
      case 3:
        cell += "T10:22:31+05:30";
        break;
      default:
        break;
    }
    cells.push_back(cell);
  }
  std::int64_t sum = 0;
  for (auto _ : state) {
    for (const std::string& cell : cells) {
      sum += day_number(parse_date(cell).day);
    }
  }
  benchmark::DoNotOptimize(sum);
  state.counters["cells_per_s"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * static_cast<double>(cells.size()),
      benchmark::Counter::kIsRate);
}
BENCHMARK(BM_parse_date);

// The engine alone, 6 stages and 7 channels; the table is copied outside the timing.
void BM_actuals_engine(benchmark::State& state) {
  const std::size_t leads = static_cast<std::size_t>(state.range(0));
  const LeadTable table = bench::simulated_leads(leads, 6);
  ActualsConfig config;
  config.as_of = bench::k_bench_as_of;
  const ActualsPlan plan{std::vector<double>(6, 100.0), std::vector<double>(6, 0.5)};
  const std::vector<SpendEntry> spend{{0, bench::k_bench_as_of - 100, bench::k_bench_as_of, 1e5}};
  for (auto _ : state) {
    state.PauseTiming();
    LeadTable copy = table;
    state.ResumeTiming();
    std::optional<ActualFigures> actuals = compute_actuals(std::move(copy), config, plan, spend);
    benchmark::DoNotOptimize(actuals->stages.data());
  }
  state.counters["leads_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * static_cast<double>(leads),
                         benchmark::Counter::kIsRate);
}
BENCHMARK(BM_actuals_engine)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMillisecond);

}  // namespace
