#pragma once
// The odds of a plan (CONTRACT section 12), plain numbers in and out: each entry
// into a stage converts into the next independently, so n entries give
// Binomial(n, q) wins. Binomial tails, the least number of entries that reaches a
// target with a given probability, the exact tail of a channel mix (a sum of
// binomials), and their averages over rates known only through evidence
// (Beta-distributed, by Monte Carlo with fixed seeds). The formulas and why each
// is exact: docs/math.md, section "Odds"; the model: docs/confidence.md.
//
// Counts are doubles holding whole numbers (as in Plan), up to 2^53; `k` (the
// wins needed) may be any number: at least k wins means at least ceil(k). A
// probability is NaN when an input is outside the domain a function states.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace leadplan {

// P(Binomial(`n`, `q`) >= `k`): `n` whole in [0, 2^53], `q` in [0, 1] (k <= 0: 1; k > n: 0).
[[nodiscard]] double binomial_at_least(double n, double q, double k);

// The least whole n with binomial_at_least(n, `q`, `k`) >= `p`, for `k` >= 1, `q` in (0, 1] and
// `p` in (0, 1); +infinity when that n is above 2^53.
[[nodiscard]] double least_trials_for(double k, double q, double p);

// P(sum_c Binomial(`ns`[c], `qs`[c]) >= `k`), exact: one whole `ns`[c] and one `qs`[c] in [0, 1]
// a channel (`ns` and `qs` of one size).
[[nodiscard]] double sum_of_binomials_at_least(std::span<const double> ns,
                                               std::span<const double> qs, double k);

// P(Binomial(`n`, `q`) = `first` + i) into `out`[i], for `n` whole in [0, 2^53], `q` in [0, 1]
// and `first` whole (0 outside [0, n] and below 2.2e-308); NaNs outside the domain.
void binomial_pmf(double n, double q, double first, std::span<double> out);

// ---- Rates known through evidence (Monte Carlo) ----

// A rate known only through evidence: Beta(`alpha`, `beta`), both >= 1, drawn from the random
// stream `stream` (give each step its own, e.g. its index in the funnel).
struct UncertainRate {
  double alpha = 1.0;
  double beta = 1.0;
  std::uint64_t stream = 0;
};

// The rate of a step whose `entered` entries gave `converted` (0 <= converted <= entered):
// Beta(converted + 1, entered - converted + 1), drawn from the stream `stream`.
[[nodiscard]] UncertainRate rate_from_evidence(double entered, double converted,
                                               std::uint64_t stream);

// A set of the rates of a RateDraws: bit i stands for its rate i.
using RateMask = std::uint64_t;

// The draws of CONTRACT section 12 when `--draws` is not given.
inline constexpr std::size_t k_default_draws = 100'000;

// `draws` samples of each of up to 64 uncertain rates: sample d of every rate belongs
// to draw d. Each rate has its own stream (std::mt19937_64 seeded from its `stream`),
// so adding a rate, or more draws, leaves the draws already made as they were.
class RateDraws {
 public:
  // Samples `draws` (>= 1) values of each of `rates`; throws std::invalid_argument for more
  // than 64 rates, no draws, or an alpha or beta below 1 or not finite.
  explicit RateDraws(std::span<const UncertainRate> rates, std::size_t draws = k_default_draws);

  // The number of draws.
  [[nodiscard]] std::size_t draws() const { return m_draws; }
  // The number of uncertain rates.
  [[nodiscard]] std::size_t rates() const { return m_rates; }
  // The `draws()` samples of rate `rate`, in draw order.
  [[nodiscard]] std::span<const double> samples(std::size_t rate) const;

 private:
  std::size_t m_draws = 0;
  std::size_t m_rates = 0;
  std::vector<double> m_samples;  // rate-major: rate r's draws at [r x m_draws, (r + 1) x m_draws)
};

// The mean over `draws` of P(Binomial(`n`, q) >= `k`), q = `fixed_q` x the drawn rates of the
// set `uncertain`; with no uncertain rate, binomial_at_least(n, fixed_q, k) itself.
[[nodiscard]] double mean_at_least(const RateDraws& draws, double n, double fixed_q,
                                   RateMask uncertain, double k);

// The least whole n with mean_at_least(`draws`, n, `fixed_q`, `uncertain`, `k`) >= `p` (same
// domain as least_trials_for); +infinity when none is at most 2^53.
[[nodiscard]] double least_trials_for_mean(const RateDraws& draws, double k, double fixed_q,
                                           RateMask uncertain, double p);

// The mean over `draws` of P(sum_c Binomial(`ns`[c], q_c) >= `k`), q_c = `fixed_qs`[c] x the
// drawn rates of the set `uncertain`[c] (three spans of one size, a channel each).
[[nodiscard]] double mean_sum_at_least(const RateDraws& draws, std::span<const double> ns,
                                       std::span<const double> fixed_qs,
                                       std::span<const RateMask> uncertain, double k);

}  // namespace leadplan
