// The engine against CONTRACT section 3: the worked example and every formula,
// each with its edge cases. Expected values are worked out by hand in comments.

#include <cmath>
#include <limits>
#include <string>

#include <catch2/catch.hpp>

#include "leadplan/engine/engine.hpp"
#include "leadplan/model/diagnostic.hpp"
#include "scenario_parts.hpp"

using namespace leadplan;

namespace {

using test::channel;
using test::stage;

// The worked example of CONTRACT section 3: 5 wins, 25% / 80% / 40% / 20%.
Scenario seed_scenario() {
  Scenario s;
  s.target.wins = 5;
  s.stages = {stage("lead"), stage("mql", 0.2), stage("sql", 0.4), stage("meeting", 0.8),
              stage("won", 0.25)};
  s.budget = 10000;
  s.channels = {channel("paid_search", 30, 0.1), channel("webinars", 80, 0.4)};
  return s;
}

// lead -50%-> mql -50%-> won, 5 wins: 10 MQLs, 20 leads. Round numbers
// throughout, so that "exactly" below means exactly.
Scenario halves_scenario() {
  Scenario s;
  s.target.wins = 5;
  s.stages = {stage("lead"), stage("mql", 0.5), stage("won", 0.5)};
  return s;
}

}  // namespace

// The seed scenario, ready to change before computing.
class SeedFixture {
 protected:
  Scenario scenario = seed_scenario();
};

// The halves scenario, ready to change before computing.
class HalvesFixture {
 protected:
  Scenario scenario = halves_scenario();
};

// --- 1. target wins ----------------------------------------------------------

TEST_CASE_METHOD(SeedFixture, "wins given directly are the target, with no revenue", "[engine]") {
  const Plan plan = compute_plan(scenario);
  CHECK(plan.wins == 5);
  CHECK_FALSE(plan.revenue);
  CHECK_FALSE(plan.deal_size);
}

TEST_CASE_METHOD(SeedFixture, "revenue / deal_size gives the wins", "[engine]") {
  scenario.target = Target{};
  scenario.target.revenue = 250000;
  scenario.target.deal_size = 50000;
  const Plan plan = compute_plan(scenario);
  CHECK(plan.wins == 5);  // 250,000 / 50,000
  REQUIRE(plan.revenue);
  CHECK(*plan.revenue == 250000);
  REQUIRE(plan.deal_size);
  CHECK(*plan.deal_size == 50000);
  CHECK(plan.stages[0].required == 315);  // the worked example again
}

TEST_CASE_METHOD(SeedFixture, "revenue / deal_size is rounded up by R under ceil", "[engine]") {
  scenario.target = Target{};
  scenario.target.revenue = 260000;
  scenario.target.deal_size = 50000;
  // 260,000 / 50,000 = 5.2 wins -> 6; the revenue stays as written.
  const Plan plan = compute_plan(scenario);
  CHECK(plan.wins == 6);
  CHECK(*plan.revenue == 260000);
}

TEST_CASE_METHOD(SeedFixture, "revenue / deal_size stays fractional under rounding none",
                 "[engine]") {
  scenario.rounding = Rounding::none;
  scenario.target = Target{};
  scenario.target.revenue = 260000;
  scenario.target.deal_size = 50000;
  const Plan plan = compute_plan(scenario);
  CHECK(plan.wins == Approx(5.2));
  CHECK(plan.stages[3].required == Approx(20.8));  // 5.2 / 25%
}

TEST_CASE_METHOD(SeedFixture, "revenue / deal_size a hair off a whole number is that number",
                 "[engine]") {
  scenario.target = Target{};
  scenario.target.revenue = 0.3;
  scenario.target.deal_size = 0.1;
  // 0.3 / 0.1 = 2.9999999999999996 in binary: within 1e-9 of 3, so 3, not 3 rounded up.
  REQUIRE(0.3 / 0.1 != 3.0);
  CHECK(compute_plan(scenario).wins == 3);
}

TEST_CASE_METHOD(SeedFixture, "wins with deal_size give revenue = wins x deal_size", "[engine]") {
  scenario.target.deal_size = 25000;
  const Plan plan = compute_plan(scenario);
  CHECK(plan.wins == 5);
  REQUIRE(plan.revenue);
  CHECK(*plan.revenue == 125000);  // 5 x 25,000
  CHECK(*plan.deal_size == 25000);
}

