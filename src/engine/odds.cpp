#include "leadplan/engine/odds.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numbers>
#include <optional>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include <boost/math/policies/policy.hpp>
#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/erf.hpp>

#include "leadplan/engine/beta_sampler.hpp"

namespace leadplan {

namespace {

namespace policies = boost::math::policies;

// Boost.Math neither throws nor sets errno here. Every input is checked before it
// reaches Boost, a probability cannot overflow, one below the smallest double is 0,
// and a series still short of convergence after Boost's 1,000,000 terms would
// return its best value rather than throw (no case comes near: the tests go to
// n = 1e15). Exact figures keep Boost's promotion of double to long double inside
// (errors near 1e-16); the Monte Carlo's per-draw tails compute in double, about 20
// times faster, with errors near 1e-14, far below the Monte Carlo's own.
using ExactPolicy = policies::policy<policies::domain_error<policies::ignore_error>,
                                     policies::pole_error<policies::ignore_error>,
                                     policies::overflow_error<policies::ignore_error>,
                                     policies::underflow_error<policies::ignore_error>,
                                     policies::denorm_error<policies::ignore_error>,
                                     policies::evaluation_error<policies::ignore_error>,
                                     policies::rounding_error<policies::ignore_error>,
                                     policies::indeterminate_result_error<policies::ignore_error>>;
using DrawPolicy = policies::normalise<ExactPolicy, policies::promote_double<false>>::type;

constexpr double k_nan = std::numeric_limits<double>::quiet_NaN();
constexpr double k_infinity = std::numeric_limits<double>::infinity();
constexpr double k_min_normal = std::numeric_limits<double>::min();
// The largest count a double holds with every whole number below it.
constexpr double k_max_whole = 0x1p53;

// A probability below the smallest normal double is kept as 0 (subnormals have lost their
// precision, and computing with them is slow); the pmf recurrences restart from Boost
// every k_anchor_every steps, which bounds their rounding error by about 64 x 3 ulps.
constexpr std::size_t k_anchor_every = 64;

bool is_count(double n) {
  return n >= 0.0 && n <= k_max_whole && n == std::floor(n);
}

bool is_probability(double q) {
  return q >= 0.0 && q <= 1.0;
}

// ---- Large counts: many wins and many losses ----
//
// Boost folds the power terms x^a y^b of ibeta and of the pdf into its Lanczos sums,
// and when a and b are both large the rounding of (a + g) y against b x costs digits:
// at n = 1e15 and q = 1/2 the tail is off by 3e-6 (by 1e-2 without the promotion to
// long double), at n = 1e9 and q = 0.1 by 7e-12, and near the centre its continued
// fraction takes about sqrt(a) terms (30 ms a call at 1e15). Beyond k_large_counts wins
// and losses, the tail is therefore the uniform asymptotic expansion of DiDonato and
// Morris (ACM TOMS 18, 1992, Algorithm 708: BASYM, after Temme) and the pmf its Stirling
// form (their BRCOMP), both written in lambda = a - (a + b) x, computed here from the
// exact product n q (an FMA), so that no rounding of n q enters.

constexpr double k_large_counts = 1e5;

// x - ln(1 + x) for x > -1, without cancellation near 0.
double x_minus_log1p(double x) {
  if (std::abs(x) > 0.375) {
    return x - std::log1p(x);
  }
  // ln(1 + x) = 2 atanh(t) with t = x / (2 + x), |t| <= 0.231, and x - 2t = x t, so
  // x - ln(1 + x) = x t - 2 (t^3 / 3 + t^5 / 5 + ...): two terms of one sign for x < 0,
  // the second at most x / 6 of the first for x > 0.
  const double t = x / (2.0 + x);
  const double t2 = t * t;
  double series = 0.0;
  for (int j = 14; j >= 1; --j) {
    series = series * t2 + 1.0 / (2.0 * j + 1.0);
  }
  return x * t - 2.0 * t * t2 * series;
}

// ln Gamma(x) - ((x - 1/2) ln x - x + ln sqrt(2 pi)) for x >= 15: Stirling's series,
// its first left-out term below 1e-17 there.
double stirling_correction(double x) {
  constexpr double coefficients[] = {1.0 / 12.0,   -1.0 / 360.0,      1.0 / 1260.0, -1.0 / 1680.0,
                                     1.0 / 1188.0, -691.0 / 360360.0, 1.0 / 156.0};
  const double inverse = 1.0 / x;
  const double inverse2 = inverse * inverse;
  double series = 0.0;
  for (auto it = std::rbegin(coefficients); it != std::rend(coefficients); ++it) {
    series = series * inverse2 + *it;
  }
  return series * inverse;
}

// ln B(a, b) less its Stirling form: the corrections of a, b and a + b.
double beta_correction(double a, double b) {
  return stirling_correction(a) + stirling_correction(b) - stirling_correction(a + b);
}

// exp(x^2) erfc(x) for x >= 0 (the scaled complementary error function).
double scaled_erfc(double x) {
  if (x < 26.0) {
    // x^2 = square + square_low exactly, so that exp sees it unrounded.
    const double square = x * x;
    const double square_low = std::fma(x, x, -square);
    return std::exp(square) * (1.0 + square_low) * std::erfc(x);
  }
  // Its asymptotic series: 1 / (x sqrt(pi)) sum_n (-1)^n (2n - 1)!! / (2 x^2)^n; from
  // x = 26 on, twelve terms leave less than 1e-30.
  const double v = 1.0 / (2.0 * x * x);
  double term = 1.0;
  double sum = 1.0;
  for (int n = 1; n <= 12; ++n) {
    term *= -(2.0 * n - 1.0) * v;
    sum += term;
  }
  return sum / (x * std::sqrt(std::numbers::pi));
}

// w - n q for whole n, rounded once at the end: n q is split into its double and the
// exact rest (an FMA), and w - nq is exact when the two are within a factor 2.
double minus_product(double w, double n, double q) {
  const double product = n * q;
  const double rest = std::fma(n, q, -product);
  return (w - product) - rest;
}

// I_x(a, b), a, b >= 15, for lambda = a - (a + b) x >= 0 (x at or below a / (a + b)),
// by the uniform asymptotic expansion: the leading term is an erfc of
// sqrt(a rho(-lambda / a) + b rho(lambda / b)), rho(t) = t - ln(1 + t), and the terms
// after it go as powers of 1 / sqrt(min(a, b)); they are summed until they fall below
// 1e-16 of the sum (at most 21).
double incomplete_beta_asymptotic(double a, double b, double lambda) {
  const double f = a * x_minus_log1p(-lambda / a) + b * x_minus_log1p(lambda / b);
  const double power = std::exp(-f);
  if (power == 0.0) {
    return 0.0;
  }
  constexpr double e1 = 0.35355339059327373;  // 2^(-3/2)
  const double z0 = std::sqrt(f);
  const double z2 = 2.0 * f;
  const bool a_smaller = a < b;
  const double ratio = a_smaller ? a / b : b / a;
  const double r0 = 1.0 / (1.0 + ratio);
  const double r1 = (b - a) / (a_smaller ? b : a);
  const double w0 = 1.0 / std::sqrt((a_smaller ? a : b) * (1.0 + ratio));

  // The coefficients of the expansion: those of a power series (series), of its powers
  // -(i + 1) / 2 (powered, by J. C. P. Miller's recurrence), and of the reciprocal of
  // the series these make (c, d).
  constexpr int k_terms = 20;
  std::array<double, k_terms + 1> series{};
  std::array<double, k_terms + 1> powered{};
  std::array<double, k_terms + 1> c{};
  std::array<double, k_terms + 1> d{};
  series[0] = 2.0 / 3.0 * r1;
  c[0] = -0.5 * series[0];
  d[0] = -c[0];
  // The repeated integrals of the normal tail, even and odd, with their powers of z.
  double j_even = std::sqrt(std::numbers::pi) / 4.0 * scaled_erfc(z0);
  double j_odd = e1;
  double sum = j_even + d[0] * w0 * j_odd;
  double ratio_power = 1.0;
  double ratio_sum = 1.0;
  double w = w0;
  double z_even = z0 * std::sqrt(2.0);
  double z_odd = z2;
  for (int n = 2; n <= k_terms; n += 2) {
    const auto un = static_cast<std::size_t>(n);
    ratio_power *= ratio * ratio;
    series[un - 1] = 2.0 * r0 * (1.0 + ratio * ratio_power) / (n + 2.0);
    ratio_sum += ratio_power;
    series[un] = 2.0 * r1 * ratio_sum / (n + 3.0);
    for (std::size_t i = un; i <= un + 1; ++i) {
      const double r = -0.5 * (static_cast<double>(i) + 1.0);
      powered[0] = r * series[0];
      for (std::size_t m = 2; m <= i; ++m) {
        double inner = 0.0;
        for (std::size_t j = 1; j < m; ++j) {
          inner += (static_cast<double>(j) * r - static_cast<double>(m - j)) * series[j - 1] *
                   powered[m - j - 1];
        }
        powered[m - 1] = r * series[m - 1] + inner / static_cast<double>(m);
      }
      c[i - 1] = powered[i - 1] / (static_cast<double>(i) + 1.0);
      double inner = 0.0;
      for (std::size_t j = 1; j < i; ++j) {
        inner += d[i - j - 1] * c[j - 1];
      }
      d[i - 1] = -(inner + c[i - 1]);
    }
    j_even = e1 * z_even + (n - 1.0) * j_even;
    j_odd = e1 * z_odd + n * j_odd;
    z_even *= z2;
    z_odd *= z2;
    w *= w0;
    const double even_term = d[un - 1] * w * j_even;
    w *= w0;
    const double odd_term = d[un] * w * j_odd;
    sum += even_term + odd_term;
    if (std::abs(even_term) + std::abs(odd_term) <= 1e-16 * sum) {
      break;
    }
  }
  return 2.0 / std::sqrt(std::numbers::pi) * power * std::exp(-beta_correction(a, b)) * sum;
}

// P(Binomial(n, q) >= k) = I_q(k, n - k + 1) by the expansion, when both counts are
// large and k is within 3% of the smaller of them from (n + 1) q, where the expansion
// holds (DiDonato and Morris's condition); NaN elsewhere, for Boost to take over (beyond
// 3% the tail is more than 0.03 sqrt(1e5) = 9.5 standard deviations out, where Boost's
// relative error was below 1e-13 in every test).
double large_tail(double n, double q, double k) {
  const double a = k;
  const double b = n - k + 1.0;
  if (std::min(a, b) < k_large_counts) {
    return k_nan;
  }
  const double lambda = minus_product(k, n, q) - q;  // k - (n + 1) q
  if (std::abs(lambda) > 0.03 * std::min(a, b)) {
    return k_nan;
  }
  return lambda >= 0.0 ? incomplete_beta_asymptotic(a, b, lambda)
                       : 1.0 - incomplete_beta_asymptotic(b, a, -lambda);
}

// P(Binomial(n, q) = x) for x and n - x both at least 15, from x^a y^b / B(a, b) with
// a = x, b = n - x: Stirling's form of B and the powers through rho, as the expansion.
double large_pmf(double n, double q, double x) {
  const double a = x;
  const double b = n - x;
  const double lambda = minus_product(x, n, q);  // x - n q
  const double x0 = a / n;
  const double y0 = b / n;
  const double e_a = -lambda / a;  // q = x0 (1 + e_a)
  const double e_b = lambda / b;   // 1 - q = y0 (1 + e_b)
  const double u = std::abs(e_a) > 0.6 ? e_a - std::log(q / x0) : x_minus_log1p(e_a);
  const double v = std::abs(e_b) > 0.6 ? e_b - std::log((1.0 - q) / y0) : x_minus_log1p(e_b);
  const double powers_over_beta = std::sqrt(b * x0 / (2.0 * std::numbers::pi)) *
                                  std::exp(-(a * u + b * v) - beta_correction(a, b));
  return powers_over_beta * (n / (a * b));
}

// The tail where it is exactly 0 or 1 (k <= 0, k > n, q = 0, q = 1), else NaN.
double tail_edge(double n, double q, double k) {
  if (k <= 0.0 || (q >= 1.0 && k <= n)) {
    return 1.0;
  }
  if (k > n || q <= 0.0) {
    return 0.0;
  }
  return k_nan;
}

// P(Binomial(n, q) >= k) = I_q(k, n - k + 1), the regularized incomplete beta, inside the
// edges: the expansion for many wins and losses, else Boost.
template <class Policy>
double tail_inside(double n, double q, double k) {
  if (const double large = large_tail(n, q, k); !std::isnan(large)) {
    return large;
  }
  return boost::math::ibeta(k, n - k + 1.0, q, Policy());
}

// P(Binomial(n, q) >= k) and P(Binomial(n, q) = k - 1).
struct TailAndTerm {
  double at_least = 0.0;
  double below = 0.0;  // the term just below k
};

// For one Monte Carlo draw, where an absolute error near 1e-15 is plenty and speed counts:
// with few wins, 1 minus the k terms below k, from (1 - q)^n up by the ratio of
// neighbouring terms (an exp, a log1p and 2k operations), when (1 - q)^n is a normal
// double; Boost's cost varies from 25 ns to 500 ns with its choice of method, this
// one's does not. Inside the edges only; nullopt where it does not apply.
constexpr double k_direct_wins = 64.0;

std::optional<TailAndTerm> direct_tail(double n, double q, double k) {
  const double log_none = n * std::log1p(-q);
  if (k > k_direct_wins || !(log_none > -700.0)) {
    return std::nullopt;
  }
  const double odds = q / (1.0 - q);
  double term = std::exp(log_none);
  double below = term;
  for (double j = 1.0; j < k; j += 1.0) {
    term *= (n - j + 1.0) / j * odds;
    below += term;
  }
  return TailAndTerm{std::max(0.0, 1.0 - below), term};
}

// P(Binomial(n, q) >= k) for one draw: the direct sum, else as the exact tail but with
// Boost in double.
double draw_tail(double n, double q, double k) {
  if (const double edge = tail_edge(n, q, k); !std::isnan(edge)) {
    return edge;
  }
  if (const auto direct = direct_tail(n, q, k)) {
    return direct->at_least;
  }
  return tail_inside<DrawPolicy>(n, q, k);
}

// P(Binomial(n, q) >= k) for whole n and k; under DrawPolicy, draw_tail.
template <class Policy>
double tail(double n, double q, double k) {
  if constexpr (std::is_same_v<Policy, DrawPolicy>) {
    return draw_tail(n, q, k);
  } else {
    if (const double edge = tail_edge(n, q, k); !std::isnan(edge)) {
      return edge;
    }
    return tail_inside<Policy>(n, q, k);
  }
}

// P(Binomial(n, q) = x), 0 < q < 1, x whole in [0, n]: Boost's binomial pdf, or the
// Stirling form for many wins and losses.
template <class Policy>
double pmf_at(double n, double q, double x) {
  if (std::min(x, n - x) >= k_large_counts) {
    return large_pmf(n, q, x);
  }
  return boost::math::ibeta_derivative(x + 1.0, n - x + 1.0, q, Policy()) / (n + 1.0);
}

// P(Binomial(n, q) = x) for the x in [from, to] (within [0, n], 0 < q < 1) where it is at
// least the smallest normal double: into `window`, from its lowest such x, which is
// returned. Starts at the count of the range nearest the mode and walks outward by the
// ratio of neighbouring terms; the pmf falls away from its mode, so the first value below
// ends a direction. Only that window is touched, however wide [from, to] (a channel's
// counts below k can be a billion). `below` is scratch.
template <class Policy>
double pmf_window(double n, double q, double from, double to, std::vector<double>& window,
                  std::vector<double>& below) {
  window.clear();
  below.clear();
  if (from > to) {
    return from;
  }
  const double odds = q / (1.0 - q);
  if constexpr (std::is_same_v<Policy, DrawPolicy>) {
    // A Monte Carlo draw with few counts below the target: start at 0 from (1 - q)^n,
    // which costs an exp and a log1p, not Boost's pdf (errors near 1e-13, plenty for a
    // draw); the terms rise to the mode, then fall.
    const double log_none = n * std::log1p(-q);
    if (from == 0.0 && to < static_cast<double>(k_anchor_every) && log_none > -700.0) {
      double value = std::exp(log_none);
      window.push_back(value);
      for (double x = 1.0; x <= to; x += 1.0) {
        value *= (n - x + 1.0) / x * odds;
        if (!(value >= k_min_normal)) {
          break;
        }
        window.push_back(value);
      }
      return 0.0;
    }
  }
  const double anchor = std::clamp(std::floor((n + 1.0) * q), from, to);
  const double at_anchor = pmf_at<Policy>(n, q, anchor);
  if (!(at_anchor >= k_min_normal)) {
    return anchor;
  }
  window.push_back(at_anchor);
  double value = at_anchor;
  std::size_t steps = 0;
  for (double x = anchor + 1.0; x <= to; x += 1.0) {
    value = ++steps % k_anchor_every == 0 ? pmf_at<Policy>(n, q, x)
                                          : value * ((n - x + 1.0) / x * odds);
    if (!(value >= k_min_normal)) {
      break;
    }
    window.push_back(value);
  }
  value = at_anchor;
  steps = 0;
  for (double x = anchor - 1.0; x >= from; x -= 1.0) {
    value = ++steps % k_anchor_every == 0 ? pmf_at<Policy>(n, q, x)
                                          : value * ((x + 1.0) / (n - x) / odds);
    if (!(value >= k_min_normal)) {
      break;
    }
    below.push_back(value);
  }
  window.insert(window.begin(), below.rbegin(), below.rend());
  return anchor - static_cast<double>(below.size());
}

// A sum with Neumaier's compensation: 100,000 terms or 10,000,000 add up to the last bits.
class CompensatedSum {
 public:
  void add(double x) {
    const double t = m_sum + x;
    m_compensation += std::abs(m_sum) >= std::abs(x) ? (m_sum - t) + x : (x - t) + m_sum;
    m_sum = t;
  }
  [[nodiscard]] double value() const { return m_sum + m_compensation; }

