// The odds of CONTRACT section 12 (engine/odds) against values computed
// independently: exact rational arithmetic on big integers (no floating point
// until the final quotient), brute-force enumeration, closed forms, values from
// mpmath at 60 digits, and numerical integration over the Beta densities.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <numbers>
#include <numeric>
#include <stdexcept>
#include <vector>

#include <boost/math/distributions/binomial.hpp>
#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <boost/math/special_functions/beta.hpp>
#include <catch2/catch.hpp>

#include "leadplan/engine/odds.hpp"

using namespace leadplan;

namespace {

// ---- Exact arithmetic: the oracle ----

// A whole number of any size: 32-bit limbs, least significant first, none of them
// a leading zero.
class BigUint {
 public:
  BigUint() = default;
  explicit BigUint(std::uint64_t x) {
    for (; x != 0; x >>= 32) {
      m_limbs.push_back(static_cast<std::uint32_t>(x));
    }
  }

  BigUint& operator+=(const BigUint& other) {
    m_limbs.resize(std::max(m_limbs.size(), other.m_limbs.size()), 0);
    std::uint64_t carry = 0;
    for (std::size_t i = 0; i < m_limbs.size(); ++i) {
      const std::uint64_t sum =
          std::uint64_t{m_limbs[i]} + (i < other.m_limbs.size() ? other.m_limbs[i] : 0U) + carry;
      m_limbs[i] = static_cast<std::uint32_t>(sum);
      carry = sum >> 32;
    }
    if (carry != 0) {
      m_limbs.push_back(static_cast<std::uint32_t>(carry));
    }
    return *this;
  }

  friend BigUint operator*(const BigUint& a, const BigUint& b) {
    BigUint product;
    if (a.m_limbs.empty() || b.m_limbs.empty()) {
      return product;
    }
    product.m_limbs.assign(a.m_limbs.size() + b.m_limbs.size(), 0);
    for (std::size_t i = 0; i < a.m_limbs.size(); ++i) {
      std::uint64_t carry = 0;
      for (std::size_t j = 0; j < b.m_limbs.size(); ++j) {
        const std::uint64_t digit =
            std::uint64_t{a.m_limbs[i]} * b.m_limbs[j] + product.m_limbs[i + j] + carry;
        product.m_limbs[i + j] = static_cast<std::uint32_t>(digit);
        carry = digit >> 32;
      }
      product.m_limbs[i + b.m_limbs.size()] = static_cast<std::uint32_t>(carry);
    }
    while (!product.m_limbs.empty() && product.m_limbs.back() == 0) {
      product.m_limbs.pop_back();
    }
    return product;
  }

  // This number x 2^-`exponent`, as a double: its top 64 bits, rounded once (so within
  // 2^-52, relative, of the exact quotient). The only floating point of the oracle.
  [[nodiscard]] double times_two_to_minus(int exponent) const {
    if (m_limbs.empty()) {
      return 0.0;
    }
    int bits = 32 * static_cast<int>(m_limbs.size() - 1);
    for (std::uint32_t top = m_limbs.back(); top != 0; top >>= 1) {
      ++bits;
    }
    const int low = std::max(0, bits - 64);
    std::uint64_t top_bits = 0;
    for (int b = bits - 1; b >= low; --b) {
      const auto bit = static_cast<std::size_t>(b);
      top_bits = top_bits << 1 | ((m_limbs[bit / 32] >> (bit % 32)) & 1U);
    }
    return std::ldexp(static_cast<double>(top_bits), low - exponent);
  }