// --- 2. required counts --------------------------------------------------------

TEST_CASE_METHOD(SeedFixture, "required counts are rounded up at every stage, bottom up",
                 "[engine]") {
  const Plan plan = compute_plan(scenario);
  REQUIRE(plan.stages.size() == 5);
  CHECK(plan.stages[4].required == 5);
  CHECK(plan.stages[3].required == 20);   // 5 / 25%
  CHECK(plan.stages[2].required == 25);   // 20 / 80%
  CHECK(plan.stages[1].required == 63);   // 25 / 40% = 62.5 -> 63
  CHECK(plan.stages[0].required == 315);  // 63 / 20%
}

TEST_CASE_METHOD(SeedFixture, "rounding none carries fractions up the funnel", "[engine]") {
  scenario.rounding = Rounding::none;
  const Plan plan = compute_plan(scenario);
  CHECK(plan.stages[1].required == Approx(62.5));
  CHECK(plan.stages[0].required == Approx(312.5));  // not 63 / 20% = 315
}

TEST_CASE("R(x) treats values within 1e-9 of a whole number as whole", "[engine]") {
  CHECK(round_count(25.000000000000004, Rounding::ceil) == 25);
  CHECK(round_count(24.999999999999996, Rounding::ceil) == 25);
  CHECK(round_count(62.5, Rounding::ceil) == 63);
  CHECK(round_count(25.0001, Rounding::ceil) == 26);
  CHECK(round_count(62.5, Rounding::none) == 62.5);
  CHECK(round_count(7, Rounding::ceil) == 7);
}

TEST_CASE("a two-stage funnel goes straight from leads to wins", "[engine]") {
  Scenario s;
  s.target.wins = 3;
  s.stages = {stage("lead"), stage("won", 0.05)};
  s.budget = 1200;
  s.channels = {channel("referrals", 10)};
  const Plan plan = compute_plan(s);
  REQUIRE(plan.stages.size() == 2);
  CHECK(plan.stages[1].required == 3);
  CHECK(plan.stages[0].required == 60);  // 3 / 5%
  CHECK(*plan.allowable_cpl == 20);      // 1,200 / 60
  CHECK(*plan.stages[1].allowable_cost == 400);
  // The channel's default rate is the funnel's rate into stage 1, here "won".
  CHECK(plan.channels[0].mql_rate == 0.05);
  CHECK(plan.channels[0].effective_cpl == Approx(200));  // 10 / 5%
  // 1,200 / 10 = 120 leads -> 6 wins: twice the target.
  const Mix& mix = *plan.mix;
  REQUIRE(mix.projected.size() == 2);
  CHECK(mix.projected[0] == 120);
  CHECK(*mix.projected_wins == Approx(6));
  CHECK(*mix.coverage == Approx(2));
  CHECK(plan.bottleneck.kind == BottleneckKind::conversion);
  CHECK(plan.bottleneck.stage == 1);
  CHECK(plan.bottleneck.ratio == 0.05);
}

TEST_CASE_METHOD(SeedFixture, "a 100% rate passes the count through unchanged", "[engine]") {
  scenario.stages[3].rate = 1.0;  // every SQL becomes a meeting
  const Plan plan = compute_plan(scenario);
  CHECK(plan.stages[3].required == 20);  // 5 / 25%
  CHECK(plan.stages[2].required == 20);  // 20 / 100%
  CHECK(plan.stages[1].required == 50);  // 20 / 40%
  CHECK(plan.stages[0].required == 250);
}

// --- 3. allowable cost -----------------------------------------------------------

TEST_CASE_METHOD(SeedFixture, "allowable cost is budget / required at every stage", "[engine]") {
  const Plan plan = compute_plan(scenario);
  CHECK(*plan.stages[0].allowable_cost == 10000.0 / 315.0);  // 31.746...
  CHECK(*plan.stages[1].allowable_cost == 10000.0 / 63.0);   // 158.730...
  CHECK(*plan.stages[2].allowable_cost == 400);              // 10,000 / 25
  CHECK(*plan.stages[3].allowable_cost == 500);              // 10,000 / 20
  CHECK(*plan.stages[4].allowable_cost == 2000);             // 10,000 / 5
}

