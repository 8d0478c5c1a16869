#pragma once
// The arithmetic of `leadplan track` (CONTRACT section 9, docs/track.md):
// the leads' stage dates and the plan in; pacing, observed rates, lead times,
// costs and the actual bottleneck out. Pure: rows come parsed, never a file.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <vector>

#include "leadplan/util/dates.hpp"

namespace leadplan {

// An empty date cell: the lead did not reach that stage (as far as its row says).
inline constexpr std::int32_t k_no_date = std::numeric_limits<std::int32_t>::min();

// The leads of an export, one row each: its channel (an index, see ChannelMap)
// and per stage the day it reached it (day_number), or k_no_date. About
// 4 bytes a stage and 4 a lead: 28 MB for 1,000,000 leads and 6 stages.
class LeadTable {
 public:
  // A table for leads through `stages` stages.
  explicit LeadTable(std::size_t stages) : m_stages(stages) {}

  // Adds a lead of channel `channel` whose per-stage days are `dates` (one per
  // stage); a row with no date at all is only counted (rows_skipped). Returns whether it was kept.
  bool add(std::uint32_t channel, std::span<const std::int32_t> dates);
  // Makes room for `leads` leads.
  void reserve(std::size_t leads);
  // Gives every lead of channel `c` the channel `new_index[c]` (after ChannelMap::sort).
  void renumber_channels(std::span<const std::uint32_t> new_index);

  [[nodiscard]] std::size_t stages() const { return m_stages; }
  // The leads kept (rows with at least one date).
  [[nodiscard]] std::size_t leads() const { return m_channels.size(); }
  // Every row added, the skipped ones included.
  [[nodiscard]] std::uint64_t rows() const { return m_channels.size() + m_skipped; }
  [[nodiscard]] std::uint64_t rows_skipped() const { return m_skipped; }
  // One more than the highest channel index added (0 when empty).
  [[nodiscard]] std::size_t channel_count() const { return m_channel_count; }
  // The latest date in any stage of any lead, or nullopt when there is none.
  [[nodiscard]] std::optional<std::int32_t> latest() const;
  // The channel of lead `lead`.
  [[nodiscard]] std::uint32_t channel(std::size_t lead) const { return m_channels[lead]; }
  // The per-stage days of lead `lead`.
  [[nodiscard]] std::span<const std::int32_t> dates(std::size_t lead) const {
    return {m_dates.data() + lead * m_stages, m_stages};
  }
  // The same, to be rewritten in place (compute_actuals turns dates into the days stages were
  // reached).
  [[nodiscard]] std::span<std::int32_t> dates(std::size_t lead) {
    return {m_dates.data() + lead * m_stages, m_stages};
  }

 private:
  std::size_t m_stages;
  std::vector<std::uint32_t> m_channels;
  std::vector<std::int32_t> m_dates;  // lead-major: m_dates[lead * m_stages + stage]
  std::uint64_t m_skipped = 0;
  std::int32_t m_latest = k_no_date;
  std::size_t m_channel_count = 0;
};

// One row of a spend file: `amount` spent on channel `channel` over the days
// `first` to `last` (day numbers, both included; equal for a daily row, a
// month's first and last day for a `month` row), spread evenly over them.
struct SpendEntry {
  std::uint32_t channel = 0;
  std::int32_t first = 0;
  std::int32_t last = 0;
  double amount = 0.0;
};

// What `actuals:` and the command line say about the tracking.
struct ActualsConfig {
  PeriodKind period = PeriodKind::month;
  // The day the report is made; nullopt: the latest date in the table.
  std::optional<std::int32_t> as_of;
  // Per stage, the maturity in days of the step into it (index 0 unused);
  // nullopt, or a short or empty vector: the 90th percentile of the step's lags.
  std::vector<std::optional<std::int32_t>> maturity_days;
  // The least n for a step's observed rate to count (the bottleneck, `--format scenario`).
  std::uint64_t min_sample = 30;
  // How many channels to report (at least the leads' LeadTable::channel_count):
  // planned channels without leads get their zeros too.
  std::size_t channels = 0;
};

// The plan the actuals are set against, per stage: `required` (section 3),
// and `rate`, the plan's conversion into the stage (index 0 unused).
struct ActualsPlan {
  std::vector<double> required;
  std::vector<double> rate;
};

// The figures of one funnel stage (for a step figure, the step into it: null
// for the first stage).
struct StageActuals {
  std::uint64_t actual = 0;                   // leads that reached it in [period start, as-of]
  double plan_to_date = 0.0;                  // required x elapsed
  std::optional<double> pace;                 // actual / plan_to_date; null when plan_to_date is 0
  double forecast = 0.0;                      // actual / elapsed
  std::optional<double> observed_rate;        // mature converted / mature; null when n is 0
  std::optional<std::uint64_t> n;             // the mature leads of the step
  std::optional<std::int32_t> maturity_days;  // the maturity the step used
};

// The same rules on one channel's leads; vectors have one entry per stage.
struct ChannelActuals {
  std::vector<std::uint64_t> actual;
  std::vector<std::optional<double>> observed_rate;        // [0] null
  std::vector<std::optional<std::uint64_t>> n;             // [0] null
  std::vector<std::optional<std::int32_t>> maturity_days;  // [0] null; from this channel's lags
  std::vector<std::optional<double>> observed_yield;       // [0] = 1; null after a null rate
  std::vector<std::optional<std::int32_t>>
      lead_time_median;  // days from the first stage; null when no lead reached it
  std::vector<std::optional<std::int32_t>> lead_time_p90;
  std::optional<double> spend;  // in [period start, as-of]; null without a spend file
  std::optional<double> cpl;    // spend / actual[0]; null without spend or leads
  std::vector<std::optional<double>> cost_per_stage;  // spend / actual[i]; [0] = cpl
};

// The step whose observed rate falls furthest below the plan's: `stage` is its destination.
struct ActualBottleneck {
  std::size_t stage = 0;
  double ratio = 0.0;  // observed_rate / rate
};

// Every figure of CONTRACT section 9.
struct ActualFigures {
  std::uint64_t rows = 0;
  std::uint64_t rows_skipped = 0;
  std::chrono::sys_days as_of{};
  CalendarPeriod period;
  double elapsed = 0.0;
  std::vector<StageActuals> stages;
  std::vector<ChannelActuals> channels;  // by channel index
  std::optional<ActualBottleneck> bottleneck;
};

// The actuals of `leads` (taken over: its dates are rewritten in place) against
// `plan`, under `config`, with `spend` when a spend file was given. nullopt
// when there is nothing to track: no as-of given and no date in the table.
[[nodiscard]] std::optional<ActualFigures> compute_actuals(
    LeadTable leads, const ActualsConfig& config, const ActualsPlan& plan,
    const std::optional<std::vector<SpendEntry>>& spend);

// The `rank`-th percentile of `values` by nearest rank (the ceil(rank x n / 100)-th
// smallest), reordering them; nullopt when empty. Linear time (nth_element).
[[nodiscard]] std::optional<std::int32_t> nearest_rank(std::span<std::int32_t> values,
                                                       unsigned rank);

}  // namespace leadplan
