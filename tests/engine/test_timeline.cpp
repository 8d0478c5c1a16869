// Time-phased plans (leadplan/engine/timeline.hpp), checked forward: the needs of
// each period, sent back down the funnel through the same lags, give the wins.

#include <catch2/catch.hpp>

#include "leadplan/engine/timeline.hpp"
#include "scenario_parts.hpp"

using namespace leadplan;

namespace {

using test::stage;

// The seed's funnel, 5 wins a month, planned over `periods` months from 2027-01-01.
Scenario seed(std::size_t periods) {
  Scenario s;
  s.rounding = Rounding::none;
  s.target.wins = 5;
  s.stages = {stage("lead"), stage("mql", 0.2), stage("sql", 0.4), stage("meeting", 0.8),
              stage("won", 0.25)};
  Timeline t;
  t.start = 20819;  // 2027-01-01
  t.periods = static_cast<double>(periods);
  t.lags.resize(s.stages.size());
  s.timeline = t;
  return s;
}

TimelinePlan plan_of(const Scenario& s, Plan& plan) {
  REQUIRE_FALSE(evaluate(s, plan));
  TimelinePlan timeline;
  REQUIRE_FALSE(compute_timeline(s, plan, timeline));
  return timeline;
}

Lag days(double d) {
  Lag lag;
  lag.days = d;
  return lag;
}

}  // namespace

TEST_CASE("a lag in days is split between the two periods around it", "[engine][timeline]") {
  CHECK(lag_shares(days(0), Period::month) == std::vector<double>{1.0});
  CHECK(lag_shares(days(14), Period::week) == std::vector<double>{0.0, 0.0, 1.0});
  const std::vector<double> ten = lag_shares(days(10), Period::week);
  REQUIRE(ten.size() == 3);
  CHECK(ten[1] == Approx(4.0 / 7));
  CHECK(ten[2] == Approx(3.0 / 7));
  const std::vector<double> sixty = lag_shares(days(60), Period::month);  // 1.97 months
  REQUIRE(sixty.size() == 3);
  CHECK(sixty[1] == Approx(1 - (60 / 30.4375 - 1)));
  CHECK(sixty[2] == Approx(60 / 30.4375 - 1));
  Lag list;
  list.shares = {0.1, 0.3, 0.4, 0.2};
  CHECK(lag_shares(list, Period::quarter) == list.shares);
  CHECK(days_per_period(Period::year) == 365.25);
}

TEST_CASE("periods follow the calendar", "[engine][timeline]") {
  CHECK(period_after(20819, Period::month, 1) == 20819 + 31);
  CHECK(period_after(20819, Period::month, 12) == 20819 + 365);
  CHECK(period_after(20819, Period::quarter, 1) == 20819 + 90);
  CHECK(period_after(20819, Period::year, 2) == 20819 + 365 + 366);  // 2028 is a leap year
  CHECK(period_after(20822, Period::week, 3) == 20822 + 21);
}

TEST_CASE("without lags every period needs the single-period plan's counts", "[engine][timeline]") {
  const Scenario s = seed(12);
  Plan plan;
  const TimelinePlan t = plan_of(s, plan);
  for (std::size_t p = 0; p < 12; ++p) {
    for (std::size_t i = 0; i < 5; ++i) {
      CHECK(t.counts_of(p)[i] == plan.stages[i].required);
    }
  }
  for (std::size_t i = 0; i < 5; ++i) {
    CHECK(t.before_start[i] == 0);
    CHECK(t.total[i] == Approx(12 * plan.stages[i].required));
  }
}

TEST_CASE("single-period shifts send the needs forward to exactly the wins", "[engine][timeline]") {
  Scenario s = seed(8);
  s.period = Period::week;
  s.timeline->start = 20822;  // a Monday
  s.timeline->wins = {4, 4, 5, 5, 6, 6, 7, 8};
  s.timeline->lags[1] = days(7);   // mql one week after the lead
  s.timeline->lags[3] = days(14);  // meetings two weeks after the sql
  s.timeline->lags[4].shares = {0.0, 0.0, 1.0};
  Plan plan;
  const TimelinePlan t = plan_of(s, plan);
  const std::size_t shift[] = {0, 1, 0, 2, 2};
  for (std::size_t i = 1; i < 5; ++i) {
    double pipeline = 0.0;
    for (std::size_t p = 0; p < 8; ++p) {
      if (p >= shift[i]) {
        // Forward: the entries into stage i in period p are the conversions of
        // those into stage i - 1 shift[i] periods before.
        CHECK(t.counts_of(p)[i] == Approx(t.counts_of(p - shift[i])[i - 1] * s.stages[i].rate));
      } else {
        pipeline += t.counts_of(p)[i] / s.stages[i].rate;
      }
    }
    CHECK(t.before_start[i - 1] == Approx(pipeline));
  }
  for (std::size_t p = 0; p < 8; ++p) {
    CHECK(t.counts_of(p)[4] == s.timeline->wins[p]);
  }
}

TEST_CASE("with lags, periods whose conversions fall inside the plan need the steady counts",
          "[engine][timeline]") {
  Scenario s = seed(12);
  s.timeline->lags[2] = days(10);
  s.timeline->lags[4] = days(60);  // the worked example of docs/timeline.md
  Plan plan;
  const TimelinePlan t = plan_of(s, plan);
  // Conversions reach up to 3 periods ahead (60 days: 1 or 2; 10 days: 0 or 1).
  for (std::size_t p = 0; p + 3 < 12; ++p) {
    for (std::size_t i = 0; i < 5; ++i) {
      CHECK(t.counts_of(p)[i] == Approx(plan.stages[i].required));
    }
  }
  // 60 days is 1.97 months: a share 1 - w of a month's 20 meetings wins a month
  // later, w two months later. January's wins need 20 meetings held before the
  // start, February's w x 20 more: the pipeline on day one is 20 x (1 + w).
  const double w = 60 / 30.4375 - 1;
  CHECK(t.before_start[3] == Approx(20 * (1 + w)));
  CHECK(t.counts_of(10)[3] == Approx(20 * (1 - w)));
  CHECK(t.counts_of(11)[3] == 0);
}

TEST_CASE("spend and allowable CPL per period follow the leads", "[engine][timeline]") {
  Scenario s = seed(2);
  s.timeline->wins = {5, 10};
  s.budget = 10000;
  Channel c;
  c.name = "ads";
  c.cpl = 40;
  s.channels = {c};
  Plan plan;
  const TimelinePlan t = plan_of(s, plan);
  CHECK(*t.spend[0] == Approx(312.5 * 40));
  CHECK(*t.spend[1] == Approx(625 * 40));
  CHECK(*t.allowable_cpl[1] == Approx(10000 / 625.0));
}
