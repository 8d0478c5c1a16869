#pragma once
// The scenario a planner writes, as plain values: no YAML, no files. Every key is
// declared once, in the schema table (include/leadplan/load/schema.hpp); these
// structs hold what the loader read for them (docs/scenario.md).

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace leadplan {

// A place in the scenario source, 1-based; `line == 0` means no place in the file.
struct SourceLocation {
  int line = 0;
  int column = 0;
};

enum class Period { week, month, quarter, year };
enum class Rounding { ceil, none };

// A calendar day as a count of days since 1970-01-01 (negative before it).
using DayNumber = std::int32_t;

// The revenue goal: `wins`, or `revenue` with `deal_size`, or `wins` with `deal_size`.
struct Target {
  std::optional<double> wins;
  std::optional<double> revenue;
  std::optional<double> deal_size;
  std::optional<double> confidence;  // the odds the plan must hit `wins` with, in (0, 1)
  SourceLocation location;
  SourceLocation confidence_location;
};

// What a step's rate was measured on: `converted` of `entered` entries.
struct Evidence {
  double entered = 0.0;
  double converted = 0.0;
  SourceLocation location;
};

// One funnel stage; `rate` is the conversion from the stage above (unused for the first).
struct Stage {
  std::string name;
  double rate = 1.0;  // as written, or converted / entered of its `evidence`
  std::optional<double> benchmark;
  std::optional<double> capacity;
  std::optional<Evidence> evidence;
  SourceLocation location;
  SourceLocation rate_location;
};

// One step of a channel's cost per lead: `leads` more leads at `cpl` each (the last
// tier may leave `leads` out: every further lead).
struct Tier {
  std::optional<double> leads;
  double cpl = 0.0;
  SourceLocation location;
};

// One lead source with its cost per lead and optional mix settings.
struct Channel {
  std::string name;
  std::optional<double> cpl;  // as written; absent when `cpl_tiers` is given
  std::vector<Tier> cpl_tiers;
  // This channel's own rate into each stage (index 0 unused), one per stage when
  // any is given (`rates:`, or `mql_rate` for the second stage), else empty.
  std::vector<std::optional<double>> rates;
  bool mql_rate_key = false;  // the second stage's rate was written as `mql_rate`
  std::optional<double> share;
  std::optional<double> max_leads;
  std::optional<double> min_spend;
  std::optional<double> max_spend;
  SourceLocation location;

  // The price of the first lead: `cpl`, or the first tier's.
  [[nodiscard]] double first_cpl() const {
    return cpl ? *cpl : (cpl_tiers.empty() ? 0.0 : cpl_tiers.front().cpl);
  }
  // The channel's own rate into stage `stage`, when it has one.
  [[nodiscard]] std::optional<double> own_rate(std::size_t stage) const {
    return stage < rates.size() ? rates[stage] : std::nullopt;
  }
};

// The limits under `checks:`, in the order of docs/scenario.md ("checks").
enum class LimitKey : std::size_t {
  min_coverage,
  min_allowable_cpl,
  max_required_leads,
  max_budget_needed,
  max_blended_effective_cpl,
  channels_within_allowable,
  min_pace,
  max_cpl_actual,
  min_mix_efficiency,
  min_p_target,
};
inline constexpr std::size_t k_limit_count = 10;

// Optional limits under `checks:`.
struct Limits {
  std::optional<double> min_coverage;
  std::optional<double> min_allowable_cpl;
  std::optional<double> max_required_leads;
  std::optional<double> max_budget_needed;
  std::optional<double> max_blended_effective_cpl;
  std::optional<bool> channels_within_allowable;
  std::optional<double> min_pace;
  std::optional<double> max_cpl_actual;
  std::optional<double> min_mix_efficiency;
  std::optional<double> min_p_target;
  SourceLocation location;                                  // of the `checks:` map
  std::array<SourceLocation, k_limit_count> key_locations;  // of each limit's key, by LimitKey
  // Where limit `key` was written, or the `checks:` map when it was not.
  [[nodiscard]] SourceLocation location_of(LimitKey key) const {
    const SourceLocation at = key_locations[static_cast<std::size_t>(key)];
    return at.line != 0 ? at : location;
  }
};

// When one step's conversions happen: `days` after entering the stage above on
// average, or `shares` converting 0, 1, 2... periods later.
struct Lag {
  std::optional<double> days;
  std::vector<double> shares;
  SourceLocation location;
};

// A plan by period (`timeline:`): `periods` periods of `period` from `start`.
struct Timeline {
  DayNumber start = 0;
  double periods = 0.0;
  std::vector<double> wins;  // per period; empty: the target's wins every period
  std::vector<Lag> lags;  // one per stage (index 0 unused); a step without a lag converts at once
  SourceLocation location;
  SourceLocation start_location;
  SourceLocation wins_location;
};

// Where a CRM export holds what `leadplan track` reads (`actuals:`).
struct Actuals {
  std::string channel_column;
  std::vector<std::string> stage_columns;                          // one per stage
  std::vector<std::pair<std::string, std::string>> channel_names;  // export value -> channel
  std::optional<double> maturity_days;                             // the same for every step
  std::vector<std::optional<double>> maturity_by_step;  // per stage (index 0 unused), or empty
  double min_sample = 30.0;
  SourceLocation location;
  std::vector<SourceLocation> stage_column_locations;  // one per stage
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
  std::optional<Timeline> timeline;
  std::optional<Actuals> actuals;
};

// The name of `period` as written in a scenario ("month").
[[nodiscard]] const char* period_name(Period period);

// The name of `rounding` as written in a scenario ("ceil").
[[nodiscard]] const char* rounding_name(Rounding rounding);

}  // namespace leadplan
