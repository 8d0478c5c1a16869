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
  CHECK(lag_shares(Lag{}, Period::month) == std::vector<LagShare>{{0, 1.0}});
  CHECK(lag_shares(days(0), Period::month) == std::vector<LagShare>{{0, 1.0}});
  CHECK(lag_shares(days(14), Period::week) == std::vector<LagShare>{{2, 1.0}});
  const std::vector<LagShare> ten = lag_shares(days(10), Period::week);
  REQUIRE(ten.size() == 2);
  CHECK(ten[0].periods == 1);
  CHECK(ten[0].share == Approx(4.0 / 7));
  CHECK(ten[1].periods == 2);
  CHECK(ten[1].share == Approx(3.0 / 7));
  const std::vector<LagShare> sixty = lag_shares(days(60), Period::month);  // 1.97 months
  REQUIRE(sixty.size() == 2);
  CHECK(sixty[0].periods == 1);
  CHECK(sixty[0].share == Approx(1 - (60 / 30.4375 - 1)));
  CHECK(sixty[1].share == Approx(60 / 30.4375 - 1));
  Lag list;
  list.shares = {0.1, 0.0, 0.7, 0.2};
  CHECK(lag_shares(list, Period::quarter) == std::vector<LagShare>{{0, 0.1}, {2, 0.7}, {3, 0.2}});
  CHECK(days_per_period(Period::year) == 365.25);
  // However long, a lag in days is two shares, not one entry per period.
  const std::vector<LagShare> long_lag = lag_shares(days(1e15), Period::week);
  REQUIRE(long_lag.size() <= 2);
  CHECK(long_lag[0].periods == static_cast<std::size_t>(1e15 / 7));
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

namespace {

// The latest period, after its entry, in which a step with `lag` converts.
std::size_t longest(const Lag& lag, Period period) {
  return lag_shares(lag, period).back().periods;
}

// Forward: the entries into stage `i` each period that the plan's entries into
// stage i - 1 bring, through the step's rate and lag (the pipeline held before
// the start aside).
std::vector<double> forward(const Scenario& s, const TimelinePlan& t, std::size_t i) {
  const std::size_t periods = t.starts.size();
  std::vector<double> into(periods, 0.0);
  for (const LagShare& share : lag_shares(s.timeline->lags[i], s.period)) {
    for (std::size_t p = 0; p + share.periods < periods; ++p) {
      into[p + share.periods] += share.share * s.stages[i].rate * t.counts_of(p)[i - 1];
    }
  }
  return into;
}

Lag shift(std::size_t periods) {
  Lag lag;
  lag.shares.assign(periods + 1, 0.0);
  lag.shares.back() = 1.0;
  return lag;
}

}  // namespace

