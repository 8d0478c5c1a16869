// The arithmetic of `leadplan track` (leadplan/engine/actuals.hpp), on a
// small funnel worked by hand: docs/track.md gives the formulas.

#include <catch2/catch.hpp>

#include "leadplan/engine/actuals.hpp"

using namespace leadplan;
using namespace std::chrono;

namespace {

// Day numbers relative to 2027-01-01 (D).
constexpr std::int32_t k_d = 20819;
constexpr std::int32_t k_none = k_no_date;

// Three stages (lead, mql, won), two channels, as-of 2027-01-20 (D+19):
//   paid:    L1 D-60, D-50, D-20   L2 D-40, -, -   L3 D+2, D+5, -
//            L4 D+10, -, D+15 (skips mql)   L5 D+25 (after as-of: reaches nothing)
//   organic: L6 -, D-5, - (reached lead on D-5)   L7 D+19, -, -   L8 no date (skipped)
LeadTable hand_table() {
  LeadTable table(3);
  const auto add = [&](std::uint32_t channel, std::int32_t lead, std::int32_t mql,
                       std::int32_t won) {
    const std::int32_t dates[] = {lead, mql, won};
    return table.add(channel, dates);
  };
  add(0, k_d - 60, k_d - 50, k_d - 20);
  add(0, k_d - 40, k_none, k_none);
  add(0, k_d + 2, k_d + 5, k_none);
  add(0, k_d + 10, k_none, k_d + 15);
  add(0, k_d + 25, k_none, k_none);
  add(1, k_none, k_d - 5, k_none);
  add(1, k_d + 19, k_none, k_none);
  CHECK_FALSE(add(1, k_none, k_none, k_none));
  return table;
}

ActualsConfig hand_config() {
  ActualsConfig config;
  config.as_of = k_d + 19;
  config.min_sample = 1;
  config.channels = 2;
  return config;
}

const ActualsPlan k_plan{{100, 40, 10}, {1.0, 0.5, 0.8}};

// paid: a day in the period, a day after as-of, December, and all of January (10 a day).
const std::vector<SpendEntry> k_spend{
    {0, k_d + 3, k_d + 3, 100.0},
    {0, k_d + 25, k_d + 25, 50.0},
    {0, k_d - 31, k_d - 1, 620.0},
    {0, k_d, k_d + 30, 310.0},
};

ActualFigures compute(LeadTable table, const ActualsConfig& config,
                      const std::optional<std::vector<SpendEntry>>& spend = k_spend) {
  std::optional<ActualFigures> actuals = compute_actuals(std::move(table), config, k_plan, spend);
  REQUIRE(actuals);
  return *actuals;
}

}  // namespace

TEST_CASE("rows, as-of and the period", "[actuals]") {
  const ActualFigures a = compute(hand_table(), hand_config());
  CHECK(a.rows == 8);
  CHECK(a.rows_skipped == 1);
  CHECK(a.as_of == sys_days{2027y / January / 20});
  CHECK(a.period.first == sys_days{2027y / January / 1});
  CHECK(a.period.last == sys_days{2027y / January / 31});
  CHECK(a.elapsed == Approx(20.0 / 31.0));
  // Without --as-of: the latest date in any column (L5's, D+25).
  ActualsConfig latest = hand_config();
  latest.as_of.reset();
  CHECK(compute(hand_table(), latest).as_of == sys_days{2027y / January / 26});
  // Weeks: 2027-01-01 is a Friday of 2026-W53.
  ActualsConfig week = hand_config();
  week.period = PeriodKind::week;
  week.as_of = k_d;
  const ActualFigures w = compute(hand_table(), week);
  CHECK(w.period.first == sys_days{2026y / December / 28});
  CHECK(w.elapsed == Approx(5.0 / 7.0));
}

TEST_CASE("nothing to track without a date or an as-of", "[actuals]") {
  LeadTable empty(3);
  const std::int32_t none[] = {k_none, k_none, k_none};
  CHECK_FALSE(empty.add(0, none));
  ActualsConfig config = hand_config();
  config.as_of.reset();
  CHECK_FALSE(compute_actuals(empty, config, k_plan, std::nullopt));
  config.as_of = k_d;
  const std::optional<ActualFigures> zero = compute_actuals(empty, config, k_plan, std::nullopt);
  REQUIRE(zero);
  CHECK(zero->rows == 1);
  CHECK(zero->stages[1].n == 0u);
  CHECK_FALSE(zero->stages[1].observed_rate);
  CHECK_FALSE(zero->bottleneck);
}