TEST_CASE_METHOD(SeedFixture, "a 10,000 budget allows a CPL of 31.75", "[engine]") {
  const Plan plan = compute_plan(scenario);
  REQUIRE(plan.allowable_cpl);
  CHECK(*plan.allowable_cpl == *plan.stages[0].allowable_cost);
  CHECK(std::round(*plan.allowable_cpl * 100.0) / 100.0 == 31.75);
}

TEST_CASE_METHOD(SeedFixture, "the last stage's allowable cost is the CAC ceiling", "[engine]") {
  scenario.budget = 12500;
  const Plan plan = compute_plan(scenario);
  CHECK(*plan.stages.back().allowable_cost == 2500);  // 12,500 / 5 wins
}

TEST_CASE_METHOD(SeedFixture, "without a budget no stage has an allowable cost", "[engine]") {
  scenario.budget.reset();
  const Plan plan = compute_plan(scenario);
  CHECK_FALSE(plan.allowable_cpl);
  for (const StagePlan& s : plan.stages) {
    CHECK_FALSE(s.allowable_cost);
  }
}

// --- 4. channels --------------------------------------------------------------------

TEST_CASE_METHOD(SeedFixture, "effective CPL is 300 and 200 for the two channels", "[engine]") {
  const Plan plan = compute_plan(scenario);
  CHECK(plan.channels[0].mql_rate == 0.1);
  CHECK(plan.channels[0].effective_cpl == Approx(300.0));  // 30 / 10%
  CHECK(plan.channels[1].mql_rate == 0.4);
  CHECK(plan.channels[1].effective_cpl == Approx(200.0));  // 80 / 40%
}

TEST_CASE_METHOD(SeedFixture, "a channel without mql_rate uses the funnel's rate into stage 1",
                 "[engine]") {
  scenario.channels.push_back(channel("events", 30));
  const Plan plan = compute_plan(scenario);
  CHECK(plan.channels[2].mql_rate == 0.2);
  CHECK(plan.channels[2].effective_cpl == Approx(150.0));  // 30 / 20%
}

TEST_CASE_METHOD(SeedFixture, "within_allowable compares effective CPL to the cost per MQL",
                 "[engine]") {
  // Allowable cost per MQL: 10,000 / 63 = 158.73.
  scenario.channels.push_back(channel("events", 30));  // 30 / 20% = 150
  const Plan plan = compute_plan(scenario);
  CHECK(plan.channels[0].within_allowable == false);  // 300
  CHECK(plan.channels[1].within_allowable == false);  // 200
  CHECK(plan.channels[2].within_allowable == true);   // 150
}

TEST_CASE_METHOD(HalvesFixture, "an effective CPL equal to the allowable cost is within",
                 "[engine]") {
  scenario.budget = 1000;  // 10 MQLs: 100 per MQL
  scenario.channels = {channel("exact", 50, 0.5), channel("just_over", 50.5, 0.5)};
  const Plan plan = compute_plan(scenario);
  REQUIRE(*plan.stages[1].allowable_cost == 100);
  CHECK(plan.channels[0].effective_cpl == 100);
  CHECK(plan.channels[0].within_allowable == true);
  CHECK(plan.channels[1].effective_cpl == 101);
  CHECK(plan.channels[1].within_allowable == false);
}

TEST_CASE_METHOD(SeedFixture, "without a budget within_allowable is not given", "[engine]") {
  scenario.budget.reset();
  const Plan plan = compute_plan(scenario);
  CHECK_FALSE(plan.channels[0].within_allowable);
  CHECK_FALSE(plan.channels[1].within_allowable);
  CHECK(plan.channels[0].effective_cpl == Approx(300.0));  // still computed
}

// --- 5. the mix, with a budget ----------------------------------------------------------

TEST_CASE_METHOD(SeedFixture, "without shares the budget is split equally", "[engine]") {
  const Plan plan = compute_plan(scenario);
  CHECK(*plan.channels[0].budget == 5000);
  CHECK(*plan.channels[1].budget == 5000);
  CHECK(*plan.channels[0].leads == Approx(166.666666667));  // 5,000 / 30
  CHECK(*plan.channels[1].leads == 62.5);                   // 5,000 / 80
  CHECK(*plan.channels[0].spend == 5000);
  CHECK(*plan.channels[1].spend == 5000);
}

