// The JSON report against CONTRACT section 4: every key, `null` where a figure
// does not apply, rates as fractions, numbers at full precision.

#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "leadplan/engine/engine.hpp"
#include "leadplan/load/scenario_loader.hpp"
#include "leadplan/model/check.hpp"
#include "leadplan/report/report.hpp"

using namespace leadplan;
using nlohmann::json;

namespace {

// The worked example with a revenue target, a benchmark, capacities, a share and a cap.
constexpr const char* k_full = R"(name: Seed, fully dressed
period: quarter
currency: EUR
target:
  revenue: 250000
  deal_size: 50000
funnel:
  - stage: lead
    capacity: 1000
  - stage: mql
    rate: 20%
    benchmark: 25%
  - stage: sql
    rate: 40%
  - stage: meeting
    rate: 80%
    capacity: 30
  - stage: won
    rate: 25%
budget: 10000
channels:
  - name: paid_search
    cpl: 30
    mql_rate: 10%
    share: 60%
    max_leads: 150
  - name: webinars
    cpl: 80
    mql_rate: 40%
)";

// `text` loaded, computed and written as JSON, then parsed back.
json json_of(const std::string& text, const std::vector<CheckResult>* checks = nullptr) {
  const Scenario scenario = load_scenario(Source{"s.yaml", text});
  const Plan plan = compute_plan(scenario);
  std::ostringstream out;
  write_json(out, scenario, plan, checks);
  return json::parse(out.str());
}

// `text` with the lines that mention `key` removed.
std::string without(std::string text, const std::string& key) {
  std::string out;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.find(key) == std::string::npos) {
      out += line + "\n";
    }
  }
  return out;
}

}  // namespace

// The full scenario's JSON, parsed once per test.
class FullJsonFixture {
 protected:
  const json doc = json_of(k_full);
};

TEST_CASE_METHOD(FullJsonFixture, "the JSON names its contract and the scenario",
                 "[report][json]") {
  CHECK(doc.at("contract") == 2);
  CHECK(doc.at("contract").is_number_integer());
  const json& s = doc.at("scenario");
  CHECK(s.at("name") == "Seed, fully dressed");
  CHECK(s.at("period") == "quarter");
  CHECK(s.at("currency") == "EUR");
  CHECK(s.at("rounding") == "ceil");
}

TEST_CASE_METHOD(FullJsonFixture, "the JSON has the target and the budget", "[report][json]") {
  const json& t = doc.at("target");
  CHECK(t.at("wins") == 5);
  CHECK(t.at("revenue") == 250000);
  CHECK(t.at("deal_size") == 50000);
  CHECK(doc.at("budget") == 10000);
}

TEST_CASE_METHOD(FullJsonFixture, "every stage has its fields, rates as fractions",
                 "[report][json]") {
  const json& stages = doc.at("stages");
  REQUIRE(stages.size() == 5);
  const std::vector<double> required = {315, 63, 25, 20, 5};
  for (std::size_t i = 0; i < stages.size(); ++i) {
    for (const char* key :
         {"name", "rate", "benchmark", "capacity", "required", "allowable_cost"}) {
      CHECK(stages[i].contains(key));
    }
    CHECK(stages[i].at("required") == required[i]);
    CHECK(stages[i].at("allowable_cost") == 10000.0 / required[i]);
  }
  CHECK(stages[0].at("name") == "lead");
  CHECK(stages[0].at("rate").is_null());  // the first stage has no rate
  CHECK(stages[0].at("benchmark").is_null());
  CHECK(stages[0].at("capacity") == 1000);
  CHECK(stages[1].at("rate") == 0.2);
  CHECK(stages[1].at("benchmark") == 0.25);
  CHECK(stages[1].at("capacity").is_null());
  CHECK(stages[3].at("capacity") == 30);
  CHECK(stages[4].at("rate") == 0.25);
}

