// `leadplan optimize`: its formats, its modes and objectives, its input errors,
// and the `min_mix_efficiency` limit of `check` (CONTRACT 11).

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "process.hpp"

using leadplan::test::run_leadplan;

namespace {

// The seed funnel and its two channels, with `extra` appended.
std::string seed(const std::string& extra = "budget: 10000\n") {
  return "name: seed\n"
         "target:\n  wins: 5\n"
         "funnel:\n"
         "  - stage: lead\n"
         "  - stage: mql\n    rate: 20%\n"
         "  - stage: sql\n    rate: 40%\n"
         "  - stage: meeting\n    rate: 80%\n"
         "  - stage: won\n    rate: 25%\n"
         "channels:\n"
         "  - name: paid_search\n    cpl: 30\n    mql_rate: 10%\n"
         "  - name: webinars\n    cpl: 80\n    mql_rate: 40%\n" +
         extra;
}

nlohmann::json optimize_json(const std::string& text, std::vector<std::string> options = {}) {
  std::vector<std::string> args = {"optimize", "-", "--format", "json"};
  args.insert(args.end(), options.begin(), options.end());
  const auto r = run_leadplan(args, text);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return nlohmann::json::parse(r.out).at("optimize");
}

}  // namespace

TEST_CASE("optimize: the seed's budget moves to webinars, +20% wins", "[cli][optimize]") {
  const nlohmann::json o = optimize_json(seed());
  CHECK(o.at("mode") == "budget");
  CHECK(o.at("objective") == "wins");
  CHECK(o.at("value").get<double>() == Approx(4.0).epsilon(1e-12));
  CHECK(o.at("current_value").get<double>() == Approx(10.0 / 3.0).epsilon(1e-12));
  CHECK(o.at("gain").get<double>() == Approx(0.2).epsilon(1e-12));
  CHECK(o.at("marginal_cost").get<double>() == Approx(2500.0).epsilon(1e-12));
  CHECK(o.at("feasible") == false);
  CHECK(o.at("channels").at(1).at("spend").get<double>() == Approx(10000.0).epsilon(1e-12));
  CHECK(o.at("channels").at(0).at("binding").is_null());

  const auto table = run_leadplan({"optimize", "-"}, seed(), {{"NO_COLOR", "1"}});
  REQUIRE(table.exit_code == 0);
  CHECK(table.out.find("+20% wins on the same budget: 4 instead of 3.33.") != std::string::npos);
  CHECK(table.out.find("Spend more on: webinars (+$5,000.00).") != std::string::npos);
  CHECK(table.out.find("Spend less on: paid_search (-$5,000.00).") != std::string::npos);
  CHECK(table.out.find("one more win costs $2,500.00 (through webinars)") != std::string::npos);
}

TEST_CASE("optimize: target mode without a budget, or with --target", "[cli][optimize]") {
  for (const auto& [text, options] : {std::pair{seed(""), std::vector<std::string>{}},
                                      std::pair{seed(), std::vector<std::string>{"--target"}}}) {
    const nlohmann::json o = optimize_json(text, options);
    CHECK(o.at("mode") == "target");
    CHECK(o.at("feasible") == true);
    CHECK(o.at("spend").get<double>() == Approx(12500.0).epsilon(1e-12));
    CHECK(o.at("current_spend_needed").get<double>() == Approx(15000.0).epsilon(1e-12));
  }
  // Caps that stop short: feasible false, the most reachable given.
  const nlohmann::json short_of = optimize_json(
      "target:\n  wins: 5\nfunnel:\n  - stage: lead\n  - stage: won\n    rate: 10%\n"
      "channels:\n  - name: a\n    cpl: 10\n    max_leads: 20\n");
  CHECK(short_of.at("feasible") == false);
  CHECK(short_of.at("value").get<double>() == Approx(2.0).epsilon(1e-12));
  CHECK(short_of.at("max_value").get<double>() == Approx(2.0).epsilon(1e-12));
  CHECK(short_of.at("channels").at(0).at("binding") == "max_leads");
}

TEST_CASE("optimize: objectives: a stage, revenue", "[cli][optimize]") {
  const nlohmann::json mql = optimize_json(seed(), {"--objective", "mql"});
  CHECK(mql.at("value").get<double>() == Approx(50.0).epsilon(1e-12));
  CHECK(mql.at("objective") == "mql");
  const nlohmann::json revenue =
      optimize_json(seed() + "", {"--objective", "revenue", "--set", "target.deal_size=1000"});
  CHECK(revenue.at("value").get<double>() == Approx(4000.0).epsilon(1e-12));
}