TEST_CASE("forward through single-period shifts, the leads give the wins of every period",
          "[engine][timeline]") {
  // Shifts of 0 to 3 periods per step, as share lists and as whole weeks in days.
  const std::vector<std::vector<std::size_t>> shifts = {
      {0, 1, 0, 2, 2}, {0, 0, 0, 0, 3}, {0, 3, 3, 3, 3}, {0, 1, 1, 1, 1}};
  for (const std::vector<std::size_t>& k : shifts) {
    for (const bool in_days : {false, true}) {
      Scenario s = seed(20);
      s.period = Period::week;
      s.timeline->start = 20822;  // Monday 2027-01-04
      s.timeline->wins.clear();
      for (std::size_t p = 0; p < 20; ++p) {
        s.timeline->wins.push_back(static_cast<double>((p * 7) % 11));  // 0 to 10, uneven
      }
      std::size_t total_shift = 0;
      for (std::size_t i = 1; i < 5; ++i) {
        s.timeline->lags[i] = in_days ? days(7.0 * static_cast<double>(k[i])) : shift(k[i]);
        total_shift += k[i];
      }
      INFO("shifts " << k[1] << k[2] << k[3] << k[4] << (in_days ? " in days" : " as shares"));
      Plan plan;
      const TimelinePlan t = plan_of(s, plan);
      for (std::size_t i = 1; i < 5; ++i) {
        const std::vector<double> into = forward(s, t, i);
        double early = 0.0;  // the entries into stage i the pipeline must bring
        for (std::size_t p = 0; p < 20; ++p) {
          if (p >= k[i]) {
            CHECK(into[p] == Approx(t.counts_of(p)[i]).epsilon(1e-12));
          } else {
            CHECK(into[p] == 0.0);
            early += t.counts_of(p)[i];
          }
        }
        CHECK(t.before_start[i - 1] * s.stages[i].rate == Approx(early).epsilon(1e-12));
      }
      // The leads alone, sent down every step, give the wins of each period they reach.
      std::vector<double> flow(t.starts.size());
      for (std::size_t p = 0; p < flow.size(); ++p) {
        flow[p] = t.counts_of(p)[0];
      }
      for (std::size_t i = 1; i < 5; ++i) {
        std::vector<double> next(flow.size(), 0.0);
        for (std::size_t p = 0; p + k[i] < flow.size(); ++p) {
          next[p + k[i]] = flow[p] * s.stages[i].rate;
        }
        flow = next;
      }
      for (std::size_t p = total_shift; p < 20; ++p) {
        CHECK(flow[p] == Approx(s.timeline->wins[p]).margin(1e-12));
      }
    }
  }
}

TEST_CASE("with the same wins each period, every complete period needs the single-period plan",
          "[engine][timeline]") {
  struct Case {
    const char* what;
    Period period;
    std::vector<Lag> lags;  // per stage, index 0 unused
  };
  Lag spread;
  spread.shares = {0.1, 0.3, 0.4, 0.2};
  Lag late;
  late.shares = {0.0, 0.25, 0.0, 0.75};
  const std::vector<Case> cases = {
      {"no lags", Period::month, {Lag{}, Lag{}, Lag{}, Lag{}, Lag{}}},
      {"days", Period::month, {Lag{}, days(3), days(10), days(14), days(60)}},
      {"shares", Period::quarter, {Lag{}, spread, Lag{}, late, spread}},
      {"weeks", Period::week, {Lag{}, days(3.5), days(0), days(30), days(45)}},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    Scenario s = seed(24);
    s.period = c.period;
    s.timeline->start = c.period == Period::week ? 20822 : 20819;
    s.timeline->lags = c.lags;
    Plan plan;
    const TimelinePlan t = plan_of(s, plan);
    // An entry into stage i in period p has all its conversions, down to the
    // last stage, inside the plan when p + the longest lags below it < 24.
    std::vector<std::size_t> reach(5, 0);
    for (std::size_t i = 4; i > 0; --i) {
      reach[i - 1] = reach[i] + longest(s.timeline->lags[i], s.period);
    }
    std::size_t complete = 0;
    for (std::size_t p = 0; p < 24; ++p) {
      for (std::size_t i = 0; i < 5; ++i) {
        if (p + reach[i] >= 24) {
          continue;
        }
        ++complete;
        if (c.what == std::string("no lags")) {
          CHECK(t.counts_of(p)[i] == plan.stages[i].required);  // exactly
        } else {
          CHECK(t.counts_of(p)[i] == Approx(plan.stages[i].required).epsilon(1e-12));
        }
      }
    }
    CHECK(complete > 24);  // the check covered most periods of every stage
  }
}

TEST_CASE("a lag longer than the plan puts every entry before the start, in linear time",
          "[engine][timeline]") {
  Scenario s = seed(10000);
  s.period = Period::week;
  s.timeline->start = 20822;
  s.timeline->lags[4] = days(1e15);  // 1.4e14 weeks: two shares, never a vector that long
  Plan plan;
  const TimelinePlan t = plan_of(s, plan);
  CHECK(t.counts_of(0)[3] == 0.0);
  CHECK(t.counts_of(9999)[3] == 0.0);
  CHECK(t.before_start[3] == Approx(10000 * 20.0));
  CHECK(t.total[4] == Approx(10000 * 5.0));
}