 private:
  double m_sum = 0.0;
  double m_compensation = 0.0;
};

// P(sum_c Binomial(n_c, q_c) >= k): the channels' pmfs convolved one at a time, truncated
// below k. With S the sum so far and X the next channel,
//   P(S + X >= k) = P(S >= k) + sum_{j < k} P(S = j) P(X >= k - j),
// a sum of non-negative terms: no cancellation, however close to 0 or 1 the result.
// The buffers are kept between calls (one per Monte Carlo draw).
template <class Policy>
class BinomialSum {
 public:
  // For whole `k` >= 1, whole `ns`, `qs` in [0, 1] (checked by the caller).
  double at_least(std::span<const double> ns, std::span<const double> qs, double k) {
    m_k = k;
    m_lo = 0.0;
    m_pmf.assign(1, 1.0);
    m_at_least = 0.0;
    for (std::size_t c = 0; c < ns.size() && !m_pmf.empty(); ++c) {
      if (ns[c] == 0.0 || qs[c] == 0.0) {
        continue;
      }
      if (qs[c] == 1.0) {
        add_certain(ns[c]);
      } else {
        add(ns[c], qs[c]);
      }
    }
    return std::min(m_at_least, 1.0);
  }

  // The whole distribution of S (no truncation): P(S = lowest() + j) in pmf()[j], where it
  // is at least the smallest normal double.
  void distribution(std::span<const double> ns, std::span<const double> qs) {
    double most = 0.0;
    for (const double n : ns) {
      most += n;
    }
    (void)at_least(ns, qs, most + 1.0);  // a k no sum reaches
  }
  [[nodiscard]] const std::vector<double>& pmf() const { return m_pmf; }
  [[nodiscard]] double lowest() const { return m_lo; }

