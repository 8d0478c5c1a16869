// engine/odds (CONTRACT section 12): the cases of the confidence targets in
// docs/performance.md, each as the work one `calc --confidence` would do.

#include <array>
#include <vector>

#include <benchmark/benchmark.h>

#include "leadplan/engine/odds.hpp"

namespace {

using leadplan::RateDraws;
using leadplan::RateMask;
using leadplan::UncertainRate;

// The seed: 5 wins, rates 20%, 40%, 80%, 25%; its channels buy 166 and 62 leads.
constexpr double k_seed_wins = 5;
constexpr double k_seed_leads = 315;
constexpr double k_confidence = 0.9;

// Evidence on the seed's four steps, near its rates.
std::vector<UncertainRate> seed_evidence() {
  return {leadplan::rate_from_evidence(150, 30, 1), leadplan::rate_from_evidence(100, 40, 2),
          leadplan::rate_from_evidence(50, 40, 3), leadplan::rate_from_evidence(80, 20, 4)};
}

// Stage i of the seed needs the uncertain rates below it: steps i + 1 .. 4.
constexpr std::array<RateMask, 5> k_stage_masks = {0xF, 0xE, 0xC, 0x8, 0x0};

// 10,000 wins at 0.1%: about 10 million trials.
void BM_least_trials_for_10000_wins(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(leadplan::least_trials_for(1e4, 1e-3, k_confidence));
  }
}
BENCHMARK(BM_least_trials_for_10000_wins)->Unit(benchmark::kMicrosecond);

// Every stage of a 5-stage funnel needing 10,000 wins, each step at 25%.
void BM_least_trials_for_10000_wins_5_stages(benchmark::State& state) {
  for (auto _ : state) {
    double q = 1.0;
    for (int stage = 4; stage >= 0; --stage) {
      benchmark::DoNotOptimize(leadplan::least_trials_for(1e4, q, k_confidence));
      q *= 0.25;
    }
  }
}
BENCHMARK(BM_least_trials_for_10000_wins_5_stages)->Unit(benchmark::kMicrosecond);

// 100 channels of 1,000 leads with lead -> win rates `base` + c `step`, and k = 1,000.
void run_sum_of_binomials(benchmark::State& state, double base, double step) {
  const std::vector<double> leads(100, 1000);
  std::vector<double> yields(leads.size());
  for (std::size_t c = 0; c < yields.size(); ++c) {
    yields[c] = base + step * static_cast<double>(c);
  }
  for (auto _ : state) {
    benchmark::DoNotOptimize(leadplan::sum_of_binomials_at_least(leads, yields, 1000));
  }
}

// From 0.5% to 1.5%: about 1,000 wins expected, k at the centre, where the most counts
// matter.
void BM_sum_of_binomials_100_channels_k_1000(benchmark::State& state) {
  run_sum_of_binomials(state, 0.005, 0.0001);
}
BENCHMARK(BM_sum_of_binomials_100_channels_k_1000)->Unit(benchmark::kMillisecond);

// At half those rates: about 500 wins expected, so P(S >= 1,000) is near 1e-80 and every
// count below k keeps a normal probability (the widest window).
void BM_sum_of_binomials_100_channels_k_1000_far_tail(benchmark::State& state) {
  run_sum_of_binomials(state, 0.0025, 0.00005);
}
BENCHMARK(BM_sum_of_binomials_100_channels_k_1000_far_tail)->Unit(benchmark::kMillisecond);

// The mix with evidence at that size: every channel's rate times the seed's uncertain
// steps after the first (the thinned path), 100,000 draws.
void BM_evidence_mix_100_channels_k_1000(benchmark::State& state) {
  const RateDraws draws(seed_evidence());
  const std::vector<double> leads(100, 1000);
  std::vector<double> fixed(leads.size());
  for (std::size_t c = 0; c < fixed.size(); ++c) {
    fixed[c] = (0.005 + 0.0001 * static_cast<double>(c)) / (0.4 * 0.8 * 0.25);
  }
  const std::vector<RateMask> shared(leads.size(), 0xE);
  for (auto _ : state) {
    benchmark::DoNotOptimize(leadplan::mean_sum_at_least(draws, leads, fixed, shared, 1000));
  }
}
BENCHMARK(BM_evidence_mix_100_channels_k_1000)->Unit(benchmark::kMillisecond);

// The draws alone: four Beta rates x 100,000.
void BM_rate_draws_4_steps(benchmark::State& state) {
  const std::vector<UncertainRate> evidence = seed_evidence();
  for (auto _ : state) {
    RateDraws draws(evidence);
    benchmark::DoNotOptimize(draws.samples(0).data());
  }
}
BENCHMARK(BM_rate_draws_4_steps)->Unit(benchmark::kMillisecond);

// The seed with evidence on four steps at 100,000 draws, as `calc --confidence 0.9` would
// compute it: the draws, p_target and required_at_confidence for every stage.
void BM_evidence_seed_4_steps(benchmark::State& state) {
  const std::vector<UncertainRate> evidence = seed_evidence();
  for (auto _ : state) {
    const RateDraws draws(evidence);
    benchmark::DoNotOptimize(
        leadplan::mean_at_least(draws, k_seed_leads, 1.0, k_stage_masks[0], k_seed_wins));
    for (const RateMask mask : k_stage_masks) {
      benchmark::DoNotOptimize(
          leadplan::least_trials_for_mean(draws, k_seed_wins, 1.0, mask, k_confidence));
    }
  }
}
BENCHMARK(BM_evidence_seed_4_steps)->Unit(benchmark::kMillisecond);

// Its parts, on draws made once: p_target, and the search of the first stage.
void BM_evidence_seed_p_target(benchmark::State& state) {
  const RateDraws draws(seed_evidence());
  for (auto _ : state) {
    benchmark::DoNotOptimize(leadplan::mean_at_least(draws, k_seed_leads, 1.0, 0xF, k_seed_wins));
  }
}
BENCHMARK(BM_evidence_seed_p_target)->Unit(benchmark::kMillisecond);

void BM_evidence_seed_required_leads(benchmark::State& state) {
  const RateDraws draws(seed_evidence());
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        leadplan::least_trials_for_mean(draws, k_seed_wins, 1.0, 0xF, k_confidence));
  }
}
BENCHMARK(BM_evidence_seed_required_leads)->Unit(benchmark::kMillisecond);

// Many wins with evidence: 1,000 wins, all four steps uncertain (Boost's tail per draw).
void BM_evidence_1000_wins_required_leads(benchmark::State& state) {
  const RateDraws draws(seed_evidence());
  for (auto _ : state) {
    benchmark::DoNotOptimize(leadplan::least_trials_for_mean(draws, 1000, 1.0, 0xF, k_confidence));
  }
}
BENCHMARK(BM_evidence_1000_wins_required_leads)->Unit(benchmark::kMillisecond);

// The seed's mix with evidence on the steps its channels share (all but their own MQL
// rate): 166 and 62 leads, 5 wins, 100,000 draws.
void BM_evidence_seed_mix(benchmark::State& state) {
  const RateDraws draws(seed_evidence());
  const std::vector<double> leads = {166, 62};
  const std::vector<double> mql_rates = {0.1, 0.4};
  const std::vector<RateMask> shared = {0xE, 0xE};
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        leadplan::mean_sum_at_least(draws, leads, mql_rates, shared, k_seed_wins));
  }
}
BENCHMARK(BM_evidence_seed_mix)->Unit(benchmark::kMillisecond);

}  // namespace