TEST_CASE_METHOD(SeedFixture, "shares leave a remainder split equally among unshared channels",
                 "[engine]") {
  scenario.channels.push_back(channel("events", 100, 0.5));
  scenario.channels[0].share = 0.4;
  // paid_search 40% = 4,000; the other 60% splits 3,000 / 3,000.
  const Plan plan = compute_plan(scenario);
  CHECK(*plan.channels[0].budget == Approx(4000));
  CHECK(*plan.channels[1].budget == Approx(3000));
  CHECK(*plan.channels[2].budget == Approx(3000));
  CHECK(*plan.channels[1].leads == Approx(37.5));  // 3,000 / 80
  CHECK(*plan.channels[2].leads == Approx(30));    // 3,000 / 100
  CHECK(*plan.mix->spend == Approx(10000));
}

TEST_CASE_METHOD(SeedFixture, "shares under 100% on every channel leave the rest unspent",
                 "[engine]") {
  scenario.channels[0].share = 0.3;
  scenario.channels[1].share = 0.2;
  const Plan plan = compute_plan(scenario);
  CHECK(*plan.channels[0].budget == Approx(3000));
  CHECK(*plan.channels[1].budget == Approx(2000));
  CHECK(*plan.mix->spend == Approx(5000));  // half the budget stays unspent
  // 100 + 25 leads; 10 + 10 MQLs.
  CHECK(*plan.mix->leads == Approx(125));
  CHECK(plan.mix->projected[1] == Approx(20));
}

TEST_CASE_METHOD(SeedFixture, "shares of exactly 100% leave nothing for unshared channels",
                 "[engine]") {
  scenario.channels[0].share = 1.0;
  const Plan plan = compute_plan(scenario);
  CHECK(*plan.channels[0].budget == 10000);
  CHECK(*plan.channels[1].budget == 0);
  CHECK(*plan.channels[1].leads == 0);
}

TEST_CASE_METHOD(SeedFixture, "a capped channel buys max_leads and spends only for them",
                 "[engine]") {
  scenario.channels[0].max_leads = 100;
  // paid_search: 5,000 / 30 = 166.67 leads, capped at 100 -> spend 100 x 30 = 3,000.
  const Plan plan = compute_plan(scenario);
  CHECK(*plan.channels[0].budget == 5000);  // what it was given
  CHECK(*plan.channels[0].leads == 100);
  CHECK(*plan.channels[0].spend == 3000);
  CHECK(*plan.mix->leads == Approx(162.5));  // 100 + 62.5
  CHECK(*plan.mix->spend == Approx(8000));   // 3,000 + 5,000
}

TEST_CASE_METHOD(SeedFixture, "a cap above what the budget buys changes nothing", "[engine]") {
  scenario.channels[1].max_leads = 62.5;  // exactly what 5,000 / 80 buys
  const Plan plan = compute_plan(scenario);
  CHECK(*plan.channels[1].leads == 62.5);
  CHECK(*plan.channels[1].spend == 5000);
}

TEST_CASE_METHOD(SeedFixture, "the mix projects leads down the funnel", "[engine]") {
  // Leads: 166.667 + 62.5 = 229.167. MQLs: 16.667 + 25 = 41.667 (each channel's
  // own rate), then x 40% = 16.667 SQLs, x 80% = 13.333 meetings, x 25% = 3.333 wins.
  const Mix mix = *compute_plan(scenario).mix;
  REQUIRE(mix.projected.size() == 5);
  CHECK(mix.projected[0] == Approx(229.1666666667));
  CHECK(*mix.leads == mix.projected[0]);
  CHECK(mix.projected[1] == Approx(41.6666666667));
  CHECK(mix.projected[2] == Approx(16.6666666667));
  CHECK(mix.projected[3] == Approx(13.3333333333));
  CHECK(mix.projected[4] == Approx(3.3333333333));
  CHECK(*mix.projected_wins == mix.projected[4]);
}

