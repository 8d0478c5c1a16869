#include "leadplan/engine/beta_sampler.hpp"

#include <cmath>
#include <limits>

// Everything here is IEEE arithmetic on doubles (+, -, x, /, sqrt are correctly
// rounded everywhere) and exact bit operations (frexp, integer shifts), and the
// file is compiled with -ffp-contract=off: the draws cannot depend on the libm,
// the compiler's choice of instructions or the machine.

namespace leadplan {

namespace {

// ln 2 split so that exponent x k_ln2_hi is exact for every exponent of a double (fdlibm's).
constexpr double k_ln2_hi = 0x1.62e42feep-1;
constexpr double k_ln2_lo = 0x1.a39ef35793c76p-33;
constexpr double k_sqrt_half = 0x1.6a09e667f3bcdp-1;

// 2 / (2j + 1), j = 0 .. 11: ln m = 2 atanh t = sum of 2 t^(2j+1) / (2j+1), t = (m - 1) / (m + 1).
// With |t| <= 0.1716 the first term left out, 2 t^25 / 25, is below 1e-20 of the sum.
constexpr double k_atanh_coefficients[] = {2.0 / 1,  2.0 / 3,  2.0 / 5,  2.0 / 7,
                                           2.0 / 9,  2.0 / 11, 2.0 / 13, 2.0 / 15,
                                           2.0 / 17, 2.0 / 19, 2.0 / 21, 2.0 / 23};

// "leadplan" in ASCII: the base of every stream's seed.
constexpr std::uint64_t k_seed_base = 0x6c65616470'6c616eULL;

}  // namespace

double portable_log(double x) {
  if (x == 0.0) {
    return -std::numeric_limits<double>::infinity();
  }
  if (!(x > 0.0) || x == std::numeric_limits<double>::infinity()) {
    return x > 0.0 ? x : std::numeric_limits<double>::quiet_NaN();
  }
  int exponent = 0;
  double m = std::frexp(x, &exponent);  // x = m 2^exponent, m in [0.5, 1): exact
  if (m < k_sqrt_half) {
    m *= 2.0;
    --exponent;
  }
  // m in [sqrt(1/2), sqrt(2)): m - 1 is exact (Sterbenz), |t| <= 3 - 2 sqrt(2).
  const double t = (m - 1.0) / (m + 1.0);
  const double t2 = t * t;
  double series = 0.0;
  for (auto it = std::rbegin(k_atanh_coefficients); it != std::rend(k_atanh_coefficients); ++it) {
    series = series * t2 + *it;
  }
  const double e = exponent;
  return e * k_ln2_hi + (t * series + e * k_ln2_lo);
}

std::uint64_t stream_seed(std::uint64_t stream) {
  // SplitMix64's (stream + 1)-th output from k_seed_base: nearby streams get unrelated seeds.
  std::uint64_t z = k_seed_base + (stream + 1) * 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

double BetaSampler::uniform_variate() {
  // 52 random bits plus one half: every value is exact, none is 0 or 1.
  return (static_cast<double>(m_engine() >> 12) + 0.5) * 0x1p-52;
}

double BetaSampler::normal_variate() {
  if (m_has_spare) {
    m_has_spare = false;
    return m_spare_normal;
  }
  double u = 0.0;
  double v = 0.0;
  double s = 0.0;
  do {
    u = 2.0 * uniform_variate() - 1.0;  // exact: uniform_variate() is an odd multiple of 2^-53
    v = 2.0 * uniform_variate() - 1.0;
    s = u * u + v * v;
  } while (s >= 1.0 || s == 0.0);
  const double factor = std::sqrt(-2.0 * portable_log(s) / s);
  m_spare_normal = v * factor;
  m_has_spare = true;
  return u * factor;
}

double BetaSampler::gamma_variate(double shape) {
  // Marsaglia and Tsang, "A simple method for generating gamma variables" (2000):
  // d (1 + c x)^3 with x normal, accepted with the squeeze, else with the log test.
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    double x = 0.0;
    double v = 0.0;
    do {
      x = normal_variate();
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = uniform_variate();
    const double x2 = x * x;
    if (u < 1.0 - 0.0331 * x2 * x2) {
      return d * v;
    }
    if (portable_log(u) < 0.5 * x2 + d * (1.0 - v + portable_log(v))) {
      return d * v;
    }
  }
}

double BetaSampler::beta_variate(double alpha, double beta) {
  const double x = gamma_variate(alpha);
  const double y = gamma_variate(beta);
  return x / (x + y);
}

}  // namespace leadplan
