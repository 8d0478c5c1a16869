#pragma once
// A plan by period (docs/timeline.md): the inverted funnel, phase-shifted by each
// step's lags. Counts are expected values and never rounded.

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "leadplan/engine/engine.hpp"

namespace leadplan {

// The plan of a scenario's `timeline:`, period by period.
struct TimelinePlan {
  std::size_t stages = 0;
  std::vector<DayNumber> starts;             // each period's first day
  std::vector<double> counts;                // period-major: entries into each stage in each period
  std::vector<double> before_start;          // per stage: the pipeline it must hold on day one
  std::vector<double> total;                 // per stage: the entries over every period
  std::vector<std::optional<double>> spend;  // per period, with channels
  std::vector<std::optional<double>> allowable_cpl;  // per period, with a budget

  // The entries into every stage in period `period`.
  [[nodiscard]] std::span<const double> counts_of(std::size_t period) const {
    return std::span<const double>(counts).subspan(period * stages, stages);
  }
};

// The average days in one `period`: a week 7, a month 365.25 / 12, a quarter
// 365.25 / 4, a year 365.25.
[[nodiscard]] double days_per_period(Period period);

// When the conversions of a step with `lag` happen, as the share converting 0,
// 1, 2... periods of `period` after the entry into the stage above.
[[nodiscard]] std::vector<double> lag_shares(const Lag& lag, Period period);

// The first day of the period `index` periods after the one starting on `start`.
[[nodiscard]] DayNumber period_after(DayNumber start, Period period, std::size_t index);

// The plan of `scenario`'s timeline into `timeline`, from the single-period
// `plan` (its wins and mix); the problem when a count goes beyond 1e15.
[[nodiscard]] std::optional<PlanProblem> compute_timeline(const Scenario& scenario,
                                                          const Plan& plan, TimelinePlan& timeline);

}  // namespace leadplan