TEST_CASE("pacing counts the stages reached in the period up to as-of", "[actuals]") {
  const ActualFigures a = compute(hand_table(), hand_config());
  // lead: L3, L4, L7 (L6 reached it in December; L5 after as-of); mql: L3, L4 (skipped); won: L4.
  CHECK(a.stages[0].actual == 3);
  CHECK(a.stages[1].actual == 2);
  CHECK(a.stages[2].actual == 1);
  CHECK(a.stages[0].plan_to_date == Approx(100.0 * 20 / 31));
  CHECK(*a.stages[0].pace == Approx(3.0 / (100.0 * 20 / 31)));
  CHECK(a.stages[0].forecast == Approx(3.0 * 31 / 20));
  CHECK(*a.stages[2].pace == Approx(1.0 / (10.0 * 20 / 31)));
  CHECK_FALSE(a.stages[0].observed_rate);
  CHECK_FALSE(a.stages[0].n);
  CHECK_FALSE(a.stages[0].maturity_days);
  ActualsPlan nothing_required = k_plan;
  nothing_required.required[2] = 0;
  const std::optional<ActualFigures> b =
      compute_actuals(hand_table(), hand_config(), nothing_required, std::nullopt);
  CHECK_FALSE(b->stages[2].pace);
}

TEST_CASE("observed rates count mature leads only", "[actuals]") {
  const ActualFigures a = compute(hand_table(), hand_config());
  // Step mql: lags 10, 3, 5, 0 -> p90 (4th of 4) = 10 days. Mature (lead by D+9):
  // L1, L2, L3, L6; of them L1, L3, L6 reached mql.
  CHECK(a.stages[1].maturity_days == 10);
  CHECK(a.stages[1].n == 4u);
  CHECK(*a.stages[1].observed_rate == Approx(0.75));
  // Step won: lags 30, 0 -> p90 (2nd of 2) = 30. Mature (mql by D-11): L1, which won.
  CHECK(a.stages[2].maturity_days == 30);
  CHECK(a.stages[2].n == 1u);
  CHECK(*a.stages[2].observed_rate == 1.0);
  // A configured maturity replaces the percentile: 0 days makes every lead mature.
  ActualsConfig config = hand_config();
  config.maturity_days = {std::nullopt, 0};
  const ActualFigures b = compute(hand_table(), config);
  CHECK(b.stages[1].maturity_days == 0);
  CHECK(b.stages[1].n == 6u);
  CHECK(*b.stages[1].observed_rate == Approx(4.0 / 6.0));
  CHECK(b.stages[2].maturity_days == 30);
  CHECK(b.channels[0].maturity_days[1] == 0);
  CHECK(b.channels[0].n[1] == 4u);
}

TEST_CASE("each channel by the same rules, with its own maturity", "[actuals]") {
  const ActualFigures a = compute(hand_table(), hand_config());
  REQUIRE(a.channels.size() == 2);
  const ChannelActuals& paid = a.channels[0];
  CHECK(paid.actual == std::vector<std::uint64_t>{2, 2, 1});
  CHECK(paid.maturity_days[1] == 10);
  CHECK(paid.n[1] == 3u);
  CHECK(*paid.observed_rate[1] == Approx(2.0 / 3.0));
  CHECK(paid.n[2] == 1u);
  CHECK(*paid.observed_rate[2] == 1.0);
  CHECK(*paid.observed_yield[0] == 1.0);
  CHECK(*paid.observed_yield[2] == Approx(2.0 / 3.0));
  // Lead times from the first stage: mql 10, 3, 5; won 40, 5.
  CHECK(paid.lead_time_median[0] == 0);
  CHECK(paid.lead_time_median[1] == 5);
  CHECK(paid.lead_time_p90[1] == 10);
  CHECK(paid.lead_time_median[2] == 5);
  CHECK(paid.lead_time_p90[2] == 40);

  const ChannelActuals& organic = a.channels[1];
  CHECK(organic.actual == std::vector<std::uint64_t>{1, 0, 0});
  CHECK(organic.maturity_days[1] == 0);  // its only lag, L6's, is 0
  CHECK(organic.n[1] == 2u);
  CHECK(*organic.observed_rate[1] == 0.5);
  CHECK(organic.maturity_days[2] == 0);  // no lag: 0
  CHECK(organic.n[2] == 1u);
  CHECK(*organic.observed_rate[2] == 0.0);
  CHECK(*organic.observed_yield[2] == 0.0);
  CHECK(organic.lead_time_median[1] == 0);
  CHECK_FALSE(organic.lead_time_median[2]);
  CHECK_FALSE(organic.lead_time_p90[2]);
}

TEST_CASE("spend in the period, CPL and cost per stage", "[actuals]") {
  const ActualFigures a = compute(hand_table(), hand_config());
  // 100 on D+3, and 20 of January's 31 days at 10: 300.
  CHECK(*a.channels[0].spend == Approx(300.0));
  CHECK(*a.channels[0].cpl == Approx(150.0));
  CHECK(*a.channels[0].cost_per_stage[0] == Approx(150.0));
  CHECK(*a.channels[0].cost_per_stage[1] == Approx(150.0));
  CHECK(*a.channels[0].cost_per_stage[2] == Approx(300.0));
  // A channel without spend rows spent 0; a stage nobody reached has no cost.
  CHECK(*a.channels[1].spend == 0.0);
  CHECK(*a.channels[1].cpl == 0.0);
  CHECK_FALSE(a.channels[1].cost_per_stage[1]);
  // Without a spend file, no cost figure at all.
  const ActualFigures b = compute(hand_table(), hand_config(), std::nullopt);
  CHECK_FALSE(b.channels[0].spend);
  CHECK_FALSE(b.channels[0].cpl);
  CHECK_FALSE(b.channels[0].cost_per_stage[0]);
}

