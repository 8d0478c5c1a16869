// run_checks on its own: which checks apply, their figures, units and sides
// (docs/math.md, section 7). The wording is the report's (tests/cli/test_check.cpp).

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "leadplan/engine/checks.hpp"
#include "leadplan/engine/engine.hpp"
#include "leadplan/load/scenario_loader.hpp"

using namespace leadplan;

namespace {

constexpr const char* k_seed = R"(target:
  wins: 5
funnel:
  - stage: lead
  - stage: mql
    rate: 20%
  - stage: sql
    rate: 40%
    capacity: 20
  - stage: meeting
    rate: 80%
    capacity: 15
  - stage: won
    rate: 25%
channels:
  - name: paid_search
    cpl: 30
    mql_rate: 10%
  - name: webinars
    cpl: 80
    mql_rate: 40%
)";

std::vector<CheckResult> checks_of(const std::string& text) {
  const Scenario scenario = load_scenario(Source{"s.yaml", text});
  return run_checks(scenario, compute_plan(scenario));
}

const CheckResult& named(const std::vector<CheckResult>& checks, const std::string& name) {
  for (const CheckResult& c : checks) {
    if (c.name == name) {
      return c;
    }
  }
  FAIL("no check " << name);
  throw;
}

}  // namespace

TEST_CASE("run_checks: the budget check is feasibility by wins, its actual the win coverage",
          "[engine][checks]") {
  // No capacity here: projected wins = budget / 3,000 (docs/math.md, 5).
  std::string text = std::string(k_seed) + "budget: 15000\n";
  for (const char* cut : {"    capacity: 20\n", "    capacity: 15\n"}) {
    text.erase(text.find(cut), std::string(cut).size());
  }
  const auto met = checks_of(text);
  REQUIRE(met.size() == 1);  // no capacity, no limits: only `budget`
  CHECK(met[0].name == "budget");
  CHECK(met[0].passed);
  CHECK(met[0].actual == Approx(1.0));
  CHECK(met[0].limit == 1.0);
  CHECK(met[0].unit == CheckUnit::fraction);
  CHECK(met[0].bound == CheckBound::at_least);
  text.replace(text.find("budget: 15000"), 13, "budget: 14999");
  CHECK_FALSE(checks_of(text)[0].passed);
}

TEST_CASE("run_checks: capacity lists every stage over its capacity, the tightest's figures",
          "[engine][checks]") {
  // Required: 25 SQLs (capacity 20), 20 meetings (capacity 15): both over; meeting is
  // the tightest (20 / 15 > 25 / 20).
  const auto checks = checks_of(k_seed);
  REQUIRE(checks.size() == 1);  // no budget: no `budget` check
  const CheckResult& c = named(checks, "capacity");
  CHECK_FALSE(c.passed);
  CHECK(c.actual == 20);
  CHECK(c.limit == 15);
  CHECK(c.unit == CheckUnit::count);
  CHECK(c.over == std::vector<std::size_t>{2, 3});
}

TEST_CASE("run_checks: a capacity equal to the required count passes, naming the tightest",
          "[engine][checks]") {
  std::string text = k_seed;
  text.replace(text.find("capacity: 20"), 12, "capacity: 25");
  text.replace(text.find("capacity: 15"), 12, "capacity: 20");
  const auto checks = checks_of(text);
  const CheckResult& c = named(checks, "capacity");
  CHECK(c.passed);
  CHECK(c.over == std::vector<std::size_t>{2});  // 25 / 25 = 20 / 20: the earliest
}

TEST_CASE("run_checks: each limit is measured in its unit, on its side", "[engine][checks]") {
  const std::string text = std::string(k_seed) +
                           "budget: 16000\nchecks:\n  min_allowable_cpl: 50\n"
                           "  max_required_leads: 315\n  max_budget_needed: 14999\n"
                           "  min_coverage: 105%\n";
  const auto checks = checks_of(text);
  const CheckResult& cpl = named(checks, "min_allowable_cpl");
  CHECK(cpl.passed);  // 16,000 / 315 = 50.79
  CHECK(cpl.unit == CheckUnit::money);
  CHECK(cpl.bound == CheckBound::at_least);
  const CheckResult& leads = named(checks, "max_required_leads");
  CHECK(leads.passed);  // 315 at most 315: the limit itself passes
  CHECK(leads.bound == CheckBound::at_most);
  const CheckResult& needed = named(checks, "max_budget_needed");
  CHECK(needed.unit == CheckUnit::money);
  // 15 meetings project at most 3.75 wins: no budget reaches 5, so there is no budget
  // needed, and a limit on it fails.
  CHECK_FALSE(needed.actual.has_value());
  CHECK_FALSE(needed.passed);
  const CheckResult& coverage = named(checks, "min_coverage");
  CHECK(coverage.unit == CheckUnit::fraction);
}