TEST_CASE_METHOD(SeedFixture, "blended CPLs, coverage and budget needed of the seed mix",
                 "[engine]") {
  const Mix mix = *compute_plan(scenario).mix;
  CHECK(*mix.spend == 10000);
  CHECK(*mix.blended_cpl == Approx(43.6363636364));  // 10,000 / 229.167
  CHECK(*mix.blended_effective_cpl == Approx(240));  // 10,000 / 41.667
  CHECK(*mix.coverage == Approx(0.6613756614));      // 41.667 / 63
  CHECK(*mix.feasible == false);
  // The least budget whose mix projects 5 wins: each dollar buys 1/3 of a
  // thousandth of a win (paid search 1/60 leads x 0.8%, webinars 1/160 x 3.2%).
  CHECK(*mix.budget_needed == 15000);
}

TEST_CASE_METHOD(HalvesFixture, "coverage of exactly 100% is feasible", "[engine]") {
  scenario.budget = 1000;
  scenario.channels = {channel("ads", 50, 0.5)};
  // 1,000 / 50 = 20 leads -> 10 MQLs, the 10 required.
  const Mix mix = *compute_plan(scenario).mix;
  CHECK(*mix.coverage == 1.0);
  CHECK(*mix.feasible == true);
  CHECK(*mix.budget_needed == 1000);
}

TEST_CASE_METHOD(HalvesFixture, "coverage within 1e-9 of 100% is feasible, below is not",
                 "[engine]") {
  scenario.channels = {channel("ads", 50, 0.5)};
  SECTION("a trillionth short counts as covered") {
    scenario.budget = 1000 * (1 - 1e-12);
    const Mix mix = *compute_plan(scenario).mix;
    CHECK(*mix.coverage < 1.0);
    CHECK(*mix.feasible == true);
  }
  SECTION("a tenth of a percent short is not feasible") {
    scenario.budget = 999;
    const Mix mix = *compute_plan(scenario).mix;
    CHECK(*mix.coverage == Approx(0.999));
    CHECK(*mix.feasible == false);
  }
  SECTION("more than enough is feasible") {
    scenario.budget = 1500;
    const Mix mix = *compute_plan(scenario).mix;
    CHECK(*mix.coverage == Approx(1.5));
    CHECK(*mix.feasible == true);
  }
}

TEST_CASE_METHOD(SeedFixture, "without channels there is no mix", "[engine]") {
  scenario.channels.clear();
  const Plan plan = compute_plan(scenario);
  CHECK(plan.channels.empty());
  CHECK_FALSE(plan.mix);
}

// --- 5. the mix, without a budget ---------------------------------------------------------

TEST_CASE_METHOD(HalvesFixture, "without a budget the mix gives only its unit costs", "[engine]") {
  // Weights: webinars 25%, the rest 75% split 37.5% / 37.5%; the cap is ignored.
  scenario.channels = {channel("webinars", 20, 0.5), channel("events", 50, 0.25),
                       channel("ads", 10, 0.1)};
  scenario.channels[0].share = 0.25;
  scenario.channels[2].max_leads = 1;
  // Leads per unit of money: .25/20 + .375/50 + .375/10 = .0125 + .0075 + .0375 = .0575
  // MQLs per unit: .0125 x .5 + .0075 x .25 + .0375 x .1 = .011875
  const Plan plan = compute_plan(scenario);
  const Mix& mix = *plan.mix;
  CHECK(*mix.blended_cpl == Approx(1 / 0.0575));              // 17.39
  CHECK(*mix.blended_effective_cpl == Approx(1 / 0.011875));  // 84.21
  // The least budget whose mix, caps counted, projects 5 wins: past 26.67 the ads
  // channel is capped at 1 lead (0.1 MQL), the rest buys .008125 MQLs per unit,
  // so 10 MQLs take (10 - 0.1) / .008125.
  CHECK(*mix.budget_needed == Approx(9.9 / 0.008125));
  CHECK_FALSE(mix.leads);
  CHECK_FALSE(mix.spend);
  CHECK(mix.projected.empty());
  CHECK_FALSE(mix.projected_wins);
  CHECK_FALSE(mix.coverage);
  CHECK_FALSE(mix.feasible);
  for (const ChannelPlan& c : plan.channels) {
    CHECK_FALSE(c.budget);
    CHECK_FALSE(c.leads);
    CHECK_FALSE(c.spend);
  }
}