TEST_CASE("the actual bottleneck needs min_sample mature leads", "[actuals]") {
  // Ratios: mql 0.75 / 0.5 = 1.5 (n 4), won 1.0 / 0.8 = 1.25 (n 1).
  ActualsConfig config = hand_config();
  ActualFigures a = compute(hand_table(), config);
  REQUIRE(a.bottleneck);
  CHECK(a.bottleneck->stage == 2);
  CHECK(a.bottleneck->ratio == Approx(1.25));
  config.min_sample = 2;
  a = compute(hand_table(), config);
  REQUIRE(a.bottleneck);
  CHECK(a.bottleneck->stage == 1);
  CHECK(a.bottleneck->ratio == Approx(1.5));
  config.min_sample = 5;
  CHECK_FALSE(compute(hand_table(), config).bottleneck);
  // The earliest step on a tie.
  config.min_sample = 1;
  const ActualsPlan tied{{100, 40, 10}, {1.0, 0.75, 1.0}};
  const std::optional<ActualFigures> t = compute_actuals(hand_table(), config, tied, std::nullopt);
  CHECK(t->bottleneck->stage == 1);
}

TEST_CASE("planned channels without leads get zeros, channel indices renumber", "[actuals]") {
  ActualsConfig config = hand_config();
  config.channels = 3;
  const ActualFigures a = compute(hand_table(), config);
  REQUIRE(a.channels.size() == 3);
  CHECK(a.channels[2].actual == std::vector<std::uint64_t>{0, 0, 0});
  CHECK_FALSE(a.channels[2].observed_rate[1]);
  CHECK_FALSE(a.channels[2].lead_time_median[0]);
  CHECK_FALSE(a.channels[2].cpl);
  LeadTable swapped = hand_table();
  const std::uint32_t new_index[] = {1, 0};
  swapped.renumber_channels(new_index);
  CHECK(swapped.channel(0) == 1);
  const ActualFigures s = compute(std::move(swapped), hand_config(), std::nullopt);
  CHECK(s.channels[1].actual == std::vector<std::uint64_t>{2, 2, 1});
}

TEST_CASE("a later stage's date fills a skipped stage, the earliest one", "[actuals]") {
  LeadTable table(4);
  // Stage 1 empty; stages 2 and 3 set with 3 before 2 (the CRM's order): reached 1 on D+3.
  const std::int32_t dates[] = {k_d, k_none, k_d + 5, k_d + 3};
  table.add(0, dates);
  ActualsConfig config = hand_config();
  config.channels = 1;
  const ActualsPlan plan{{1, 1, 1, 1}, {1, 1, 1, 1}};
  const std::optional<ActualFigures> a = compute_actuals(table, config, plan, std::nullopt);
  REQUIRE(a);
  // Lead times: stage 1 reached D+3, stage 2 D+5, stage 3 D+3.
  CHECK(a->channels[0].lead_time_median[1] == 3);
  CHECK(a->channels[0].lead_time_median[2] == 5);
  CHECK(a->channels[0].lead_time_median[3] == 3);
  // Step 3's lag is negative (D+5 to D+3): taken as 0.
  CHECK(a->stages[3].maturity_days == 0);
  // With as-of D+4, stage 2's date is after it: stage 2 is reached on stage 3's D+3.
  config.as_of = k_d + 4;
  const std::optional<ActualFigures> b = compute_actuals(table, config, plan, std::nullopt);
  CHECK(b->channels[0].lead_time_median[2] == 3);
  CHECK(b->stages[2].actual == 1);
}

TEST_CASE("nearest rank: the ceil(p n / 100)-th smallest", "[actuals]") {
  std::vector<std::int32_t> values{10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
  CHECK(nearest_rank(values, 90) == 9);
  CHECK(nearest_rank(values, 50) == 5);
  CHECK(nearest_rank(values, 100) == 10);
  CHECK(nearest_rank(values, 0) == 1);
  std::vector<std::int32_t> three{5, 3, 10};
  CHECK(nearest_rank(three, 90) == 10);  // ceil(2.7) = 3rd
  CHECK(nearest_rank(three, 50) == 5);   // ceil(1.5) = 2nd
  std::vector<std::int32_t> twenty(20);
  for (std::size_t i = 0; i < twenty.size(); ++i) {
    twenty[i] = static_cast<std::int32_t>(i + 1);
  }
  CHECK(nearest_rank(twenty, 90) == 18);  // exactly 18, no rounding of 0.9 x 20
  std::vector<std::int32_t> none;
  CHECK_FALSE(nearest_rank(none, 90));
}
