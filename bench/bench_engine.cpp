// The engine: plans per second, and allocations per plan (which must be 0 once
// the Plan has its shape, as in `leadplan sweep`'s loop).

#include <cstdlib>
#include <new>

#include <benchmark/benchmark.h>

#include "leadplan/engine/engine.hpp"
#include "leadplan/load/scenario_loader.hpp"
#include "scenarios.hpp"

namespace {
// Every allocation of the process, counted by the replaced operator new below.
std::size_t g_allocations = 0;
}  // namespace

// The replacements pair malloc with free, which GCC cannot see through.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

void* operator new(std::size_t size) {
  ++g_allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) {
    return p;
  }
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}

namespace {

using leadplan::Plan;
using leadplan::Scenario;
using leadplan::Source;

void run_engine(benchmark::State& state, Scenario scenario) {
  Plan plan;
  if (leadplan::evaluate(scenario, plan)) {
    state.SkipWithError("the scenario does not plan");
    return;
  }
  // Vary an input per plan, as a sweep does, so nothing is hoisted out of the loop.
  double& rate = scenario.stages[1].rate;
  const double base = rate;
  std::size_t i = 0;
  const std::size_t before = g_allocations;
  for (auto _ : state) {
    rate = base * (0.5 + 0.5 * static_cast<double>(i++ & 1023) / 1024.0);
    auto problem = leadplan::evaluate(scenario, plan);
    benchmark::DoNotOptimize(problem);
    benchmark::DoNotOptimize(plan.stages.front().required);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["plans_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["allocs_per_plan"] =
      static_cast<double>(g_allocations - before) / static_cast<double>(state.iterations());
}

void BM_engine_seed(benchmark::State& state) {
  run_engine(state, leadplan::load_scenario(Source{"seed.yaml", leadplan::bench::seed_text()}));
}
BENCHMARK(BM_engine_seed);

void BM_engine_20_stages_1000_channels(benchmark::State& state) {
  run_engine(state, leadplan::load_scenario(
                        Source{"generated.yaml", leadplan::bench::generated_text(20, 1000)}));
}
BENCHMARK(BM_engine_20_stages_1000_channels);

}  // namespace

BENCHMARK_MAIN();