TEST_CASE_METHOD(SeedFixture, "with or without a budget, an uncapped mix costs the same per MQL",
                 "[engine]") {
  const Mix with_budget = *compute_plan(scenario).mix;
  scenario.budget.reset();
  const Mix without = *compute_plan(scenario).mix;
  CHECK(*without.blended_cpl == Approx(*with_budget.blended_cpl));
  CHECK(*without.blended_effective_cpl == Approx(*with_budget.blended_effective_cpl));
  CHECK(*without.budget_needed == 15000);
}

// --- 6. bottleneck -----------------------------------------------------------------------

TEST_CASE_METHOD(SeedFixture, "capacity below the required count is the bottleneck", "[engine]") {
  scenario.stages[3].capacity = 15;  // 20 meetings required
  const Bottleneck b = compute_plan(scenario).bottleneck;
  CHECK(b.kind == BottleneckKind::capacity);
  CHECK(b.stage == 3);
  CHECK(b.ratio == 0.75);
}

TEST_CASE_METHOD(SeedFixture, "capacity equal to or above the required count does not bind",
                 "[engine]") {
  SECTION("equal") {
    scenario.stages[3].capacity = 20;
  }
  SECTION("above") {
    scenario.stages[3].capacity = 30;
  }
  const Bottleneck b = compute_plan(scenario).bottleneck;
  CHECK(b.kind == BottleneckKind::conversion);
  CHECK(b.stage == 1);  // lead -> mql at 20%, the lowest rate
}

TEST_CASE_METHOD(SeedFixture, "the lowest capacity / required ratio wins", "[engine]") {
  scenario.stages[0].capacity = 300;  // 300 / 315 = 0.95
  scenario.stages[3].capacity = 10;   // 10 / 20 = 0.5
  scenario.stages[4].capacity = 4;    // 4 / 5 = 0.8
  const Bottleneck b = compute_plan(scenario).bottleneck;
  CHECK(b.kind == BottleneckKind::capacity);
  CHECK(b.stage == 3);
  CHECK(b.ratio == 0.5);
}

TEST_CASE_METHOD(SeedFixture, "a capacity tie goes to the earliest stage", "[engine]") {
  scenario.stages[0].capacity = 157.5;  // 157.5 / 315 = 0.5
  scenario.stages[3].capacity = 10;     // 10 / 20 = 0.5
  const Bottleneck b = compute_plan(scenario).bottleneck;
  CHECK(b.kind == BottleneckKind::capacity);
  CHECK(b.stage == 0);
  CHECK(b.ratio == 0.5);
}

TEST_CASE_METHOD(SeedFixture, "without benchmarks the lowest rate is the bottleneck", "[engine]") {
  const Bottleneck b = compute_plan(scenario).bottleneck;
  CHECK(b.kind == BottleneckKind::conversion);
  CHECK(b.stage == 1);  // lead -> mql, 20% of 100%
  CHECK(b.ratio == 0.2);
}

TEST_CASE_METHOD(SeedFixture, "with benchmarks the step furthest below its benchmark wins",
                 "[engine]") {
  scenario.stages[1].benchmark = 0.25;  // 20% / 25% = 0.8
  scenario.stages[2].benchmark = 0.6;   // 40% / 60% = 0.667
  scenario.stages[3].benchmark = 0.9;   // 80% / 90% = 0.889
  scenario.stages[4].benchmark = 0.2;   // 25% / 20% = 1.25
  const Bottleneck b = compute_plan(scenario).bottleneck;
  CHECK(b.kind == BottleneckKind::conversion);
  CHECK(b.stage == 2);
  CHECK(b.ratio == Approx(0.4 / 0.6));
}

TEST_CASE_METHOD(SeedFixture, "when a step has a benchmark, steps without one do not compete",
                 "[engine]") {
  scenario.stages[4].benchmark = 0.5;  // won: 25% / 50% = 0.5; mql at 20% has no benchmark
  const Bottleneck b = compute_plan(scenario).bottleneck;
  CHECK(b.stage == 4);
  CHECK(b.ratio == 0.5);
}

TEST_CASE_METHOD(SeedFixture, "without any benchmark every step competes at its rate", "[engine]") {
  const Bottleneck b = compute_plan(scenario).bottleneck;
  CHECK(b.stage == 1);
  CHECK(b.ratio == 0.2);
}