TEST_CASE("optimize: every format prints, the same bytes in any locale", "[cli][optimize]") {
  for (const char* format : {"table", "json", "csv", "markdown"}) {
    const auto c = run_leadplan({"optimize", "examples/optimize.yaml", "--format", format},
                                std::nullopt, {{"LC_ALL", "C"}, {"NO_COLOR", "1"}});
    const auto de = run_leadplan({"optimize", "examples/optimize.yaml", "--format", format},
                                 std::nullopt, {{"LC_ALL", "de_DE.UTF-8"}, {"NO_COLOR", "1"}});
    INFO(format << ": " << c.err);
    CHECK(c.exit_code == 0);
    CHECK(c.err.empty());
    CHECK(c.out == de.out);
    CHECK(c.out.find("nan") == std::string::npos);
    CHECK(c.out.find("inf") == std::string::npos);
  }
  const auto csv = run_leadplan({"optimize", "examples/optimize.yaml", "--format", "csv"});
  CHECK(csv.out.rfind("kind,name,current_spend,current_leads,current_value,spend,leads,value,",
                      0) == 0);
  CHECK(csv.out.find("\ntotal,,") != std::string::npos);
}

TEST_CASE("optimize: bad input is a located error, exit 2, nothing on stdout", "[cli][optimize]") {
  struct Case {
    std::string text;
    std::vector<std::string> options;
    std::string message;
  };
  const std::vector<Case> cases = {
      {seed(),
       {"--objective", "mq"},
       "--objective:1:1: error: unknown objective `mq`; did you mean `mql`?"},
      {seed(),
       {"--objective", "revenue"},
       "<stdin>:3:3: error: the objective `revenue` needs a deal size"},
      {seed("budget: 1000\n") + "",
       {"--set", "channels.webinars.min_spend=800", "--set", "channels.paid_search.min_spend=300"},
       "more than the budget of 1000 (by 100)"},
      {"target:\n  wins: 5\nfunnel:\n  - stage: lead\n  - stage: won\n    rate: 10%\n"
       "channels:\n  - name: a\n    cpl_tiers:\n      - {leads: 10, cpl: 50}\n      - {cpl: 40}\n",
       {},
       "tier CPLs must not fall"},
      {"target:\n  wins: 5\nfunnel:\n  - stage: lead\n  - stage: won\n    rate: 10%\n",
       {},
       "`optimize` needs `channels`"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args = {"optimize", "-"};
    args.insert(args.end(), c.options.begin(), c.options.end());
    const auto r = run_leadplan(args, c.text);
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find(c.message) != std::string::npos);
  }
}

TEST_CASE("check: min_mix_efficiency fails shares that waste the budget", "[cli][optimize]") {
  // The shares buy 3.33 of the 4 wins the budget could: 83.33%.
  const auto pass = run_leadplan({"check", "-", "--format", "json"},
                                 seed("budget: 10000\nchecks:\n  min_mix_efficiency: 80%\n"));
  const auto fail = run_leadplan({"check", "-", "--format", "json"},
                                 seed("budget: 10000\nchecks:\n  min_mix_efficiency: 90%\n"));
  const auto find = [](const std::string& out) {
    const nlohmann::json report = nlohmann::json::parse(out);
    for (const auto& c : report.at("checks")) {
      if (c.at("name") == "min_mix_efficiency") {
        return c;
      }
    }
    FAIL("no min_mix_efficiency check");
    return nlohmann::json();
  };
  REQUIRE(!pass.out.empty());
  REQUIRE(!fail.out.empty());
  CHECK(find(pass.out).at("passed") == true);
  CHECK(find(fail.out).at("passed") == false);
  CHECK(find(fail.out).at("actual").get<double>() == Approx(10.0 / 12.0).epsilon(1e-12));
  CHECK(fail.exit_code == 1);
  const auto no_budget = run_leadplan({"check", "-"}, seed("checks:\n  min_mix_efficiency: 90%\n"));
  CHECK(no_budget.exit_code == 2);
  CHECK(no_budget.err.find("`min_mix_efficiency` needs a `budget` and `channels`") !=
        std::string::npos);
}

TEST_CASE("the README and docs/optimize.md show what optimize prints", "[cli][optimize][readme]") {
  const std::pair<const char*, const char*> samples[] = {
      {"README.md", "examples/optimize.yaml"},
      {"docs/optimize.md", "examples/seed.yaml"},
  };
  for (const auto& [doc, example] : samples) {
    const std::string text = leadplan::test::read_file(leadplan::test::source_path(doc));
    const std::string prompt = std::string("$ leadplan optimize ") + example + "\n";
    const std::size_t start = text.find(prompt);
    INFO(doc);
    REQUIRE(start != std::string::npos);
    const std::size_t body = start + prompt.size();
    const std::size_t end = text.find("```", body);
    REQUIRE(end != std::string::npos);
    const auto run = run_leadplan({"optimize", example}, std::string(), {{"NO_COLOR", "1"}});
    REQUIRE(run.exit_code == 0);
    CHECK(text.substr(body, end - body) == run.out);
  }
}
