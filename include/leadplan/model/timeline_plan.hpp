#pragma once
// The plan of a scenario's `timeline:` (CONTRACT section 10, docs/timeline.md),
// as plain values: what each period needs at each stage. Counts are expected
// values and never rounded.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace leadplan {

// The plan of a scenario's `timeline:`, period by period.
struct TimelinePlan {
  std::size_t stages = 0;
  std::vector<std::int32_t> starts;          // each period's first day (days since 1970-01-01)
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

}  // namespace leadplan