 private:
  // Every entry wins: S moves up by n.
  void add_certain(double n) {
    const double size = static_cast<double>(m_pmf.size());
    const auto keep = static_cast<std::size_t>(std::clamp(m_k - n - m_lo, 0.0, size));
    for (std::size_t j = keep; j < m_pmf.size(); ++j) {
      m_at_least += m_pmf[j];
    }
    m_pmf.resize(keep);
    m_lo += n;
  }

  void add(double n, double q) {
    const std::size_t size = m_pmf.size();
    // X's pmf where S + X can stay below k: counts 0 .. min(n, k - 1 - m_lo), where normal.
    const double channel_lo =
        pmf_window<Policy>(n, q, 0.0, std::min(n, m_k - 1.0 - m_lo), m_channel, m_scratch);
    const double channel_end = channel_lo + static_cast<double>(m_channel.size());

    // P(S >= k) grows by P(S = m_lo + j) P(X >= k - m_lo - j); the tails of X from the
    // largest, computed by Boost, down by adding X's pmf.
    double tail_x = tail<Policy>(n, q, m_k - m_lo);
    double gained = m_pmf[0] * tail_x;
    for (std::size_t j = 1; j < size; ++j) {
      const double t = m_k - m_lo - static_cast<double>(j);
      if (t >= channel_lo && t < channel_end) {
        tail_x += m_channel[static_cast<std::size_t>(t - channel_lo)];
      }
      gained += m_pmf[j] * tail_x;
    }
    m_at_least += gained;

    if (m_channel.empty()) {
      m_pmf.clear();  // X alone takes S past k (or below the smallest double)
      return;
    }
    // The convolution below k, as one scaled addition per count of X (vectorizes).
    const double next_lo = m_lo + channel_lo;
    const double next_last =
        std::min(m_k - 1.0, m_lo + static_cast<double>(size - 1) + channel_end - 1.0);
    const auto next_size = static_cast<std::size_t>(next_last - next_lo) + 1;
    m_next.assign(next_size, 0.0);
    for (std::size_t i = 0; i < m_channel.size() && i < next_size; ++i) {
      const double p_x = m_channel[i];
      const std::size_t offset = i;
      const std::size_t count = std::min(size, next_size - offset);
      double* out = m_next.data() + offset;
      const double* in = m_pmf.data();
      for (std::size_t j = 0; j < count; ++j) {
        out[j] += p_x * in[j];
      }
    }
    m_pmf.swap(m_next);
    m_lo = next_lo;
    // Entries below the smallest normal double carry nothing: drop them at both ends.
    while (!m_pmf.empty() && m_pmf.back() < k_min_normal) {
      m_pmf.pop_back();
    }
    const auto first_kept =
        std::find_if(m_pmf.begin(), m_pmf.end(), [](double p) { return p >= k_min_normal; });
    m_lo += static_cast<double>(first_kept - m_pmf.begin());
    m_pmf.erase(m_pmf.begin(), first_kept);
  }