 private:
  std::vector<std::uint32_t> m_limbs;
};

// P(Binomial(n, q) = x) x 2^(e n) for x = 0 .. n, exactly, where q = m / 2^e is the
// double `q`'s own value (every double is such a fraction).
struct ExactPmf {
  std::vector<BigUint> numerators;
  int exponent = 0;  // the denominator is 2^exponent
};

ExactPmf exact_pmf(int n, double q) {
  int binary_exponent = 0;
  const double fraction = std::frexp(q, &binary_exponent);  // q = fraction x 2^binary_exponent
  auto m = static_cast<std::uint64_t>(std::ldexp(fraction, 53));
  int e = 53 - binary_exponent;
  while (m % 2 == 0 && e > 0) {
    m /= 2;
    --e;
  }
  REQUIRE(e <= 63);  // 1 - q = (2^e - m) / 2^e in 64 bits
  const BigUint win(m);
  const BigUint loss((std::uint64_t{1} << e) - m);

  std::vector<BigUint> wins(1, BigUint(1));  // win^x
  std::vector<BigUint> losses(1, BigUint(1));
  std::vector<BigUint> choose(1, BigUint(1));  // Pascal's row n
  for (int i = 1; i <= n; ++i) {
    wins.push_back(wins.back() * win);
    losses.push_back(losses.back() * loss);
    choose.emplace_back(1);
    for (auto j = static_cast<std::size_t>(i - 1); j > 0; --j) {
      choose[j] += choose[j - 1];
    }
  }
  ExactPmf pmf;
  pmf.exponent = e * n;
  for (int x = 0; x <= n; ++x) {
    const auto ux = static_cast<std::size_t>(x);
    pmf.numerators.push_back(choose[ux] * wins[ux] * losses[static_cast<std::size_t>(n - x)]);
  }
  return pmf;
}

// P(Binomial(n, q) >= k), exactly, then rounded.
double exact_at_least(int n, double q, int k) {
  const ExactPmf pmf = exact_pmf(n, q);
  BigUint tail;
  for (int x = std::max(k, 0); x <= n; ++x) {
    tail += pmf.numerators[static_cast<std::size_t>(x)];
  }
  return tail.times_two_to_minus(pmf.exponent);
}

// P(sum_c Binomial(n_c, q_c) >= k) by enumerating every tuple of wins (x_1, ..., x_C):
// the sum of the products of the channels' exact pmfs over the tuples with sum >= k.
double enumerated_sum_at_least(const std::vector<int>& ns, const std::vector<double>& qs, int k) {
  std::vector<ExactPmf> pmfs;
  int exponent = 0;
  for (std::size_t c = 0; c < ns.size(); ++c) {
    pmfs.push_back(exact_pmf(ns[c], qs[c]));
    exponent += pmfs.back().exponent;
  }
  BigUint total;
  std::vector<int> wins(ns.size(), 0);
  std::function<void(std::size_t, const BigUint&)> visit = [&](std::size_t c,
                                                               const BigUint& product) {
    if (c == ns.size()) {
      if (std::accumulate(wins.begin(), wins.end(), 0) >= k) {
        total += product;
      }
      return;
    }
    for (int x = 0; x <= ns[c]; ++x) {
      wins[c] = x;
      visit(c + 1, product * pmfs[c].numerators[static_cast<std::size_t>(x)]);
    }
  };
  visit(0, BigUint(1));
  return total.times_two_to_minus(exponent);
}

// |actual - expected| within `relative` of expected.
bool close(double actual, double expected, double relative) {
  return std::abs(actual - expected) <= relative * std::abs(expected);
}

// The seed's lead -> win probability, as the product of its four rates.
const double k_seed_q = 0.2 * 0.4 * 0.8 * 0.25;

// ---- Numerical integration over the Beta densities: the Monte Carlo's oracle ----

// The integral of `f` over [lo, hi]: Gauss-Kronrod (61 points), adaptive, to 1e-10.
double integral(const std::function<double(double)>& f, double lo, double hi) {
  return boost::math::quadrature::gauss_kronrod<double, 61>::integrate(f, lo, hi, 15, 1e-10);
}

// E[f(r)] for r ~ Beta(alpha, beta), integrated over its mean +- 14 standard deviations.
double beta_mean(double alpha, double beta, const std::function<double(double)>& f) {
  const double mean = alpha / (alpha + beta);
  const double sd =
      std::sqrt(alpha * beta / ((alpha + beta) * (alpha + beta) * (alpha + beta + 1)));
  return integral([&](double r) { return f(r) * boost::math::ibeta_derivative(alpha, beta, r); },
                  std::max(0.0, mean - 14.0 * sd), std::min(1.0, mean + 14.0 * sd));
}

// The seed's four steps with evidence, rates near 20%, 40%, 80% and 25%.
const std::vector<UncertainRate> k_seed_evidence = {
    rate_from_evidence(150, 30, 1), rate_from_evidence(100, 40, 2), rate_from_evidence(50, 40, 3),
    rate_from_evidence(80, 20, 4)};

// The draws of the seed's evidence at the default count, made once for every test.
const RateDraws& seed_draws() {
  static const RateDraws draws(k_seed_evidence);
  return draws;
}

// The accuracy CONTRACT section 12 asks of a probability with evidence.
constexpr double k_monte_carlo_accuracy = 0.005;

}  // namespace

// ---- binomial_at_least ----

TEST_CASE("binomial_at_least: the seed's 315 leads give 5 wins with probability 0.5680",
          "[engine][odds]") {
  const double p = binomial_at_least(315, k_seed_q, 5);
  CHECK(std::round(p * 1e4) / 1e4 == 0.5680);
  CHECK(close(p, exact_at_least(315, k_seed_q, 5), 1e-12));
}

TEST_CASE("binomial_at_least agrees with exact rational sums to 1e-12", "[engine][odds]") {
  struct Case {
    int n;
    double q;
    std::vector<int> ks;
  };
  const std::vector<Case> cases = {
      {315, k_seed_q, {1, 5, 10, 30}},
      {498, k_seed_q, {5}},
      {497, k_seed_q, {5}},
      {300, 0.5, {1, 120, 150, 151, 200, 290, 300}},
      {200, 0.1, {1, 2, 20, 21, 60, 120}},
      {100, 0.7, {50, 70, 71, 95, 100}},
      {250, 1.0 / 3.0, {3, 83, 84, 150}},
      {400, 0.001, {1, 2, 5, 10}},
      {50, 0.999, {45, 49, 50}},
      {1, 0.25, {1}},
      {2, 0.375, {1, 2}},
  };
  for (const Case& c : cases) {
    for (const int k : c.ks) {
      const double expected = exact_at_least(c.n, c.q, k);
      INFO("n = " << c.n << ", q = " << c.q << ", k = " << k << ": exact " << expected);
      CHECK(close(binomial_at_least(c.n, c.q, k), expected, 1e-12));
    }
  }
}

