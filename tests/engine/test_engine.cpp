// The engine against CONTRACT section 3: the worked example and every formula.

#include <cmath>

#include <catch2/catch.hpp>

#include "leadplan/engine/engine.hpp"

using namespace leadplan;

namespace {

// The worked example of CONTRACT section 3: 5 wins, 25% / 80% / 40% / 20%.
Scenario seed_scenario() {
  Scenario s;
  s.target.wins = 5;
  s.stages = {{"lead", 1.0, {}, {}, {}, {}},
              {"mql", 0.2, {}, {}, {}, {}},
              {"sql", 0.4, {}, {}, {}, {}},
              {"meeting", 0.8, {}, {}, {}, {}},
              {"won", 0.25, {}, {}, {}, {}}};
  s.budget = 10000;
  s.channels = {{"paid_search", 30, 0.1, {}, {}, {}}, {"webinars", 80, 0.4, {}, {}, {}}};
  return s;
}

}  // namespace

TEST_CASE("the worked example gives 20 meetings, 25 SQLs, 63 MQLs, 315 leads", "[engine]") {
  const Plan plan = compute_plan(seed_scenario());
  REQUIRE(plan.stages.size() == 5);
  CHECK(plan.stages[4].required == 5);
  CHECK(plan.stages[3].required == 20);
  CHECK(plan.stages[2].required == 25);
  CHECK(plan.stages[1].required == 63);
  CHECK(plan.stages[0].required == 315);
}

TEST_CASE("a 10,000 budget allows a CPL of 31.75", "[engine]") {
  const Plan plan = compute_plan(seed_scenario());
  REQUIRE(plan.allowable_cpl);
  CHECK(*plan.allowable_cpl == Approx(10000.0 / 315.0));
  CHECK(std::round(*plan.allowable_cpl * 100.0) / 100.0 == 31.75);
}

TEST_CASE("effective CPL is 300 and 200 for the two channels", "[engine]") {
  const Plan plan = compute_plan(seed_scenario());
  CHECK(plan.channels[0].effective_cpl == Approx(300.0));
  CHECK(plan.channels[1].effective_cpl == Approx(200.0));
}

TEST_CASE("rounding none gives 312.5 leads", "[engine]") {
  Scenario s = seed_scenario();
  s.rounding = Rounding::none;
  const Plan plan = compute_plan(s);
  CHECK(plan.stages[1].required == Approx(62.5));
  CHECK(plan.stages[0].required == Approx(312.5));
}

TEST_CASE("R(x) treats values within 1e-9 of a whole number as whole", "[engine]") {
  CHECK(round_count(25.000000000000004, Rounding::ceil) == 25);
  CHECK(round_count(24.999999999999996, Rounding::ceil) == 25);
  CHECK(round_count(62.5, Rounding::ceil) == 63);
  CHECK(round_count(25.0001, Rounding::ceil) == 26);
  CHECK(round_count(62.5, Rounding::none) == 62.5);
}