  double m_k = 0.0;
  double m_lo = 0.0;          // the count of m_pmf[0]
  std::vector<double> m_pmf;  // P(S = m_lo + j), counts below k
  std::vector<double> m_next;
  std::vector<double> m_channel;  // P(X = channel_lo + i)
  std::vector<double> m_scratch;
  double m_at_least = 0.0;  // P(S >= k)
};

// A first guess at the least n with P(Binomial(n, q) >= k) >= p: the p-quantile of the
// number of entries until the k-th win (mean k / q, variance k (1 - q) / q^2), from the
// normal quantile with the Cornish-Fisher term for its skewness. Also the spread, for steps.
struct Guess {
  double n = 0.0;
  double spread = 0.0;
};

double normal_quantile(double p) {
  return -std::sqrt(2.0) * boost::math::erfc_inv(2.0 * p, ExactPolicy());
}

Guess trials_guess(double k, double q, double p) {
  const double z = normal_quantile(p);
  const double mean = k / q;
  const double spread = std::sqrt(k * (1.0 - q)) / q;
  const double skew = (2.0 - q) / std::sqrt(k * (1.0 - q));
  const double n = mean + spread * (z + skew * (z * z - 1.0) / 6.0);
  return {std::clamp(std::isfinite(n) ? n : k_max_whole, k, k_max_whole), spread};
}

// The answer of least_reaching: the least n, with prob(n) and prob(n - 1).
struct Reached {
  double n = 0.0;
  double p_at = 0.0;
  double p_below = 0.0;
};

// The least whole n above `lo` with prob(n) >= p, for a probability non-decreasing in n
// with prob(lo) < p (lo = k - 1: k - 1 entries never give k wins, probability 0).
// Gallops from `guess` in steps of `step`, doubling, until (lo, hi] brackets it, then
// narrows the bracket by linear interpolation, rounded up (so that near the answer it
// tests n, then n - 1), with a bisection whenever two steps have not halved it, until
// hi = lo + 1. Both ends are
// evaluated, so the answer is exact: prob(hi) >= p > prob(hi - 1). n is +infinity when
// even 2^53 falls short.
template <class Prob>
Reached least_reaching(double lo, double p, double guess, double step, Prob&& prob) {
  double p_lo = 0.0;
  double hi = std::clamp(std::round(guess), lo + 1.0, k_max_whole);
  double p_hi = prob(hi);
  step = std::max(1.0, std::round(step));
  if (p_hi >= p) {
    for (double m = hi - step; m > lo; m = hi - step) {
      const double p_m = prob(m);
      if (p_m < p) {
        lo = m;
        p_lo = p_m;
        break;
      }
      hi = m;
      p_hi = p_m;
      step *= 2.0;
    }
  } else {
    while (p_hi < p) {
      if (hi >= k_max_whole) {
        return {k_infinity, 1.0, p_hi};
      }
      lo = hi;
      p_lo = p_hi;
      hi = std::min(lo + step, k_max_whole);
      p_hi = prob(hi);
      step *= 2.0;
    }
  }
  bool bisect = false;
  double width_before = k_infinity;  // the bracket's width one evaluation ago
  while (hi - lo > 1.0) {
    const double width = hi - lo;
    double m = lo + std::floor(width / 2.0);
    if (!bisect && p_hi > p_lo) {
      const double x = lo + (p - p_lo) / (p_hi - p_lo) * width;
      m = std::clamp(std::ceil(x), lo + 1.0, hi - 1.0);
    }
    const double p_m = prob(m);
    if (p_m >= p) {
      hi = m;
      p_hi = p_m;
    } else {
      lo = m;
      p_lo = p_m;
    }
    bisect = !bisect && hi - lo > width_before / 2.0;
    width_before = width;
  }
  return {hi, p_hi, p_lo};
}

// P(Binomial(m, r) >= k) and P(Binomial(m, r) = k - 1) for one draw (0 < r < 1,
// 1 <= k <= m): the direct sum gives both at once; else the tail and Boost's pdf.
TailAndTerm draw_tail_and_term(double m, double r, double k) {
  if (const auto direct = direct_tail(m, r, k)) {
    return *direct;
  }
  return {draw_tail(m, r, k), pmf_at<DrawPolicy>(m, r, k - 1.0)};
}

// sum_m P(M = m) P(Binomial(m, r) >= k), for M's pmf `pmf_m` from count `lowest` on, k whole
// >= 1, and `above[i]` = P(M >= lowest + i): the mix's P(S >= k) for one draw when every
// channel's q is its fixed part times one drawn r (S is then Binomial(M, r), M the
// entries that pass the fixed parts). T(m) = P(Binomial(m, r) >= k) walks from the m where
// its increments are largest, (k - 1) / r, both ways: T(m + 1) = T(m) + r P(Bin(m, r) = k - 1)
// and P(Bin(m + 1, r) = k - 1) = P(Bin(m, r) = k - 1) (m + 1)(1 - r) / (m + 2 - k); it
// stops where T is within 1e-16 of 1 (the rest of M's mass then counts whole) or of 0.
double thinned_at_least(std::span<const double> pmf_m, std::span<const double> above, double lowest,
                        double k, double r) {
  const auto size = static_cast<double>(pmf_m.size());
  const double first = std::max(k, lowest);  // T(m) = 0 below k
  const double last = lowest + size - 1.0;
  if (first > last || r <= 0.0) {
    return 0.0;
  }
  if (r >= 1.0) {
    return above[static_cast<std::size_t>(first - lowest)];
  }
  const double start = std::clamp(std::round((k - 1.0) / r), first, last);
  const TailAndTerm at_start = draw_tail_and_term(start, r, k);
  const auto index = [&](double m) { return static_cast<std::size_t>(m - lowest); };
  double total = pmf_m[index(start)] * at_start.at_least;

  double t = at_start.at_least;
  double term = at_start.below;
  for (double m = start + 1.0; m <= last; m += 1.0) {
    t += r * term;  // T(m) from T(m - 1) and P(Bin(m - 1, r) = k - 1)
    term *= m * (1.0 - r) / (m + 1.0 - k);
    if (t >= 1.0 - 1e-16) {
      total += above[index(m)];
      break;
    }
    total += pmf_m[index(m)] * t;
  }
  t = at_start.at_least;
  term = at_start.below;
  for (double m = start - 1.0; m >= first; m -= 1.0) {
    term *= (m + 2.0 - k) / ((m + 1.0) * (1.0 - r));  // P(Bin(m, r) = k - 1)
    t -= r * term;
    if (t <= 1e-16) {
      break;
    }
    total += pmf_m[index(m)] * t;
  }
  return total;
}

bool is_mask_of(RateMask mask, const RateDraws& draws) {
  return draws.rates() >= 64 || (mask >> draws.rates()) == 0;
}

// q of every draw: `fixed_q` x the drawn rates of `mask`, in rate order.
void draw_probabilities(const RateDraws& draws, double fixed_q, RateMask mask,
                        std::vector<double>& out) {
  out.assign(draws.draws(), fixed_q);
  for (std::size_t r = 0; r < draws.rates(); ++r) {
    if (((mask >> r) & 1U) != 0) {
      const std::span<const double> rate = draws.samples(r);
      for (std::size_t d = 0; d < out.size(); ++d) {
        out[d] *= rate[d];
      }
    }
  }
}

// The mean of P(Binomial(n, q) >= k) over the draws q of `qs`.
double mean_tail(std::span<const double> qs, double n, double k) {
  CompensatedSum sum;
  for (const double q : qs) {
    sum.add(tail<DrawPolicy>(n, q, k));
  }
  return sum.value() / static_cast<double>(qs.size());
}

// The draws searched first for a starting point, before all of them.
constexpr std::size_t k_pilot_draws = 2'048;

}  // namespace

double binomial_at_least(double n, double q, double k) {
  if (!is_count(n) || !is_probability(q) || std::isnan(k)) {
    return k_nan;
  }
  return tail<ExactPolicy>(n, q, std::ceil(k));
}

double least_trials_for(double k, double q, double p) {
  if (!(k >= 1.0 && k <= k_max_whole) || !(q > 0.0 && q <= 1.0) || !(p > 0.0 && p < 1.0)) {
    return k_nan;
  }
  k = std::ceil(k);
  if (q == 1.0) {
    return k;
  }
  const Guess guess = trials_guess(k, q, p);
  return least_reaching(k - 1.0, p, guess.n, guess.spread / 4.0,
                        [&](double n) { return tail<ExactPolicy>(n, q, k); })
      .n;
}

double sum_of_binomials_at_least(std::span<const double> ns, std::span<const double> qs, double k) {
  if (ns.size() != qs.size() || std::isnan(k)) {
    return k_nan;
  }
  double possible = 0.0;  // the most wins the channels can give
  double certain = 0.0;   // the wins they give for sure
  for (std::size_t c = 0; c < ns.size(); ++c) {
    if (!is_count(ns[c]) || !is_probability(qs[c])) {
      return k_nan;
    }
    possible += qs[c] > 0.0 ? ns[c] : 0.0;
    certain += qs[c] == 1.0 ? ns[c] : 0.0;
  }
  k = std::ceil(k);
  if (k <= certain) {
    return 1.0;
  }
  if (k > possible) {
    return 0.0;
  }
  BinomialSum<ExactPolicy> sum;
  return sum.at_least(ns, qs, k);
}

void binomial_pmf(double n, double q, double first, std::span<double> out) {
  if (!is_count(n) || !is_probability(q) || !(std::abs(first) <= k_max_whole) ||
      first != std::floor(first)) {
    std::fill(out.begin(), out.end(), k_nan);
    return;
  }
  std::fill(out.begin(), out.end(), 0.0);
  const double last = first + static_cast<double>(out.size()) - 1.0;
  if (q == 0.0 || q == 1.0) {
    const double certain = q == 0.0 ? 0.0 : n;
    if (certain >= first && certain <= last) {
      out[static_cast<std::size_t>(certain - first)] = 1.0;
    }
    return;
  }
  const double from = std::max(first, 0.0);
  const double to = std::min(last, n);
  std::vector<double> window;
  std::vector<double> below;
  const double lowest = pmf_window<ExactPolicy>(n, q, from, to, window, below);
  if (!window.empty()) {
    std::copy(window.begin(), window.end(),
              out.begin() + static_cast<std::ptrdiff_t>(lowest - first));
  }
}

UncertainRate rate_from_evidence(double entered, double converted, std::uint64_t stream) {
  return {converted + 1.0, entered - converted + 1.0, stream};
}

RateDraws::RateDraws(std::span<const UncertainRate> rates, std::size_t draws)
    : m_draws(draws), m_rates(rates.size()) {
  if (rates.size() > 64) {
    throw std::invalid_argument("RateDraws: at most 64 uncertain rates");
  }
  if (draws == 0) {
    throw std::invalid_argument("RateDraws: no draws");
  }
  for (const UncertainRate& rate : rates) {
    if (!(rate.alpha >= 1.0 && rate.beta >= 1.0) || !std::isfinite(rate.alpha + rate.beta)) {
      throw std::invalid_argument("RateDraws: a Beta parameter below 1 or not finite");
    }
  }
  m_samples.resize(rates.size() * draws);
  for (std::size_t r = 0; r < rates.size(); ++r) {
    BetaSampler sampler(stream_seed(rates[r].stream));
    double* out = m_samples.data() + r * draws;
    for (std::size_t d = 0; d < draws; ++d) {
      out[d] = sampler.beta_variate(rates[r].alpha, rates[r].beta);
    }
  }
}

std::span<const double> RateDraws::samples(std::size_t rate) const {
  return {m_samples.data() + rate * m_draws, m_draws};
}

double mean_at_least(const RateDraws& draws, double n, double fixed_q, RateMask uncertain,
                     double k) {
  if (!is_count(n) || !is_probability(fixed_q) || std::isnan(k) || !is_mask_of(uncertain, draws)) {
    return k_nan;
  }
  if (uncertain == 0) {
    return binomial_at_least(n, fixed_q, k);
  }
  k = std::ceil(k);
  if (k <= 0.0) {
    return 1.0;
  }
  if (k > n || fixed_q == 0.0) {
    return 0.0;
  }
  std::vector<double> qs;
  draw_probabilities(draws, fixed_q, uncertain, qs);
  return mean_tail(qs, n, k);
}

double least_trials_for_mean(const RateDraws& draws, double k, double fixed_q, RateMask uncertain,
                             double p) {
  if (!(k >= 1.0 && k <= k_max_whole) || !(fixed_q > 0.0 && fixed_q <= 1.0) ||
      !(p > 0.0 && p < 1.0) || !is_mask_of(uncertain, draws)) {
    return k_nan;
  }
  if (uncertain == 0) {
    return least_trials_for(k, fixed_q, p);
  }
  k = std::ceil(k);
  std::vector<double> qs;
  draw_probabilities(draws, fixed_q, uncertain, qs);
  const std::span<const double> all(qs);

  // A pilot search on the first draws, from a normal guess with the mean and variance of
  // the number of entries until the k-th win over them: given q, k / q and k (1 - q) / q^2.
  // Its answer is off by about se / slope: se, the pilot's standard error at it, and
  // slope, the rise of its mean from n - 1 to n. The search on all the draws starts
  // there, in such steps.
  const std::span<const double> pilot = all.first(std::min(all.size(), k_pilot_draws));
  const auto pilot_size = static_cast<double>(pilot.size());
  CompensatedSum inverse;
  CompensatedSum inverse_square;
  for (const double q : pilot) {
    inverse.add(1.0 / q);
    inverse_square.add(1.0 / (q * q));
  }
  const double m1 = inverse.value() / pilot_size;
  const double m2 = inverse_square.value() / pilot_size;
  const double spread = std::sqrt(k * (m2 - m1) + k * k * std::max(0.0, m2 - m1 * m1));
  Guess guess{k * m1 + normal_quantile(p) * spread, spread};
  if (!std::isfinite(guess.n)) {
    guess = {k_max_whole, k_max_whole / 64.0};
  }
  const Reached reached = least_reaching(k - 1.0, p, guess.n, guess.spread / 4.0,
                                         [&](double n) { return mean_tail(pilot, n, k); });
  if (pilot.size() == all.size()) {
    return reached.n;
  }
  if (!std::isfinite(reached.n)) {
    return least_reaching(k - 1.0, p, k_max_whole, k_max_whole / 64.0,
                          [&](double n) { return mean_tail(all, n, k); })
        .n;
  }
  CompensatedSum squares;
  for (const double q : pilot) {
    const double f = tail<DrawPolicy>(reached.n, q, k) - reached.p_at;
    squares.add(f * f);
  }
  const double se = std::sqrt(squares.value() / (pilot_size - 1.0) / pilot_size);
  const double slope = reached.p_at - reached.p_below;
  const double step = slope > 0.0 ? 1.5 * se / slope : reached.n / 100.0;
  return least_reaching(k - 1.0, p, reached.n, std::min(step, reached.n),
                        [&](double n) { return mean_tail(all, n, k); })
      .n;
}

double mean_sum_at_least(const RateDraws& draws, std::span<const double> ns,
                         std::span<const double> fixed_qs, std::span<const RateMask> uncertain,
                         double k) {
  if (ns.size() != fixed_qs.size() || ns.size() != uncertain.size() || std::isnan(k)) {
    return k_nan;
  }
  RateMask any = 0;
  double possible = 0.0;
  for (std::size_t c = 0; c < ns.size(); ++c) {
    if (!is_count(ns[c]) || !is_probability(fixed_qs[c]) || !is_mask_of(uncertain[c], draws)) {
      return k_nan;
    }
    any |= uncertain[c];
    possible += fixed_qs[c] > 0.0 ? ns[c] : 0.0;
  }
  if (any == 0) {
    return sum_of_binomials_at_least(ns, fixed_qs, k);
  }
  k = std::ceil(k);
  if (k <= 0.0) {
    return 1.0;
  }
  if (k > possible) {
    return 0.0;
  }
  // When every channel that can win shares one set of uncertain rates, S given a draw is
  // Binomial(M, r): M the entries passing the fixed parts (its exact distribution, computed
  // once), r the product of the drawn rates. Each draw then costs a walk over M's window
  // instead of a convolution; the cheaper way is taken, by the counts each would go
  // through (a pmf's window: about 77 standard deviations, where it is a normal double).
  RateMask shared = 0;
  bool one_set = true;
  for (std::size_t c = 0; c < ns.size(); ++c) {
    if (ns[c] > 0.0 && fixed_qs[c] > 0.0) {
      one_set = one_set && (shared == 0 || uncertain[c] == shared);
      shared = uncertain[c];
    }
  }
  if (one_set && shared != 0) {
    std::vector<double> rs;
    draw_probabilities(draws, 1.0, shared, rs);
    CompensatedSum r_sum;
    for (const double r : rs) {
      r_sum.add(r);
    }
    const double r_mean = r_sum.value() / static_cast<double>(rs.size());
    const auto window = [](double n, double variance) {
      return std::min(n + 1.0, 77.0 * std::sqrt(variance) + 1.0);
    };
    double passing_most = 0.0;
    double passing_variance = 0.0;
    for (std::size_t c = 0; c < ns.size(); ++c) {
      passing_most += ns[c];
      passing_variance += ns[c] * fixed_qs[c] * (1.0 - fixed_qs[c]);
    }
    const double passing_window = window(passing_most, passing_variance);
    const auto d = static_cast<double>(rs.size());
    double thinning_cost = d * passing_window;
    double convolution_cost = 0.0;
    for (std::size_t c = 0; c < ns.size(); ++c) {
      const double q = fixed_qs[c] * r_mean;
      thinning_cost += passing_window * window(ns[c], ns[c] * fixed_qs[c] * (1.0 - fixed_qs[c]));
      convolution_cost += d * k * std::min(k, window(ns[c], ns[c] * q * (1.0 - q)));
    }
    if (thinning_cost < convolution_cost) {
      BinomialSum<ExactPolicy> passing;
      passing.distribution(ns, fixed_qs);
      const std::vector<double>& pmf_m = passing.pmf();
      std::vector<double> above(pmf_m.size() + 1, 0.0);
      for (std::size_t i = pmf_m.size(); i > 0; --i) {
        above[i - 1] = above[i] + pmf_m[i - 1];
      }
      CompensatedSum total;
      for (const double r : rs) {
        total.add(thinned_at_least(pmf_m, above, passing.lowest(), k, r));
      }
      return std::min(1.0, total.value() / d);
    }
  }

  // Each channel's drawn rates, as pointers to their samples.
  std::vector<std::size_t> first_rate(ns.size() + 1, 0);
  std::vector<const double*> rates;
  for (std::size_t c = 0; c < ns.size(); ++c) {
    for (std::size_t r = 0; r < draws.rates(); ++r) {
      if (((uncertain[c] >> r) & 1U) != 0) {
        rates.push_back(draws.samples(r).data());
      }
    }
    first_rate[c + 1] = rates.size();
  }
  BinomialSum<DrawPolicy> sum;
  std::vector<double> qs(ns.size());
  CompensatedSum total;
  for (std::size_t d = 0; d < draws.draws(); ++d) {
    for (std::size_t c = 0; c < ns.size(); ++c) {
      double q = fixed_qs[c];
      for (std::size_t r = first_rate[c]; r < first_rate[c + 1]; ++r) {
        q *= rates[r][d];
      }
      qs[c] = q;
    }
    total.add(sum.at_least(ns, qs, k));
  }
  return total.value() / static_cast<double>(draws.draws());
}

}  // namespace leadplan