TEST_CASE("binomial_at_least at the extremes: closed forms and mpmath", "[engine][odds]") {
  // k = 1: 1 - (1 - q)^n; k = n: q^n.
  CHECK(close(binomial_at_least(1e15, 1e-15, 1), -std::expm1(1e15 * std::log1p(-1e-15)), 1e-13));
  CHECK(close(binomial_at_least(1e15, 1e-300, 1), 1e15 * 1e-300, 1e-12));
  CHECK(close(binomial_at_least(1e6, 0.999999, 1e6), std::pow(0.999999, 1e6), 1e-9));
  // n = 2m at q = 1/2: P(X >= m) = (1 + P(X = m)) / 2, with P(X = m) = C(2m, m) / 4^m.
  CHECK(close(binomial_at_least(0x1p53, 0.5, 0x1p52), 0.5000000042035399641674479, 1e-12));
  // mpmath 1.2.1 at 60 digits, for the double q's exact value, by odds_references.py
  // (beside this file): the terms summed outward from k until below 1e-40 of the sum.
  CHECK(close(binomial_at_least(1e15, 1e-11, 1e4), 0.5013298083399727336289468, 1e-12));
  CHECK(close(binomial_at_least(1e7, 1e-3, 1e4), 0.5013318041991891875004893, 1e-12));
  CHECK(close(binomial_at_least(1e15, 1e-14, 5), 0.9707473119230394946030089, 1e-12));
  CHECK(close(binomial_at_least(1e15, 1e-14, 60), 6.521903327810352770088221e-27, 1e-12));
  CHECK(close(binomial_at_least(1e6, 0.5, 502'500), 2.881270818870302036318649e-7, 1e-12));
  CHECK(close(binomial_at_least(1e6, 0.5, 510'000), 2.772181643849612301730836e-89, 1e-12));
  CHECK(binomial_at_least(1e6, 0.5, 490'000) == 1.0);
  // Many wins and many losses (the asymptotic expansion): Boost's own ibeta is off by 2e-13
  // and 7e-12 at these two.
  CHECK(close(binomial_at_least(1e7, 0.3, 3e6), 0.5001192950733570317054062, 1e-13));
  CHECK(close(binomial_at_least(1e9, 0.1, 100'009'487), 0.1586637467556364127329612, 1e-13));
  // 1e15 entries (by quadrature of the Beta density): here a rounding of n q alone would
  // move the tail by 2e-9.
  CHECK(close(binomial_at_least(1e15, 0.1, 1e14 + 1e7), 0.1459202851270744531979031, 1e-13));
  CHECK(close(binomial_at_least(1e15, 0.1, 1e14 - 2e7), 0.9824925138869201834754786, 1e-13));
  CHECK(close(binomial_at_least(1e13, 0.7, 7e12 + 1e6), 0.2450765961725852029090544, 1e-13));
}

TEST_CASE("binomial_at_least: the asymptotic expansion agrees with Boost where both hold",
          "[engine][odds]") {
  // From 1e5 wins and losses on, the tail is the expansion; up to about 1e6 Boost's ibeta
  // (with long double inside) is good to 1e-14, so the two must agree.
  for (const double n : {2.5e5, 1e6, 3e6}) {
    for (const double q : {0.5, 0.3, 0.1}) {
      const double sd = std::sqrt(n * q * (1 - q));
      for (const double z : {-5.0, -2.0, -0.5, 0.0, 0.3, 1.0, 3.0, 6.0}) {
        const double k = std::ceil(n * q + z * sd);
        INFO("n = " << n << ", q = " << q << ", k = " << k);
        CHECK(close(binomial_at_least(n, q, k), boost::math::ibeta(k, n - k + 1, q), 1e-12));
      }
    }
  }
}

TEST_CASE("binomial_at_least: edges of the domain", "[engine][odds]") {
  CHECK(binomial_at_least(10, 0.3, 0) == 1.0);
  CHECK(binomial_at_least(10, 0.3, -4) == 1.0);
  CHECK(binomial_at_least(10, 0.3, 11) == 0.0);
  CHECK(binomial_at_least(0, 0.3, 1) == 0.0);
  CHECK(binomial_at_least(0, 0.3, 0) == 1.0);
  CHECK(binomial_at_least(10, 1.0, 10) == 1.0);
  CHECK(binomial_at_least(10, 1.0, 11) == 0.0);
  CHECK(binomial_at_least(10, 0.0, 1) == 0.0);
  CHECK(binomial_at_least(1e15, 1.0, 1e15) == 1.0);
  // At least 2.5 wins is at least 3.
  CHECK(binomial_at_least(10, 0.3, 2.5) == binomial_at_least(10, 0.3, 3));
  const double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK(std::isnan(binomial_at_least(10.5, 0.3, 1)));
  CHECK(std::isnan(binomial_at_least(-1, 0.3, 1)));
  CHECK(std::isnan(binomial_at_least(0x1p54, 0.3, 1)));
  CHECK(std::isnan(binomial_at_least(10, 1.5, 1)));
  CHECK(std::isnan(binomial_at_least(10, -0.1, 1)));
  CHECK(std::isnan(binomial_at_least(10, nan, 1)));
  CHECK(std::isnan(binomial_at_least(10, 0.3, nan)));
}

// ---- least_trials_for ----

TEST_CASE("least_trials_for: 498 leads for 5 wins at 90% in the seed; 497 fall short",
          "[engine][odds]") {
  CHECK(least_trials_for(5, k_seed_q, 0.9) == 498);
  CHECK(exact_at_least(498, k_seed_q, 5) >= 0.9);
  CHECK(exact_at_least(497, k_seed_q, 5) < 0.9);
  // The last stage needs exactly the wins.
  CHECK(least_trials_for(5, 1.0, 0.9) == 5);
}

TEST_CASE("least_trials_for is the least n: n reaches p, n - 1 does not", "[engine][odds]") {
  for (const double q : {0.9, 0.5, 0.1, k_seed_q, 1e-3, 1e-6, 1e-12}) {
    for (const double k : {1.0, 2.0, 5.0, 37.0, 1000.0}) {
      for (const double p : {1e-9, 0.01, 0.5, 0.9, 0.95, 0.999999}) {
        const double n = least_trials_for(k, q, p);
        INFO("q = " << q << ", k = " << k << ", p = " << p << ": n = " << n);
        REQUIRE(n >= k);
        CHECK(binomial_at_least(n, q, k) >= p);
        CHECK(binomial_at_least(n - 1, q, k) < p);
      }
    }
  }
}

TEST_CASE("least_trials_for matches a scan of every n", "[engine][odds]") {
  for (const double q : {0.3, 0.05}) {
    for (const double k : {1.0, 4.0, 9.0}) {
      for (const double p : {0.05, 0.5, 0.8, 0.99}) {
        double n = k;
        while (binomial_at_least(n, q, k) < p) {
          n += 1;
        }
        INFO("q = " << q << ", k = " << k << ", p = " << p);
        CHECK(least_trials_for(k, q, p) == n);
      }
    }
  }
}

TEST_CASE("least_trials_for: 10,000 wins at 0.1%", "[engine][odds]") {
  // About 10 million trials; mpmath (odds_references.py) gives P = 0.90000056763 at
  // 10,128,303 and 0.89999882663 at 10,128,302.
  CHECK(least_trials_for(1e4, 1e-3, 0.9) == 10'128'303);
  CHECK(close(binomial_at_least(10'128'303, 1e-3, 1e4), 0.9000005676343354588777714, 1e-12));
  CHECK(close(binomial_at_least(10'128'302, 1e-3, 1e4), 0.8999988266333970205696801, 1e-12));
}

TEST_CASE("least_trials_for: beyond 2^53, and outside the domain", "[engine][odds]") {
  CHECK(least_trials_for(5, 1e-20, 0.9) == std::numeric_limits<double>::infinity());
  CHECK(least_trials_for(4.2, 0.3, 0.9) == least_trials_for(5, 0.3, 0.9));
  CHECK(std::isnan(least_trials_for(0, 0.3, 0.9)));
  CHECK(std::isnan(least_trials_for(5, 0.0, 0.9)));
  CHECK(std::isnan(least_trials_for(5, 0.3, 0.0)));
  CHECK(std::isnan(least_trials_for(5, 0.3, 1.0)));
  CHECK(std::isnan(least_trials_for(5, 1.2, 0.5)));
}

// ---- sum_of_binomials_at_least ----

TEST_CASE("sum_of_binomials_at_least agrees with brute-force enumeration", "[engine][odds]") {
  struct Case {
    std::vector<int> ns;
    std::vector<double> qs;
  };
  const std::vector<Case> cases = {
      {{10, 7, 12}, {0.3, 0.55, 0.1}}, {{5, 8}, {k_seed_q, 0.999}}, {{1, 1, 1}, {0.5, 0.5, 0.5}},
      {{9, 0, 6}, {0.2, 0.5, 0.0}},  // a channel with no leads, one that never wins
      {{12, 11}, {1.0 / 3.0, 0.001}},
  };
  for (const Case& c : cases) {
    const std::vector<double> ns(c.ns.begin(), c.ns.end());
    const int most = std::accumulate(c.ns.begin(), c.ns.end(), 0);
    for (int k = -1; k <= most + 1; ++k) {
      const double expected = enumerated_sum_at_least(c.ns, c.qs, k);
      INFO("case " << (&c - cases.data()) << ", k = " << k << ": enumerated " << expected);
      CHECK(close(sum_of_binomials_at_least(ns, c.qs, k), expected, 1e-12));
    }
  }
}

TEST_CASE("sum_of_binomials_at_least: channels at one rate are one binomial", "[engine][odds]") {
  // 100 channels of 1,000 leads at 1%: Binomial(100,000, 1%), with k from its lower tail
  // (near 1) to its upper tail (near 1e-20).
  const std::vector<double> ns(100, 1000);
  const std::vector<double> qs(100, 0.01);
  for (const double k : {700.0, 1000.0, 1001.0, 1300.0, 1500.0}) {
    INFO("k = " << k);
    CHECK(close(sum_of_binomials_at_least(ns, qs, k), binomial_at_least(1e5, 0.01, k), 1e-12));
  }
  // Huge channels, far from 0: the window of counts below k is all that is computed.
  const std::vector<double> big(3, 1e15);
  const std::vector<double> small_q(3, 1e-13);
  for (const double k : {250.0, 300.0, 360.0}) {
    INFO("k = " << k);
    CHECK(close(sum_of_binomials_at_least(big, small_q, k), binomial_at_least(3e15, 1e-13, k),
                1e-12));
  }
}

TEST_CASE("sum_of_binomials_at_least: a trillion wins, computed on the counts that matter",
          "[engine][odds]") {
  // Two channels of 1e12 leads that nearly all win: about 1,000 losses each, so only a few
  // thousand counts below k carry probability, and nothing of size k is allocated.
  const double q = 1.0 - 1e-9;
  const std::vector<double> ns = {1e12, 1e12};
  const std::vector<double> qs = {q, q};
  for (const double losses : {2100.0, 2000.0, 1900.0}) {
    const double k = 2e12 - losses;
    INFO("k = 2e12 - " << losses);
    CHECK(close(sum_of_binomials_at_least(ns, qs, k), binomial_at_least(2e12, q, k), 1e-12));
  }
  // A k far beyond what the channels give.
  const std::vector<double> rare = {1e-12, 2e-12};
  CHECK(sum_of_binomials_at_least(ns, rare, 1e11) == 0.0);
}

TEST_CASE("sum_of_binomials_at_least: certain channels, no channels, the domain",
          "[engine][odds]") {
  // 3 certain wins, then 2 more from Binomial(10, 0.3).
  const std::vector<double> ns = {3, 10};
  const std::vector<double> qs = {1.0, 0.3};
  CHECK(close(sum_of_binomials_at_least(ns, qs, 5), binomial_at_least(10, 0.3, 2), 1e-12));
  CHECK(sum_of_binomials_at_least(ns, qs, 3) == 1.0);
  CHECK(sum_of_binomials_at_least(ns, qs, 14) == 0.0);
  const std::vector<double> reversed_ns = {10, 3};
  const std::vector<double> reversed_qs = {0.3, 1.0};
  CHECK(close(sum_of_binomials_at_least(reversed_ns, reversed_qs, 5), binomial_at_least(10, 0.3, 2),
              1e-12));
  CHECK(sum_of_binomials_at_least({}, {}, 1) == 0.0);
  CHECK(sum_of_binomials_at_least({}, {}, 0) == 1.0);
  // Channels that cannot win change nothing, to the bit.
  const std::vector<double> padded_ns = {0, 3, 7, 10};
  const std::vector<double> padded_qs = {0.5, 1.0, 0.0, 0.3};
  CHECK(sum_of_binomials_at_least(padded_ns, padded_qs, 5) == sum_of_binomials_at_least(ns, qs, 5));
  const std::vector<double> one = {10};
  const std::vector<double> bad_q = {1.5};
  const std::vector<double> bad_n = {2.5};
  const std::vector<double> fine_q = {0.5};
  CHECK(std::isnan(sum_of_binomials_at_least(one, bad_q, 1)));
  CHECK(std::isnan(sum_of_binomials_at_least(bad_n, fine_q, 1)));
  CHECK(std::isnan(sum_of_binomials_at_least(ns, fine_q, 1)));
}

// ---- binomial_pmf ----

TEST_CASE("binomial_pmf agrees with Boost's pdf to 1e-12 across its anchors", "[engine][odds]") {
  struct Case {
    double n;
    double q;
    double first;
    std::size_t count;
  };
  // Ranges longer than the 64 steps between anchors, at the mode and away from it.
  for (const Case c : {Case{1000, 0.3, 0, 1001}, Case{1e15, 1e-12, 900, 300},
                       Case{1e6, 0.5, 499'000, 2000}, Case{500, 0.999, 300, 201}}) {
    std::vector<double> pmf(c.count);
    binomial_pmf(c.n, c.q, c.first, pmf);
    const boost::math::binomial_distribution<double> boost_binomial(c.n, c.q);
    for (std::size_t i = 0; i < c.count; ++i) {
      const double x = c.first + static_cast<double>(i);
      const double expected = boost::math::pdf(boost_binomial, x);
      INFO("n = " << c.n << ", q = " << c.q << ", x = " << x << ": Boost " << expected);
      if (expected < std::numeric_limits<double>::min()) {
        CHECK(pmf[i] == 0.0);
      } else {
        CHECK(close(pmf[i], expected, 1e-12));
      }
    }
  }
}

TEST_CASE("binomial_pmf: many wins and losses, against mpmath", "[engine][odds]") {
  // The Stirling form; Boost's pdf is off by 2e-13 at the first.
  double pmf = 0.0;
  binomial_pmf(1e7, 0.3, 3e6, {&pmf, 1});
  CHECK(close(pmf, 0.0002752963192402077033410436, 1e-13));
  binomial_pmf(1e8, 0.01, 970'150, {&pmf, 1});
  CHECK(close(pmf, 1.651723100211537283624682e-201, 1e-12));
  // C(2m, m) / 4^m = (1 - 1 / (8m) + 1 / (128 m^2)) / sqrt(pi m), to 1e-45 at m = 2^52.
  const double m = 0x1p52;
  binomial_pmf(2.0 * m, 0.5, m, {&pmf, 1});
  CHECK(close(pmf, (1.0 - 1.0 / (8.0 * m)) / std::sqrt(std::numbers::pi * m), 1e-14));
}

TEST_CASE("binomial_pmf: a whole distribution, and counts outside it", "[engine][odds]") {
  std::vector<double> pmf(20);
  binomial_pmf(10, 0.3, -5, pmf);
  CHECK(std::all_of(pmf.begin(), pmf.begin() + 5, [](double p) { return p == 0.0; }));
  CHECK(std::all_of(pmf.begin() + 16, pmf.end(), [](double p) { return p == 0.0; }));
  CHECK(std::accumulate(pmf.begin(), pmf.end(), 0.0) == Approx(1.0).epsilon(1e-14));
  binomial_pmf(10, 1.0, 5, pmf);
  CHECK(pmf[5] == 1.0);
  CHECK(std::accumulate(pmf.begin(), pmf.end(), 0.0) == 1.0);
  binomial_pmf(10, 0.0, 0, pmf);
  CHECK(pmf[0] == 1.0);
  binomial_pmf(10, 0.3, 0.5, pmf);
  CHECK(std::isnan(pmf[0]));
}

// ---- Evidence: the draws ----

TEST_CASE("rate_from_evidence: Beta(converted + 1, entered - converted + 1)", "[engine][odds]") {
  const UncertainRate rate = rate_from_evidence(150, 60, 7);
  CHECK(rate.alpha == 61);
  CHECK(rate.beta == 91);
  CHECK(rate.stream == 7);
  const std::vector<UncertainRate> impossible = {rate_from_evidence(10, 11, 0)};
  CHECK_THROWS_AS(RateDraws(impossible, 1000), std::invalid_argument);
}

TEST_CASE("RateDraws: the same draws every time; a stream's draws are its own", "[engine][odds]") {
  const std::vector<UncertainRate> two = {rate_from_evidence(150, 60, 1),
                                          rate_from_evidence(80, 20, 2)};
  const RateDraws a(two, 5000);
  const RateDraws b(two, 5000);
  REQUIRE(a.rates() == 2);
  REQUIRE(a.draws() == 5000);
  for (std::size_t r = 0; r < 2; ++r) {
    CHECK(std::equal(a.samples(r).begin(), a.samples(r).end(), b.samples(r).begin()));
  }
  // Adding a rate, or draws, leaves the others' draws as they were.
  const std::vector<UncertainRate> three = {rate_from_evidence(50, 40, 9), two[1], two[0]};
  const RateDraws c(three, 8000);
  CHECK(std::equal(a.samples(1).begin(), a.samples(1).end(), c.samples(1).begin()));
  CHECK(std::equal(a.samples(0).begin(), a.samples(0).end(), c.samples(2).begin()));
  // The two streams differ.
  CHECK(a.samples(0)[0] != c.samples(0)[0]);
}

TEST_CASE("RateDraws: what it refuses", "[engine][odds]") {
  const std::vector<UncertainRate> fine = {rate_from_evidence(10, 5, 0)};
  CHECK_THROWS_AS(RateDraws(fine, 0), std::invalid_argument);
  const std::vector<UncertainRate> too_many(65, fine[0]);
  CHECK_THROWS_AS(RateDraws(too_many, 10), std::invalid_argument);
  const std::vector<UncertainRate> below_one = {{0.5, 2, 0}};
  CHECK_THROWS_AS(RateDraws(below_one, 10), std::invalid_argument);
  const std::vector<UncertainRate> infinite = {{1, std::numeric_limits<double>::infinity(), 0}};
  CHECK_THROWS_AS(RateDraws(infinite, 10), std::invalid_argument);
}

// ---- Evidence: the averaged probabilities ----

TEST_CASE("mean_at_least is the mean over the draws of the exact tail", "[engine][odds]") {
  // The draws' q = fixed x the rates of the mask, in rate order, as the test computes it;
  // the per-draw tail (its own sum for few wins, Boost in double for many) against
  // binomial_at_least, to 1e-12.
  const RateDraws draws(k_seed_evidence, 2000);
  struct Case {
    double n;
    double fixed_q;
    RateMask mask;
    double k;
  };
  for (const Case c :
       {Case{315, 1.0, 0xF, 5}, Case{60, 0.2, 0xE, 5}, Case{40, 0.5, 0x8, 1},
        Case{5000, 1.0, 0xF, 64}, Case{5000, 1.0, 0xF, 100}, Case{20000, 1.0, 0x3, 60}}) {
    double sum = 0.0;
    for (std::size_t d = 0; d < draws.draws(); ++d) {
      double q = c.fixed_q;
      for (std::size_t r = 0; r < draws.rates(); ++r) {
        if (((c.mask >> r) & 1U) != 0) {
          q *= draws.samples(r)[d];
        }
      }
      sum += binomial_at_least(c.n, q, c.k);
    }
    INFO("n = " << c.n << ", mask = " << c.mask << ", k = " << c.k);
    CHECK(std::abs(mean_at_least(draws, c.n, c.fixed_q, c.mask, c.k) -
                   sum / static_cast<double>(draws.draws())) <= 1e-12);
  }
}

TEST_CASE("mean_at_least for one draw is that draw's tail, to 1e-12", "[engine][odds]") {
  const std::vector<UncertainRate> one = {rate_from_evidence(150, 60, 3)};
  const RateDraws draws(one, 1);
  const double r = draws.samples(0)[0];
  for (const double n : {1.0, 10.0, 315.0, 5000.0, 1e6}) {
    for (const double k : {1.0, 2.0, 5.0, 63.0, 64.0, 65.0, 400.0}) {
      INFO("n = " << n << ", k = " << k);
      CHECK(std::abs(mean_at_least(draws, n, 0.01, 1, k) - binomial_at_least(n, 0.01 * r, k)) <=
            1e-12);
    }
  }
}

TEST_CASE("mean_at_least with no uncertain rate is binomial_at_least", "[engine][odds]") {
  CHECK(mean_at_least(seed_draws(), 315, k_seed_q, 0, 5) == binomial_at_least(315, k_seed_q, 5));
  // A tail of 6.5e-27, which only the exact path gives to the last digits.
  CHECK(mean_at_least(seed_draws(), 1e15, 1e-14, 0, 60) == binomial_at_least(1e15, 1e-14, 60));
  CHECK(least_trials_for_mean(seed_draws(), 5, k_seed_q, 0, 0.9) == 498);
  CHECK(std::isnan(mean_at_least(seed_draws(), 315, 1.0, 0x10, 5)));  // no rate 4
  CHECK(std::isnan(least_trials_for_mean(seed_draws(), 5, 1.0, 0xF, 1.0)));
}

TEST_CASE("mean_at_least is within 0.005 of the integral over one Beta rate", "[engine][odds]") {
  // Evidence on the last step only (80 entered, 20 won: Beta(21, 61)); the others fixed.
  const double fixed = 0.2 * 0.4 * 0.8;
  for (const double n : {150.0, 315.0, 600.0}) {
    const double exact =
        beta_mean(21, 61, [&](double r) { return binomial_at_least(n, fixed * r, 5); });
    const double estimate = mean_at_least(seed_draws(), n, fixed, 0x8, 5);
    INFO("n = " << n << ": integral " << exact << ", Monte Carlo " << estimate);
    CHECK(std::abs(estimate - exact) <= k_monte_carlo_accuracy);
  }
}

TEST_CASE("mean_at_least is within 0.005 of the integral over two Beta rates", "[engine][odds]") {
  // Evidence on meeting (50 entered, 40 met: Beta(41, 11)) and won (Beta(21, 61)).
  const double fixed = 0.2 * 0.4;
  const double n = 315;
  const double exact = beta_mean(41, 11, [&](double meeting) {
    return beta_mean(21, 61,
                     [&](double won) { return binomial_at_least(n, fixed * meeting * won, 5); });
  });
  const double estimate = mean_at_least(seed_draws(), n, fixed, 0xC, 5);
  INFO("integral " << exact << ", Monte Carlo " << estimate);
  CHECK(std::abs(estimate - exact) <= k_monte_carlo_accuracy);
}

TEST_CASE("least_trials_for_mean is the least n of the Monte Carlo, and near the integral's",
          "[engine][odds]") {
  const double fixed = 0.2 * 0.4 * 0.8;
  for (const double p : {0.5, 0.9, 0.99}) {
    const double n = least_trials_for_mean(seed_draws(), 5, fixed, 0x8, p);
    INFO("p = " << p << ": n = " << n);
    CHECK(mean_at_least(seed_draws(), n, fixed, 0x8, 5) >= p);
    CHECK(mean_at_least(seed_draws(), n - 1, fixed, 0x8, 5) < p);
    // The true probabilities around it, by integration.
    const auto exact_at = [&](double m) {
      return beta_mean(21, 61, [&](double r) { return binomial_at_least(m, fixed * r, 5); });
    };
    CHECK(exact_at(n) >= p - k_monte_carlo_accuracy);
    CHECK(exact_at(n - 1) < p + k_monte_carlo_accuracy);
  }
}

TEST_CASE("least_trials_for_mean: every stage of the seed with evidence on four steps",
          "[engine][odds]") {
  // Stage i needs the rates below it: mask 0xF for leads, 0xE for MQLs, ... 0x0 for wins.
  double previous = std::numeric_limits<double>::infinity();
  for (const RateMask mask : {0xFU, 0xEU, 0xCU, 0x8U, 0x0U}) {
    const double n = least_trials_for_mean(seed_draws(), 5, 1.0, mask, 0.9);
    INFO("mask " << mask << ": n = " << n);
    if (mask == 0) {
      CHECK(n == 5);
    } else {
      CHECK(mean_at_least(seed_draws(), n, 1.0, mask, 5) >= 0.9);
      CHECK(mean_at_least(seed_draws(), n - 1, 1.0, mask, 5) < 0.9);
    }
    CHECK(n < previous);
    previous = n;
  }
}

TEST_CASE("least_trials_for_mean: many wins, and no n that reaches p", "[engine][odds]") {
  const std::vector<UncertainRate> one = {rate_from_evidence(1000, 100, 5)};
  const RateDraws draws(one, 10'000);
  const double n = least_trials_for_mean(draws, 1000, 0.1, 1, 0.9);
  CHECK(mean_at_least(draws, n, 0.1, 1, 1000) >= 0.9);
  CHECK(mean_at_least(draws, n - 1, 0.1, 1, 1000) < 0.9);
  // The fewest draws the contract allows: the pilot search is the whole search.
  const RateDraws few(k_seed_evidence, 1000);
  const double n_few = least_trials_for_mean(few, 5, 1.0, 0xF, 0.9);
  CHECK(mean_at_least(few, n_few, 1.0, 0xF, 5) >= 0.9);
  CHECK(mean_at_least(few, n_few - 1, 1.0, 0xF, 5) < 0.9);
  // A rate so small that no count below 2^53 gives 5 wins.
  CHECK(least_trials_for_mean(draws, 5, 1e-30, 1, 0.9) == std::numeric_limits<double>::infinity());
}

TEST_CASE("mean_sum_at_least is within 0.005 of the integral for a mix", "[engine][odds]") {
  // The seed's channels, each with its own MQL rate, sharing the uncertain won step.
  const std::vector<double> ns = {166, 62};
  const std::vector<double> fixed = {0.1 * 0.4 * 0.8, 0.4 * 0.4 * 0.8};
  const std::vector<RateMask> masks = {0x8, 0x8};
  for (const double k : {1.0, 3.0, 5.0}) {
    const double exact = beta_mean(21, 61, [&](double r) {
      const std::vector<double> qs = {fixed[0] * r, fixed[1] * r};
      return sum_of_binomials_at_least(ns, qs, k);
    });
    const double estimate = mean_sum_at_least(seed_draws(), ns, fixed, masks, k);
    INFO("k = " << k << ": integral " << exact << ", Monte Carlo " << estimate);
    CHECK(std::abs(estimate - exact) <= k_monte_carlo_accuracy);
  }
}

TEST_CASE("mean_sum_at_least is the mean over the draws of the exact sum", "[engine][odds]") {
  const RateDraws draws(k_seed_evidence, 1000);
  const std::vector<double> ns = {166, 62, 40};
  const std::vector<double> fixed = {0.1, 0.4, 0.3};
  const std::vector<RateMask> masks = {0xE, 0xE, 0xF};
  for (const double k : {1.0, 2.0, 4.0}) {
    double sum = 0.0;
    for (std::size_t d = 0; d < draws.draws(); ++d) {
      std::vector<double> qs(ns.size());
      for (std::size_t c = 0; c < ns.size(); ++c) {
        qs[c] = fixed[c];
        for (std::size_t r = 0; r < draws.rates(); ++r) {
          if (((masks[c] >> r) & 1U) != 0) {
            qs[c] *= draws.samples(r)[d];
          }
        }
      }
      sum += sum_of_binomials_at_least(ns, qs, k);
    }
    INFO("k = " << k);
    CHECK(std::abs(mean_sum_at_least(draws, ns, fixed, masks, k) -
                   sum / static_cast<double>(draws.draws())) <= 1e-12);
  }
  // Without uncertain rates it is the exact sum.
  const std::vector<RateMask> none = {0, 0, 0};
  CHECK(mean_sum_at_least(draws, ns, fixed, none, 3) == sum_of_binomials_at_least(ns, fixed, 3));
}

TEST_CASE("mean_sum_at_least with one shared set of rates: the thinned sum, exactly",
          "[engine][odds]") {
  // Ten channels whose every q is a fixed part times the same drawn rates: S given a draw
  // is Binomial(M, r), computed by a walk over M's distribution instead of a convolution.
  const RateDraws draws(k_seed_evidence, 1000);
  const std::vector<double> ns = {2000, 1500, 2500, 1000, 3000, 2000, 0, 1800, 2200, 900};
  const std::vector<double> fixed = {0.1, 0.12, 0.08, 0.2, 0.05, 0.1, 0.3, 0.09, 0.11, 0.0};
  const std::vector<RateMask> masks(ns.size(), 0xE);
  for (const double k : {1.0, 30.0, 60.0, 120.0}) {
    double sum = 0.0;
    for (std::size_t d = 0; d < draws.draws(); ++d) {
      const double r = draws.samples(1)[d] * draws.samples(2)[d] * draws.samples(3)[d];
      std::vector<double> qs(ns.size());
      for (std::size_t c = 0; c < ns.size(); ++c) {
        qs[c] = fixed[c] * r;
      }
      sum += sum_of_binomials_at_least(ns, qs, k);
    }
    INFO("k = " << k);
    CHECK(std::abs(mean_sum_at_least(draws, ns, fixed, masks, k) -
                   sum / static_cast<double>(draws.draws())) <= 1e-12);
  }
}

TEST_CASE("mean_sum_at_least with one shared rate is within 0.005 of the integral",
          "[engine][odds]") {
  const std::vector<double> ns = {2000, 1500, 2500, 1000};
  const std::vector<double> fixed = {0.1 * 0.32, 0.12 * 0.32, 0.08 * 0.32, 0.2 * 0.32};
  const std::vector<RateMask> masks(ns.size(), 0x8);
  for (const double k : {40.0, 60.0, 80.0}) {
    const double exact = beta_mean(21, 61, [&](double r) {
      std::vector<double> qs(ns.size());
      for (std::size_t c = 0; c < ns.size(); ++c) {
        qs[c] = fixed[c] * r;
      }
      return sum_of_binomials_at_least(ns, qs, k);
    });
    const double estimate = mean_sum_at_least(seed_draws(), ns, fixed, masks, k);
    INFO("k = " << k << ": integral " << exact << ", Monte Carlo " << estimate);
    CHECK(std::abs(estimate - exact) <= k_monte_carlo_accuracy);
  }
}

TEST_CASE("The Monte Carlo gives the same doubles on every run", "[engine][odds]") {
  const RateDraws again(k_seed_evidence);
  CHECK(mean_at_least(again, 315, 1.0, 0xF, 5) == mean_at_least(seed_draws(), 315, 1.0, 0xF, 5));
  CHECK(least_trials_for_mean(again, 5, 1.0, 0xF, 0.9) ==
        least_trials_for_mean(seed_draws(), 5, 1.0, 0xF, 0.9));
  const std::vector<double> ns = {166, 62};
  const std::vector<double> fixed = {0.1, 0.4};
  const std::vector<RateMask> masks = {0xE, 0xE};
  CHECK(mean_sum_at_least(again, ns, fixed, masks, 5) ==
        mean_sum_at_least(seed_draws(), ns, fixed, masks, 5));
}