TEST_CASE_METHOD(FullJsonFixture, "numbers keep full precision", "[report][json]") {
  // 10,000 / 315 = 31.746031746031747: the exact double, not 31.75.
  CHECK(doc.at("allowable_cpl").get<double>() == 10000.0 / 315.0);
  CHECK(doc.at("stages")[1].at("allowable_cost").get<double>() == 10000.0 / 63.0);
}

TEST_CASE_METHOD(FullJsonFixture, "every channel has its fields", "[report][json]") {
  const json& channels = doc.at("channels");
  REQUIRE(channels.size() == 2);
  for (const json& c : channels) {
    for (const char* key :
         {"name", "cpl", "mql_rate", "effective_cpl", "within_allowable", "budget", "leads",
          "spend", "yield", "cost_per_stage", "cac", "wins", "revenue", "roi"}) {
      CHECK(c.contains(key));
    }
  }
  // paid_search: 60% of 10,000 = 6,000 buys 200 leads, capped at 150 -> 4,500 spent.
  const json& paid = channels[0];
  CHECK(paid.at("name") == "paid_search");
  CHECK(paid.at("cpl") == 30);
  CHECK(paid.at("mql_rate") == 0.1);
  CHECK(paid.at("effective_cpl").get<double>() == Approx(300));
  CHECK(paid.at("within_allowable") == false);
  CHECK(paid.at("budget").get<double>() == Approx(6000));
  CHECK(paid.at("leads") == 150);
  CHECK(paid.at("spend") == 4500);
  // webinars: the other 4,000 buys 50 leads.
  const json& webinars = channels[1];
  CHECK(webinars.at("mql_rate") == 0.4);
  CHECK(webinars.at("budget").get<double>() == Approx(4000));
  CHECK(webinars.at("leads").get<double>() == Approx(50));
}

TEST_CASE_METHOD(FullJsonFixture, "every channel has its funnel, cost per stage, wins and ROI",
                 "[report][json]") {
  // paid_search: yields 1, 10%, 4%, 3.2%, 0.8%; 150 leads x 0.8% = 1.2 wins, no capacity cuts
  // (200 leads of 1,000; 11.2 meetings of 30). Deal size 50,000: revenue 60,000 on 4,500.
  const json& paid = doc.at("channels")[0];
  const std::vector<double> yields = {1, 0.1, 0.04, 0.032, 0.008};
  REQUIRE(paid.at("yield").size() == yields.size());
  for (std::size_t i = 0; i < yields.size(); ++i) {
    CHECK(paid.at("yield")[i].get<double>() == Approx(yields[i]));
    CHECK(paid.at("cost_per_stage")[i].get<double>() == Approx(30 / yields[i]));
  }
  CHECK(paid.at("cost_per_stage")[0] == 30);
  CHECK(paid.at("cac").get<double>() == Approx(3750));
  CHECK(paid.at("wins").get<double>() == Approx(1.2));
  CHECK(paid.at("revenue").get<double>() == Approx(60000));
  CHECK(paid.at("roi").get<double>() == Approx(60000.0 / 4500.0 - 1.0));
  // webinars: 50 leads x 40% x 40% x 80% x 25% = 1.6 wins.
  const json& webinars = doc.at("channels")[1];
  CHECK(webinars.at("cac").get<double>() == Approx(2500));
  CHECK(webinars.at("wins").get<double>() == Approx(1.6));
}

