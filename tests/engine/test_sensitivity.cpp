// Sensitivity (leadplan/engine/sensitivity.hpp): each driver 10% better in turn,
// ranked by the lift in projected wins, on the seed worked by hand.

#include <catch2/catch.hpp>

#include "leadplan/engine/sensitivity.hpp"
#include "scenario_parts.hpp"

using namespace leadplan;

namespace {

using test::channel;
using test::stage;

Scenario seed() {
  Scenario s;
  s.target.wins = 5;
  s.stages = {stage("lead"), stage("mql", 0.2), stage("sql", 0.4), stage("meeting", 0.8),
              stage("won", 0.25)};
  s.budget = 10000;
  s.channels = {channel("paid_search", 30, 0.1), channel("webinars", 80, 0.4)};
  return s;
}

}  // namespace

TEST_CASE("the seed's drivers rank by the wins a 10% better value adds", "[engine][sensitivity]") {
  const Scenario s = seed();
  Plan plan;
  REQUIRE_FALSE(evaluate(s, plan));
  const std::vector<SensitivityRow> rows = sensitivity(s, plan);
  std::vector<std::string> order;
  for (const SensitivityRow& row : rows) {
    order.push_back(row.driver);
  }
  // 3.33 wins today. A later step's rate, or the budget, x 1.1: 3.67 wins; the
  // steps then need 15,000 / 1.1 of budget, the budget itself still 15,000.
  // Webinars' CPL or MQL rate: +0.2 wins; paid search's: +0.13; the funnel's
  // MQL rate moves no channel (both have their own) and comes last.
  CHECK(order == std::vector<std::string>{"funnel.sql.rate", "funnel.meeting.rate",
                                          "funnel.won.rate", "budget", "channels.webinars.cpl",
                                          "channels.webinars.mql_rate", "channels.paid_search.cpl",
                                          "channels.paid_search.mql_rate", "funnel.mql.rate"});
  const SensitivityRow& sql = rows[0];
  CHECK(sql.value == 0.4);
  CHECK(sql.improved == Approx(0.44));
  CHECK(*sql.projected_wins == Approx(3.6666666667));
  CHECK(*sql.budget_needed == Approx(15000 / 1.1));
  CHECK(*sql.required_leads == 285);  // 25 SQLs / .44 = 56.8 -> 57 MQLs / .2 = 285 leads
  const SensitivityRow& budget = rows[3];
  CHECK(budget.improved == Approx(11000));
  CHECK(*budget.budget_needed == 15000);
  const SensitivityRow& webinars = rows[4];
  CHECK(webinars.improved == Approx(80 / 1.1));
  CHECK(*webinars.projected_wins == Approx(3.5333333333));
  const SensitivityRow& mql = rows.back();
  CHECK(*mql.projected_wins == Approx(*plan.mix->projected_wins));
  CHECK(*mql.required_leads == 287);  // 63 / .22 = 286.4
}

TEST_CASE("a rate at 100% stays there, and a tiered channel's first CPL is its driver",
          "[engine][sensitivity]") {
  Scenario s = seed();
  s.stages[3].rate = 1.0;
  s.channels[1].cpl.reset();
  s.channels[1].cpl_tiers = {Tier{100.0, 80.0, {}}, Tier{std::nullopt, 120.0, {}}};
  Plan plan;
  REQUIRE_FALSE(evaluate(s, plan));
  const std::vector<SensitivityRow> rows = sensitivity(s, plan);
  bool meeting = false;
  bool tier = false;
  for (const SensitivityRow& row : rows) {
    if (row.driver == "funnel.meeting.rate") {
      meeting = true;
      CHECK(row.improved == 1.0);
    }
    if (row.driver == "channels.webinars.cpl_tiers.0.cpl") {
      tier = true;
      CHECK(row.improved == Approx(80 / 1.1));
    }
  }
  CHECK(meeting);
  CHECK(tier);
}

TEST_CASE("without a budget the drivers rank by the budget they need", "[engine][sensitivity]") {
  Scenario s = seed();
  s.budget.reset();
  Plan plan;
  REQUIRE_FALSE(evaluate(s, plan));
  const std::vector<SensitivityRow> rows = sensitivity(s, plan);
  CHECK(rows.size() == 8);  // no budget driver
  CHECK_FALSE(rows.front().projected_wins);
  for (std::size_t i = 1; i < rows.size(); ++i) {
    CHECK(*rows[i - 1].budget_needed <= *rows[i].budget_needed * (1 + 1e-9));
  }
}
