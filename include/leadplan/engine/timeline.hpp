#pragma once
// A plan by period (docs/timeline.md): the inverted funnel, phase-shifted by each
// step's lags. Counts are expected values and never rounded.

#include <cstddef>
#include <optional>
#include <vector>

#include "leadplan/engine/engine.hpp"
#include "leadplan/model/timeline_plan.hpp"

namespace leadplan {

// The average days in one `period`: a week 7, a month 365.25 / 12, a quarter
// 365.25 / 4, a year 365.25.
[[nodiscard]] double days_per_period(Period period);

// One part of a step's conversions: `share` of them happen `periods` periods
// after the entry into the stage above.
struct LagShare {
  std::size_t periods = 0;
  double share = 0.0;
  friend bool operator==(const LagShare&, const LagShare&) = default;
};

// When the conversions of a step with `lag` happen, in periods of `period`: the
// shares above 0, fewest periods first. A lag in days has at most two (however
// long it is), a list one per share above 0; no lag is {0 periods, 1}.
[[nodiscard]] std::vector<LagShare> lag_shares(const Lag& lag, Period period);

// The first day of the period `index` periods after the one starting on `start`.
[[nodiscard]] DayNumber period_after(DayNumber start, Period period, std::size_t index);

// The plan of `scenario`'s timeline into `timeline`, from the single-period
// `plan` (its wins and mix); the problem when a count goes beyond 1e15.
[[nodiscard]] std::optional<PlanProblem> compute_timeline(const Scenario& scenario,
                                                          const Plan& plan, TimelinePlan& timeline);

}  // namespace leadplan