TEST_CASE_METHOD(FullJsonFixture, "the mix has every figure", "[report][json]") {
  const json& mix = doc.at("mix");
  // Leads 150 + 50 = 200; MQLs 15 + 20 = 35; spend 4,500 + 4,000 = 8,500.
  CHECK(mix.at("leads").get<double>() == Approx(200));
  CHECK(mix.at("spend").get<double>() == Approx(8500));
  CHECK(mix.at("blended_cpl").get<double>() == Approx(42.5));                     // 8,500 / 200
  CHECK(mix.at("blended_effective_cpl").get<double>() == Approx(242.857142857));  // 8,500 / 35
  const json& projected = mix.at("projected");
  REQUIRE(projected.size() == 5);
  CHECK(projected[1].get<double>() == Approx(35));
  CHECK(projected[4].get<double>() == Approx(2.8));  // 35 x 40% x 80% x 25%
  CHECK(mix.at("projected_wins").get<double>() == Approx(2.8));
  CHECK(mix.at("coverage").get<double>() == Approx(35.0 / 63.0));
  CHECK(mix.at("feasible") == false);
  // Feasible means the projected wins reach the target (8.1): 2.8 of 5.
  CHECK(mix.at("win_coverage").get<double>() == Approx(2.8 / 5.0));
  CHECK(mix.at("unspent").get<double>() == Approx(1500));  // paid_search's cap leaves 1,500
  CHECK(mix.at("capped_stages").is_array());
  CHECK(mix.at("capped_stages").empty());
  CHECK(mix.at("max_projected_wins").is_null());  // a budget gets there
  // The least budget that projects 5 wins: paid_search stops at 150 leads (15 MQLs) from
  // 7,500 on; then MQLs = 15 + 0.4 B / 80 x 40% = 15 + 0.002 B, and 62.5 MQLs (5 wins)
  // need B = 23,750. Version 1 printed 63 x 8,500 / 35 = 15,300, which projects 2.8 x 1.53.
  CHECK(mix.at("budget_needed").get<double>() == Approx(23750));
}

TEST_CASE("a capacity cuts the projection and names the stage; no budget may be enough",
          "[report][json]") {
  // Meeting capacity 10: 35 MQLs x 40% x 80% = 11.2 meetings are cut to 10, so 2.5 wins,
  // and no budget projects more than 10 x 25% = 2.5 of the 5 wins.
  std::string text = k_full;
  text.replace(text.find("capacity: 30"), 12, "capacity: 10");
  const json doc = json_of(text);
  const json& mix = doc.at("mix");
  CHECK(mix.at("projected_wins").get<double>() == Approx(2.5));
  CHECK(mix.at("projected")[3].get<double>() == Approx(10));
  REQUIRE(mix.at("capped_stages").size() == 1);
  CHECK(mix.at("capped_stages")[0] == "meeting");
  CHECK(mix.at("budget_needed").is_null());
  CHECK(mix.at("max_projected_wins").get<double>() == Approx(2.5));
  CHECK(mix.at("feasible") == false);
  // Each channel's wins are cut by the same factor: 10 / 11.2.
  CHECK(doc.at("channels")[0].at("wins").get<double>() == Approx(1.2 * 10 / 11.2));
}

TEST_CASE_METHOD(FullJsonFixture, "the bottleneck names its kind, stage and the stage above",
                 "[report][json]") {
  // No capacity binds (1,000 >= 315 leads, 30 >= 20 meetings). Only mql has a benchmark,
  // so only it competes (8.1): 20% / 25% = 0.8, though won converts at 25%.
  const json& b = doc.at("bottleneck");
  CHECK(b.at("kind") == "conversion");
  CHECK(b.at("stage") == "mql");
  CHECK(b.at("from") == "lead");
  CHECK(b.at("ratio") == 0.8);
}

