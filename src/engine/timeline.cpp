#include "leadplan/engine/timeline.hpp"

#include <chrono>
#include <cmath>

#include <fmt/format.h>

namespace leadplan {

double days_per_period(Period period) {
  switch (period) {
    case Period::week:
      return 7.0;
    case Period::month:
      return 365.25 / 12.0;
    case Period::quarter:
      return 365.25 / 4.0;
    case Period::year:
      return 365.25;
  }
  return 365.25 / 12.0;
}

std::vector<LagShare> lag_shares(const Lag& lag, Period period) {
  if (!lag.days) {
    if (lag.shares.empty()) {
      return {LagShare{0, 1.0}};
    }
    std::vector<LagShare> shares;
    for (std::size_t k = 0; k < lag.shares.size(); ++k) {
      if (lag.shares[k] > 0.0) {
        shares.push_back(LagShare{k, lag.shares[k]});
      }
    }
    return shares;
  }
  // d periods: 1 - w of the conversions k = floor(d) periods later, w at k + 1.
  // Two entries however long the lag: a lag of 1e15 days costs what one of 1 does.
  const double d = *lag.days / days_per_period(period);
  const double k = std::floor(d);
  const double w = d - k;
  const auto periods = static_cast<std::size_t>(k);
  std::vector<LagShare> shares{LagShare{periods, 1.0 - w}};
  if (w > 0.0) {
    shares.push_back(LagShare{periods + 1, w});
  }
  return shares;
}

DayNumber period_after(DayNumber start, Period period, std::size_t index) {
  using namespace std::chrono;
  if (period == Period::week) {
    return start + static_cast<DayNumber>(7 * index);
  }
  const year_month_day first{sys_days(days(start))};
  const int step = period == Period::month ? 1 : period == Period::quarter ? 3 : 12;
  const year_month_day next =
      first + months(static_cast<int>(index) * step);  // the first of a month stays valid
  return static_cast<DayNumber>(sys_days(next).time_since_epoch().count());
}

std::optional<PlanProblem> compute_timeline(const Scenario& s, const Plan& plan,
                                            TimelinePlan& out) {
  const Timeline& t = *s.timeline;
  const std::size_t n = s.stages.size();
  const auto periods = static_cast<std::size_t>(t.periods);
  out.stages = n;
  out.starts.resize(periods);
  out.counts.assign(periods * n, 0.0);
  out.before_start.assign(n, 0.0);
  out.total.assign(n, 0.0);
  for (std::size_t p = 0; p < periods; ++p) {
    out.starts[p] = period_after(t.start, s.period, p);
    out.counts[p * n + n - 1] = t.wins.empty() ? plan.wins : t.wins[p];
  }
  // Bottom up: an entry into stage i in period p needs 1 / rate[i] entries into
  // stage i - 1, share_k of them k periods earlier; what falls before the first
  // period is the pipeline stage i - 1 must hold on day one. Only the shares
  // landing inside the plan are visited one by one (at most min(p + 1, shares)
  // each period); those before it are added at once through `later`, the sum of
  // the shares from each one on.
  std::vector<double> later;
  for (std::size_t i = n - 1; i > 0; --i) {
    const std::vector<LagShare> shares =
        lag_shares(i < t.lags.size() ? t.lags[i] : Lag{}, s.period);
    later.assign(shares.size() + 1, 0.0);
    for (std::size_t j = shares.size(); j > 0; --j) {
      later[j - 1] = later[j] + shares[j - 1].share;
    }
    const double rate = s.stages[i].rate;
    for (std::size_t p = 0; p < periods; ++p) {
      const double above = out.counts[p * n + i] / rate;
      std::size_t j = 0;
      for (; j < shares.size() && shares[j].periods <= p; ++j) {
        out.counts[(p - shares[j].periods) * n + i - 1] += shares[j].share * above;
      }
      if (j < shares.size()) {
        out.before_start[i - 1] += later[j] * above;
      }
    }
  }
  out.spend.assign(periods, std::nullopt);
  out.allowable_cpl.assign(periods, std::nullopt);
  const bool with_channels = plan.mix && plan.mix->blended_cpl;
  const double blended_cpl = with_channels ? *plan.mix->blended_cpl : 0.0;
  for (std::size_t p = 0; p < periods; ++p) {
    const double leads = out.counts[p * n];
    if (with_channels) {
      out.spend[p] = leads * blended_cpl;
    }
    if (s.budget && leads > 0.0) {
      out.allowable_cpl[p] = *s.budget / leads;
    }
    for (std::size_t i = 0; i < n; ++i) {
      out.total[i] += out.counts[p * n + i];
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (!(out.total[i] + out.before_start[i] <= k_max_count)) {
      return PlanProblem{
          s.timeline->location,
          fmt::format("the timeline needs more than 1e15 at stage `{}`", s.stages[i].name)};
    }
  }
  for (std::size_t p = 0; p < periods; ++p) {
    for (const std::optional<double>& money : {out.spend[p], out.allowable_cpl[p]}) {
      if (money && !(std::isfinite(*money) && (*money == 0.0 || std::isnormal(*money)))) {
        return PlanProblem{s.timeline->location,
                           "the timeline's amounts per period are out of the range leadplan "
                           "computes with",
                           "a period needs almost no leads, or too many: check its wins and rates"};
      }
    }
  }
  return std::nullopt;
}

}  // namespace leadplan
