#pragma once
// Beta-distributed rates for the Monte Carlo of engine/odds, the same bytes on
// every run and every machine: a standard-specified engine (std::mt19937_64) and
// a sampler of our own written with IEEE arithmetic alone (+, -, x, /, sqrt),
// so that neither the standard library's distributions (whose algorithms are
// implementation-defined) nor the platform's libm enter the draws.

#include <cstdint>
#include <random>

namespace leadplan {

// ln `x` for `x` > 0 (ln 0 = -infinity), from +, -, x and / alone: within a few ulps of
// the exact value, and the same bits wherever IEEE doubles are, unlike std::log.
[[nodiscard]] double portable_log(double x);

// The seed of the random stream numbered `stream`: SplitMix64 of a fixed constant plus `stream`.
[[nodiscard]] std::uint64_t stream_seed(std::uint64_t stream);

// Gamma and Beta variates from one std::mt19937_64 seeded with `seed`.
class BetaSampler {
 public:
  explicit BetaSampler(std::uint64_t seed) : m_engine(seed) {}

  // A Beta(`alpha`, `beta`) variate, `alpha`, `beta` >= 1: X / (X + Y), X ~ Gamma(alpha), Y ~
  // Gamma(beta).
  [[nodiscard]] double beta_variate(double alpha, double beta);

  // A Gamma(`shape`, 1) variate, `shape` >= 1 (Marsaglia and Tsang, 2000).
  [[nodiscard]] double gamma_variate(double shape);

  // A standard normal variate (Marsaglia's polar method: two at a time, the second kept).
  [[nodiscard]] double normal_variate();

  // A uniform variate in the open interval (0, 1): 52 random bits and a half, times 2^-52.
  [[nodiscard]] double uniform_variate();

 private:
  std::mt19937_64 m_engine;
  double m_spare_normal = 0.0;
  bool m_has_spare = false;
};

}  // namespace leadplan