TEST_CASE_METHOD(SeedFixture, "a conversion tie goes to the earliest step", "[engine]") {
  scenario.stages[1].benchmark = 0.25;  // 20% / 25% = 0.8
  scenario.stages[2].benchmark = 0.5;   // 40% / 50% = 0.8
  scenario.stages[3].benchmark = 0.9;   // 80% / 90% = 0.889
  scenario.stages[4].benchmark = 0.25;  // 25% / 25% = 1
  const Bottleneck b = compute_plan(scenario).bottleneck;
  CHECK(b.stage == 1);
  CHECK(b.ratio == Approx(0.8));
}

TEST_CASE_METHOD(SeedFixture, "a binding capacity outranks any conversion step", "[engine]") {
  scenario.stages[2].benchmark = 0.9;  // 40% / 90% = 0.44
  scenario.stages[4].capacity = 4.5;   // 4.5 / 5 = 0.9: a milder shortfall, still first
  const Bottleneck b = compute_plan(scenario).bottleneck;
  CHECK(b.kind == BottleneckKind::capacity);
  CHECK(b.stage == 4);
  CHECK(b.ratio == Approx(0.9));
}

// --- overflow ---------------------------------------------------------------------------

TEST_CASE("a required count beyond 1e15 is a problem, not a figure", "[engine]") {
  Scenario s;
  s.target.wins = 1e9;
  s.stages = {stage("lead"), stage("mql", 0.00001), stage("won", 0.0001)};
  s.stages[1].rate_location = SourceLocation{6, 11};
  // 1e9 wins / 0.01% = 1e13 MQLs / 0.001% = 1e18 leads.
  Plan plan;
  const std::optional<PlanProblem> problem = evaluate(s, plan);
  REQUIRE(problem);
  CHECK(problem->message == "the plan needs more than 1e15 at stage `lead`");
  CHECK(problem->where.line == 6);
  CHECK(problem->where.column == 11);
  CHECK_THROWS_AS(compute_plan(s), PlanError);
}

TEST_CASE("wins beyond 1e15 from revenue / deal_size are a problem", "[engine]") {
  Scenario s;
  s.target.revenue = 1e15;
  s.target.deal_size = 0.001;
  s.target.location = SourceLocation{2, 3};
  s.stages = {stage("lead"), stage("won", 0.5)};
  Plan plan;
  const std::optional<PlanProblem> problem = evaluate(s, plan);
  REQUIRE(problem);
  CHECK(problem->message == "the target needs more than 1e15 wins");
  CHECK(problem->where.line == 2);
  try {
    (void)compute_plan(s);
    FAIL("compute_plan did not throw");
  } catch (const PlanError& e) {
    CHECK(std::string(e.what()) == "the target needs more than 1e15 wins");
    CHECK(e.where().line == 2);
    CHECK(e.where().column == 3);
  }
}

TEST_CASE("a required count of exactly 1e15 is still a plan", "[engine]") {
  Scenario s;
  s.target.wins = 1e14;
  s.stages = {stage("lead"), stage("won", 0.1)};
  const Plan plan = compute_plan(s);
  CHECK(plan.stages[0].required == 1e15);
}

// --- evaluate reuses a plan -------------------------------------------------------------

TEST_CASE_METHOD(SeedFixture, "evaluate into a used plan gives what a fresh plan gives",
                 "[engine]") {
  Scenario capped = scenario;
  capped.stages[3].capacity = 10;
  Plan plan;
  REQUIRE_FALSE(evaluate(capped, plan));
  REQUIRE(plan.bottleneck.kind == BottleneckKind::capacity);

  scenario.budget.reset();
  REQUIRE_FALSE(evaluate(scenario, plan));
  const Plan fresh = compute_plan(scenario);
  CHECK(plan.bottleneck.kind == fresh.bottleneck.kind);
  CHECK(plan.bottleneck.stage == fresh.bottleneck.stage);
  CHECK_FALSE(plan.allowable_cpl);
  CHECK_FALSE(plan.channels[0].budget);
  CHECK_FALSE(plan.channels[0].within_allowable);
  CHECK_FALSE(plan.mix->leads);
  CHECK(plan.mix->projected.empty());
  CHECK(*plan.mix->budget_needed == Approx(*fresh.mix->budget_needed));
}