TEST_CASE("without a budget the money figures are null, not missing", "[report][json]") {
  const json doc = json_of(without(k_full, "budget"));
  CHECK(doc.at("budget").is_null());
  CHECK(doc.at("allowable_cpl").is_null());
  for (const json& stage : doc.at("stages")) {
    CHECK(stage.at("allowable_cost").is_null());
  }
  for (const json& channel : doc.at("channels")) {
    CHECK(channel.at("within_allowable").is_null());
    CHECK(channel.at("budget").is_null());
    CHECK(channel.at("leads").is_null());
    CHECK(channel.at("spend").is_null());
    CHECK(channel.at("effective_cpl").is_number());
  }
  const json& mix = doc.at("mix");
  for (const char* key :
       {"leads", "spend", "projected", "projected_wins", "coverage", "feasible"}) {
    CHECK(mix.at(key).is_null());
  }
  // The unit costs still apply: the shares 60% / 40%, the cap ignored.
  // Leads per unit: .6/30 + .4/80 = .025; MQLs per unit: .002 + .002 = .004.
  CHECK(mix.at("blended_cpl").get<double>() == Approx(40));
  CHECK(mix.at("blended_effective_cpl").get<double>() == Approx(250));
  // The same least budget as with one (8.1): 23,750, paid_search's cap included.
  CHECK(mix.at("budget_needed").get<double>() == Approx(23750));
  for (const char* key : {"unspent", "win_coverage", "capped_stages"}) {
    CHECK(mix.at(key).is_null());
  }
}

TEST_CASE("without channels every mix figure is null and the channel list empty",
          "[report][json]") {
  const std::string text = std::string(k_full).substr(0, std::string(k_full).find("channels:"));
  const json doc = json_of(text);
  CHECK(doc.at("channels").is_array());
  CHECK(doc.at("channels").empty());
  const json& mix = doc.at("mix");
  REQUIRE(mix.is_object());
  for (const char* key : {"leads", "spend", "blended_cpl", "blended_effective_cpl", "projected",
                          "projected_wins", "coverage", "feasible", "budget_needed"}) {
    INFO(key);
    CHECK(mix.contains(key));
    CHECK(mix.at(key).is_null());
  }
  CHECK(doc.at("allowable_cpl").is_number());
}

TEST_CASE("a wins target has null revenue and deal_size, a nameless scenario a null name",
          "[report][json]") {
  const json doc = json_of(R"(target:
  wins: 5
funnel:
  - stage: lead
  - stage: mql
    rate: 20%
)");
  CHECK(doc.at("scenario").at("name").is_null());
  CHECK(doc.at("scenario").at("period") == "month");
  CHECK(doc.at("scenario").at("currency") == "USD");
  CHECK(doc.at("target").at("wins") == 5);
  CHECK(doc.at("target").at("revenue").is_null());
  CHECK(doc.at("target").at("deal_size").is_null());
}

TEST_CASE("a capacity bottleneck at the first stage has no `from`", "[report][json]") {
  const json doc = json_of(R"(target:
  wins: 5
funnel:
  - stage: lead
    capacity: 10
  - stage: won
    rate: 20%
)");
  const json& b = doc.at("bottleneck");
  CHECK(b.at("kind") == "capacity");
  CHECK(b.at("stage") == "lead");
  CHECK(b.at("from").is_null());
  CHECK(b.at("ratio") == 0.4);  // 10 / 25
}

TEST_CASE("the check command's results are listed with actual and limit", "[report][json]") {
  CheckResult coverage;
  coverage.name = "min_coverage";
  coverage.passed = false;
  coverage.actual = 0.5;
  coverage.limit = 1.0;
  CheckResult within;
  within.name = "channels_within_allowable";
  within.is_flag = true;
  within.actual_flag = true;
  within.limit_flag = true;
  const std::vector<CheckResult> checks = {coverage, within};
  const json doc = json_of(k_full, &checks);
  const json& list = doc.at("checks");
  REQUIRE(list.size() == 2);
  CHECK(list[0].at("name") == "min_coverage");
  CHECK(list[0].at("passed") == false);
  CHECK(list[0].at("actual") == 0.5);
  CHECK(list[0].at("limit") == 1);
  CHECK(list[1].at("actual") == true);
  CHECK(list[1].at("limit") == true);
}

TEST_CASE("calc's JSON has no checks", "[report][json]") {
  CHECK_FALSE(json_of(k_full).contains("checks"));
}
