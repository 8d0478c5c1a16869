#pragma once
// The scenario a planner writes, as plain values: no YAML, no files.

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace leadplan {

// A place in the scenario source, 1-based; `line == 0` means no place in the file.
struct SourceLocation {
  int line = 0;
  int column = 0;
};

enum class Period { week, month, quarter, year };
enum class Rounding { ceil, none };

// The revenue goal: `wins`, or `revenue` with `deal_size`, or `wins` with `deal_size`.
struct Target {
  std::optional<double> wins;
  std::optional<double> revenue;
  std::optional<double> deal_size;
  SourceLocation location;
};

// One funnel stage; `rate` is the conversion from the stage above (unused for the first).
struct Stage {
  std::string name;
  double rate = 1.0;
  std::optional<double> benchmark;
  std::optional<double> capacity;
  SourceLocation location;
  SourceLocation rate_location;
};

// One lead source with its cost per lead and optional mix settings.
struct Channel {
  std::string name;
  double cpl = 0.0;
  std::optional<double> mql_rate;
  std::optional<double> share;
  std::optional<double> max_leads;
  SourceLocation location;
};

// The limits under `checks:`, in the order of CONTRACT section 6.
enum class LimitKey : std::size_t {
  min_coverage,
  min_allowable_cpl,
  max_required_leads,
  max_budget_needed,
  max_blended_effective_cpl,
  channels_within_allowable,
};
inline constexpr std::size_t k_limit_count = 6;

// Optional limits under `checks:` (CONTRACT section 6).
struct Limits {
  std::optional<double> min_coverage;
  std::optional<double> min_allowable_cpl;
  std::optional<double> max_required_leads;
  std::optional<double> max_budget_needed;
  std::optional<double> max_blended_effective_cpl;
  std::optional<bool> channels_within_allowable;
  SourceLocation location;                                  // of the `checks:` map
  std::array<SourceLocation, k_limit_count> key_locations;  // of each limit's key, by LimitKey
  // Where limit `key` was written, or the `checks:` map when it was not.
  [[nodiscard]] SourceLocation location_of(LimitKey key) const {
    const SourceLocation at = key_locations[static_cast<std::size_t>(key)];
    return at.line != 0 ? at : location;
  }
};

// A whole scenario file after validation.
struct Scenario {
  std::optional<std::string> name;
  Period period = Period::month;
  std::string currency = "USD";
  Rounding rounding = Rounding::ceil;
  Target target;
  std::vector<Stage> stages;
  SourceLocation funnel_location;
  std::optional<double> budget;
  SourceLocation budget_location;
  std::vector<Channel> channels;
  SourceLocation channels_location;
  Limits checks;
};

// The name of `period` as written in a scenario ("month").
[[nodiscard]] const char* period_name(Period period);

// The name of `rounding` as written in a scenario ("ceil").
[[nodiscard]] const char* rounding_name(Rounding rounding);

}  // namespace leadplan
