#include "leadplan/engine/actuals.hpp"

#include <algorithm>
#include <cassert>
#include <utility>

namespace leadplan {

namespace {

// The counters of one channel (or of the whole file), per stage.
struct Tally {
  std::vector<std::uint64_t> in_period;  // reached in [period start, as-of]
  std::vector<std::uint64_t> reached;    // reached at all, up to as-of
  std::vector<std::uint64_t> mature;     // of step i: mature leads
  std::vector<std::uint64_t> converted;  // of step i: mature leads that reached stage i
  std::vector<std::int32_t> maturity;    // of step i
  explicit Tally(std::size_t stages)
      : in_period(stages), reached(stages), mature(stages), converted(stages), maturity(stages) {}
};

std::optional<double> ratio(double numerator, double denominator) {
  if (denominator == 0.0) {
    return std::nullopt;
  }
  return numerator / denominator;
}

// Days from `from` to `to`, negative taken as 0 (a CRM that logged a later stage first).
std::int32_t days_between(std::int32_t from, std::int32_t to) {
  return to > from ? to - from : 0;
}

// Rewrites every lead's dates into the days it reached each stage, as of
// `as_of`: dates after it are not reached; a stage without a date was reached
// on the earliest later date (CRMs skip stages). Counts what every tally needs.
void to_reached_days(LeadTable& leads, std::int32_t period_first, std::int32_t as_of,
                     std::vector<Tally>& channels) {
  const std::size_t stages = leads.stages();
  for (std::size_t lead = 0; lead < leads.leads(); ++lead) {
    const std::span<std::int32_t> days = leads.dates(lead);
    Tally& tally = channels[leads.channel(lead)];
    std::int32_t earliest_later = k_no_date;
    for (std::size_t i = stages; i-- > 0;) {
      std::int32_t day = days[i];
      if (day > as_of) {
        day = k_no_date;
      }
      const std::int32_t reached = day != k_no_date ? day : earliest_later;
      if (day != k_no_date && (earliest_later == k_no_date || day < earliest_later)) {
        earliest_later = day;
      }
      days[i] = reached;
      if (reached != k_no_date) {
        ++tally.reached[i];
        if (reached >= period_first) {
          ++tally.in_period[i];
        }
      }
    }
  }
}

// Offsets of each channel's values in a buffer grouped by channel, from the
// counts `count_of(c)`; the last entry is the total.
template <typename CountOf>
std::vector<std::size_t> channel_offsets(std::size_t channels, CountOf count_of) {
  std::vector<std::size_t> offsets(channels + 1, 0);
  for (std::size_t c = 0; c < channels; ++c) {
    offsets[c + 1] = offsets[c] + count_of(c);
  }
  return offsets;
}

// The step's maturity: as configured (`configured` >= 0), else the 90th
// percentile of `lags`, else 0.
std::int32_t maturity_of(std::int32_t configured, std::span<std::int32_t> lags) {
  if (configured >= 0) {
    return configured;
  }
  return nearest_rank(lags, 90).value_or(0);
}

}  // namespace

bool LeadTable::add(std::uint32_t channel, std::span<const std::int32_t> dates) {
  assert(dates.size() == m_stages);
  bool any = false;
  for (const std::int32_t day : dates) {
    if (day != k_no_date) {
      any = true;
      m_latest = std::max(m_latest, day);
    }
  }
  if (!any) {
    ++m_skipped;
    return false;
  }
  m_channels.push_back(channel);
  m_channel_count = std::max<std::size_t>(m_channel_count, std::size_t{channel} + 1);
  m_dates.insert(m_dates.end(), dates.begin(), dates.end());
  return true;
}

void LeadTable::reserve(std::size_t leads) {
  m_channels.reserve(leads);
  m_dates.reserve(leads * m_stages);
}

void LeadTable::renumber_channels(std::span<const std::uint32_t> new_index) {
  m_channel_count = 0;
  for (std::uint32_t& channel : m_channels) {
    channel = new_index[channel];
    m_channel_count = std::max<std::size_t>(m_channel_count, std::size_t{channel} + 1);
  }
}

std::optional<std::int32_t> LeadTable::latest() const {
  if (m_latest == k_no_date) {
    return std::nullopt;
  }
  return m_latest;
}

std::optional<std::int32_t> nearest_rank(std::span<std::int32_t> values, unsigned rank) {
  if (values.empty()) {
    return std::nullopt;
  }
  // ceil(rank x n / 100) in integers: no rounding of 0.9 x n.
  const std::size_t n = values.size();
  const std::size_t position = std::max<std::size_t>((rank * n + 99) / 100, 1) - 1;
  const auto nth = values.begin() + static_cast<std::ptrdiff_t>(position);
  std::nth_element(values.begin(), nth, values.end());
  return *nth;
}

std::optional<ActualFigures> compute_actuals(LeadTable leads, const ActualsConfig& config,
                                             const ActualsPlan& plan,
                                             const std::optional<std::vector<SpendEntry>>& spend) {
  const std::optional<std::int32_t> as_of_day = config.as_of ? config.as_of : leads.latest();
  if (!as_of_day) {
    return std::nullopt;
  }
  const std::size_t stages = leads.stages();
  const std::size_t channel_count = std::max(config.channels, leads.channel_count());
  const std::int32_t as_of = *as_of_day;

  ActualFigures out;
  out.rows = leads.rows();
  out.rows_skipped = leads.rows_skipped();
  out.as_of = from_day_number(as_of);
  out.period = period_containing(config.period, out.as_of);
  out.elapsed = elapsed_share(out.period, out.as_of);
  const std::int32_t period_first = day_number(out.period.first);

  std::vector<Tally> tallies(channel_count, Tally(stages));
  to_reached_days(leads, period_first, as_of, tallies);
  Tally total(stages);
  for (const Tally& tally : tallies) {
    for (std::size_t i = 0; i < stages; ++i) {
      total.in_period[i] += tally.in_period[i];
      total.reached[i] += tally.reached[i];
    }
  }

  // Per step, the lags (for the maturity) and per stage the lead times, each
  // grouped by channel in one buffer: a channel's percentile is nth_element
  // over its slice, the whole file's over the whole buffer. Linear in leads.
  std::vector<std::int32_t> lags;
  std::vector<std::int32_t> lead_times;
  std::vector<std::size_t> cursor(channel_count);
  out.channels.resize(channel_count);
  for (ChannelActuals& channel : out.channels) {
    channel.maturity_days.assign(stages, std::nullopt);
    channel.lead_time_median.assign(stages, std::nullopt);
    channel.lead_time_p90.assign(stages, std::nullopt);
  }
  for (std::size_t c = 0; c < channel_count; ++c) {
    if (stages > 0 && tallies[c].reached[0] > 0) {
      out.channels[c].lead_time_median[0] = 0;
      out.channels[c].lead_time_p90[0] = 0;
    }
  }
  for (std::size_t i = 1; i < stages; ++i) {
    const std::int32_t configured = i < config.maturity_days.size() && config.maturity_days[i]
                                        ? std::max(*config.maturity_days[i], 0)
                                        : -1;
    const std::vector<std::size_t> offsets =
        channel_offsets(channel_count, [&](std::size_t c) { return tallies[c].reached[i]; });
    lags.resize(offsets.back());
    lead_times.resize(offsets.back());
    std::copy(offsets.begin(), offsets.end() - 1, cursor.begin());
    for (std::size_t lead = 0; lead < leads.leads(); ++lead) {
      const std::span<const std::int32_t> days = std::as_const(leads).dates(lead);
      if (days[i] == k_no_date) {
        continue;
      }
      const std::size_t at = cursor[leads.channel(lead)]++;
      lags[at] = days_between(days[i - 1], days[i]);
      lead_times[at] = days_between(days[0], days[i]);
    }
    for (std::size_t c = 0; c < channel_count; ++c) {
      const auto slice = [&](std::vector<std::int32_t>& values) {
        return std::span<std::int32_t>(values).subspan(offsets[c], offsets[c + 1] - offsets[c]);
      };
      tallies[c].maturity[i] = maturity_of(configured, slice(lags));
      out.channels[c].lead_time_median[i] = nearest_rank(slice(lead_times), 50);
      out.channels[c].lead_time_p90[i] = nearest_rank(slice(lead_times), 90);
    }
    total.maturity[i] = maturity_of(configured, lags);
  }

  // The mature leads of each step: reached stage i-1 at least maturity_i days before as-of.
  for (std::size_t lead = 0; lead < leads.leads(); ++lead) {
    const std::span<const std::int32_t> days = std::as_const(leads).dates(lead);
    Tally& tally = tallies[leads.channel(lead)];
    for (std::size_t i = 1; i < stages && days[i - 1] != k_no_date; ++i) {
      const std::int32_t age = as_of - days[i - 1];
      const bool converted = days[i] != k_no_date;
      if (age >= total.maturity[i]) {
        ++total.mature[i];
        total.converted[i] += converted ? 1 : 0;
      }
      if (age >= tally.maturity[i]) {
        ++tally.mature[i];
        tally.converted[i] += converted ? 1 : 0;
      }
    }
  }

  out.stages.resize(stages);
  for (std::size_t i = 0; i < stages; ++i) {
    StageActuals& stage = out.stages[i];
    stage.actual = total.in_period[i];
    stage.plan_to_date = plan.required[i] * out.elapsed;
    stage.pace = ratio(static_cast<double>(stage.actual), stage.plan_to_date);
    stage.forecast = static_cast<double>(stage.actual) / out.elapsed;
    if (i > 0) {
      stage.n = total.mature[i];
      stage.maturity_days = total.maturity[i];
      stage.observed_rate =
          ratio(static_cast<double>(total.converted[i]), static_cast<double>(total.mature[i]));
    }
  }

  std::vector<double> spent(channel_count, 0.0);
  if (spend) {
    for (const SpendEntry& entry : *spend) {
      const std::int32_t first = std::max(entry.first, period_first);
      const std::int32_t last = std::min(entry.last, as_of);
      if (last >= first && entry.last >= entry.first && entry.channel < channel_count) {
        spent[entry.channel] += entry.amount * static_cast<double>(last - first + 1) /
                                static_cast<double>(entry.last - entry.first + 1);
      }
    }
  }

  for (std::size_t c = 0; c < channel_count; ++c) {
    const Tally& tally = tallies[c];
    ChannelActuals& channel = out.channels[c];
    channel.actual = tally.in_period;
    channel.observed_rate.assign(stages, std::nullopt);
    channel.n.assign(stages, std::nullopt);
    channel.observed_yield.assign(stages, std::nullopt);
    channel.cost_per_stage.assign(stages, std::nullopt);
    if (stages > 0) {
      channel.observed_yield[0] = 1.0;
    }
    for (std::size_t i = 1; i < stages; ++i) {
      channel.n[i] = tally.mature[i];
      channel.maturity_days[i] = tally.maturity[i];
      channel.observed_rate[i] =
          ratio(static_cast<double>(tally.converted[i]), static_cast<double>(tally.mature[i]));
      if (channel.observed_yield[i - 1] && channel.observed_rate[i]) {
        channel.observed_yield[i] = *channel.observed_yield[i - 1] * *channel.observed_rate[i];
      }
    }
    if (spend) {
      channel.spend = spent[c];
      for (std::size_t i = 0; i < stages; ++i) {
        channel.cost_per_stage[i] = ratio(spent[c], static_cast<double>(tally.in_period[i]));
      }
      channel.cpl = stages > 0 ? channel.cost_per_stage[0] : std::nullopt;
    }
  }

  // The step furthest below the plan, among those with enough mature leads.
  for (std::size_t i = 1; i < stages; ++i) {
    const StageActuals& stage = out.stages[i];
    if (*stage.n < config.min_sample || !stage.observed_rate || !(plan.rate[i] > 0.0)) {
      continue;
    }
    const double step_ratio = *stage.observed_rate / plan.rate[i];
    if (!out.bottleneck || step_ratio < out.bottleneck->ratio) {
      out.bottleneck = ActualBottleneck{i, step_ratio};
    }
  }
  return out;
}

}  // namespace leadplan
