// The loader: YAML text -> validated Scenario, for the seed and for 1k, 10k and
// 100k channels (text generated in memory, so no disk in the timing).

#include <benchmark/benchmark.h>

#include "leadplan/load/document.hpp"
#include "leadplan/load/scenario_loader.hpp"
#include "scenarios.hpp"

namespace {

using leadplan::Source;

void run_loader(benchmark::State& state, const Source& source) {
  for (auto _ : state) {
    leadplan::Scenario scenario = leadplan::load_scenario(source);
    benchmark::DoNotOptimize(scenario.channels.data());
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(source.text.size()));
}

void BM_load_seed(benchmark::State& state) {
  run_loader(state, Source{"seed.yaml", leadplan::bench::seed_text()});
}
BENCHMARK(BM_load_seed);

void BM_load_channels(benchmark::State& state) {
  const Source source{"generated.yaml",
                      leadplan::bench::generated_text(5, static_cast<std::size_t>(state.range(0)))};
  run_loader(state, source);
  state.counters["channels_per_s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * state.range(0)), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_load_channels)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);

// The YAML parse alone (events into the flat Document), without validation.
void BM_parse_document_channels(benchmark::State& state) {
  const std::string text =
      leadplan::bench::generated_text(5, static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    std::vector<leadplan::Diagnostic> diagnostics;
    leadplan::Document document = leadplan::parse_document("generated.yaml", text, diagnostics);
    benchmark::DoNotOptimize(document.node_count());
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
}
BENCHMARK(BM_parse_document_channels)
    ->Arg(1000)
    ->Arg(10000)
    ->Arg(100000)
    ->Unit(benchmark::kMillisecond);

}  // namespace
