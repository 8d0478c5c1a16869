// `leadplan check`: exit codes for passing and failing plans, every limit, and its formats.

#include <sstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "process.hpp"

using leadplan::test::run_leadplan;
using leadplan::test::source_path;
using leadplan::test::TempDir;

namespace {

// The seed funnel (315 leads, 63 MQLs, meeting 20) with `extra` appended.
std::string scenario(const std::string& extra) {
  return "target:\n  wins: 5\n"
         "funnel:\n"
         "  - stage: lead\n"
         "  - stage: mql\n    rate: 20%\n"
         "  - stage: sql\n    rate: 40%\n"
         "  - stage: meeting\n    rate: 80%\n    capacity: 30\n"
         "  - stage: won\n    rate: 25%\n"
         "channels:\n"
         "  - name: paid_search\n    cpl: 30\n    mql_rate: 10%\n"
         "  - name: webinars\n    cpl: 80\n    mql_rate: 40%\n" +
         extra;
}

struct CheckFixture {
  TempDir dir;
  leadplan::test::RunResult check(const std::string& extra,
                                  std::vector<std::string> options = {"--format", "json"}) {
    const std::string path = dir.write("plan.yaml", scenario(extra));
    std::vector<std::string> args = {"check", path};
    args.insert(args.end(), options.begin(), options.end());
    return run_leadplan(args);
  }
  // The check named `name` in a JSON result.
  static nlohmann::json find(const nlohmann::json& report, const std::string& name) {
    for (const auto& c : report.at("checks")) {
      if (c.at("name") == name) {
        return c;
      }
    }
    FAIL("no check named " << name);
    return {};
  }
};

}  // namespace

TEST_CASE_METHOD(CheckFixture, "a plan the budget buys passes with exit 0", "[check]") {
  // The mix's blended cost per MQL is 240; 63 MQLs need 15,120.
  const auto r = check("budget: 16000\n");
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.empty());
  const auto report = nlohmann::json::parse(r.out);
  CHECK(report.at("passed") == true);
  const auto budget = find(report, "budget");
  CHECK(budget.at("passed") == true);
  // Win coverage: 16,000 buys 16,000 / 3,000 projected wins of the 5 (docs/math.md, 5).
  CHECK(budget.at("actual").get<double>() == Approx(16000.0 / 3000.0 / 5.0));
  CHECK(budget.at("limit") == 1);
  const auto capacity = find(report, "capacity");
  CHECK(capacity.at("passed") == true);
  CHECK(capacity.at("actual") == 20);
  CHECK(capacity.at("limit") == 30);
}

TEST_CASE_METHOD(CheckFixture, "an over-budget plan fails with exit 1", "[check]") {
  const auto r = check("budget: 10000\n");
  REQUIRE(r.exit_code == 1);
  CHECK(r.err.empty());
  const auto report = nlohmann::json::parse(r.out);
  CHECK(report.at("passed") == false);
  CHECK(find(report, "budget").at("passed") == false);
  CHECK(find(report, "budget").at("actual").get<double>() == Approx(10000.0 / 3000.0 / 5.0));
}

TEST_CASE_METHOD(CheckFixture, "a capacity breach fails with exit 1", "[check]") {
  const auto r =
      check("budget: 16000\n", {"--format", "json", "--set", "funnel.meeting.capacity=15"});
  REQUIRE(r.exit_code == 1);
  const auto capacity = find(nlohmann::json::parse(r.out), "capacity");
  CHECK(capacity.at("passed") == false);
  CHECK(capacity.at("actual") == 20);
  CHECK(capacity.at("limit") == 15);
}

TEST_CASE_METHOD(CheckFixture, "a capacity equal to the required count passes", "[check]") {
  const auto r =
      check("budget: 16000\n", {"--format", "json", "--set", "funnel.meeting.capacity=20"});
  CHECK(r.exit_code == 0);
}

TEST_CASE_METHOD(CheckFixture, "each limit under checks: passes and fails on its side of the limit",
                 "[check]") {
  struct Case {
    std::string limit;
    std::string passing;
    std::string failing;
    double actual;
  };
  // With budget 16000: coverage 16000/240/63 = 1.0582..., allowable CPL 16000/315 = 50.79...,
  // 315 leads, budget needed 15,000 (projected wins = budget / 3,000 reach 5), blended
  // cost per MQL 240.
  const std::vector<Case> cases = {
      {"min_coverage", "105%", "106%", 16000.0 / 240.0 / 63.0},
      {"min_allowable_cpl", "50", "51", 16000.0 / 315.0},
      {"max_required_leads", "315", "314", 315},
      {"max_budget_needed", "15000", "14999.99", 15000},
      {"max_blended_effective_cpl", "240", "239.99", 240},
  };
  for (const Case& c : cases) {
    SECTION(c.limit) {
      const auto pass = check("budget: 16000\nchecks:\n  " + c.limit + ": " + c.passing + "\n");
      CHECK(pass.exit_code == 0);
      CHECK(find(nlohmann::json::parse(pass.out), c.limit).at("actual").get<double>() ==
            Approx(c.actual));
      const auto fail = check("budget: 16000\nchecks:\n  " + c.limit + ": " + c.failing + "\n");
      CHECK(fail.exit_code == 1);
      CHECK(find(nlohmann::json::parse(fail.out), c.limit).at("passed") == false);
    }
  }
}

TEST_CASE_METHOD(CheckFixture, "channels_within_allowable compares each channel's cost per MQL",
                 "[check]") {
  // Allowable cost per MQL: budget / 63. 300 and 200 per MQL need a budget of 18,900.
  const auto fail = check("budget: 16000\nchecks:\n  channels_within_allowable: true\n");
  CHECK(fail.exit_code == 1);
  const auto result = find(nlohmann::json::parse(fail.out), "channels_within_allowable");
  CHECK(result.at("actual") == false);
  CHECK(result.at("limit") == true);
  CHECK(result.at("detail").get<std::string>().find(
            "over the allowable cost per `mql`: paid_search") != std::string::npos);
  const auto pass = check("budget: 18900\nchecks:\n  channels_within_allowable: true\n");
  CHECK(pass.exit_code == 0);
}

TEST_CASE_METHOD(CheckFixture, "a limit that needs a budget is an input error without one",
                 "[check]") {
  const auto r = check("checks:\n  min_allowable_cpl: 20\n");
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err.find(":22:3: error: `min_allowable_cpl` needs a `budget` to check") !=
        std::string::npos);
}

TEST_CASE_METHOD(CheckFixture, "an unknown limit is an input error with a suggestion", "[check]") {
  const auto r = check("budget: 16000\nchecks:\n  min_coverge: 100%\n");
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err.find(
            ":23:3: error: unknown key `min_coverge` in `checks`; did you mean `min_coverage`?") !=
        std::string::npos);
}

TEST_CASE_METHOD(CheckFixture, "the table lists failing checks first and quiet prints only them",
                 "[check]") {
  const auto table =
      check("budget: 10000\nchecks:\n  max_required_leads: 400\n", {"--format", "table"});
  REQUIRE(table.exit_code == 1);
  const auto fail_at = table.out.find("FAIL  budget");
  const auto pass_at = table.out.find("pass  capacity");
  REQUIRE(fail_at != std::string::npos);
  REQUIRE(pass_at != std::string::npos);
  CHECK(fail_at < pass_at);
  CHECK(table.out.find("1 of 3 checks failed") != std::string::npos);

  const auto quiet = check("budget: 10000\nchecks:\n  max_required_leads: 400\n", {"--quiet"});
  CHECK(quiet.exit_code == 1);
  CHECK(quiet.out ==
        "  FAIL  budget: the mix projects 3.33 of the 5 wins of the target (win coverage "
        "66.66%)\n");
  const auto silent = check("budget: 16000\n", {"-q"});
  CHECK(silent.exit_code == 0);
  CHECK(silent.out.empty());
}

TEST_CASE_METHOD(CheckFixture, "check as CSV is the plan's CSV then one row per check", "[check]") {
  const auto r = check("budget: 10000\n", {"--format", "csv"});
  CHECK(r.exit_code == 1);
  // The header of calc's CSV with four more columns; the stage and channel rows
  // as calc writes them (with four empty fields); no blank line (8.1); the checks.
  const std::string header =
      "kind,name,rate,benchmark,capacity,required,allowable_cost,projected,cpl,mql_rate,share,"
      "max_leads,effective_cpl,within_allowable,budget,leads,spend,cac,wins,revenue,roi,stage,"
      "yield,cost_per_stage,value,improved,required_leads,projected_wins,budget_needed,passed,"
      "actual,limit,detail\n";
  REQUIRE(r.out.rfind(header, 0) == 0);
  CHECK(r.out.find("stage,lead,,,,315,31.746031746031747,229.16666666666666,,,,,,,,,,,,,,,,,,,,,,,,"
                   ",\n") != std::string::npos);
  CHECK(r.out.find("\n\n") == std::string::npos);
  const std::string checks =
      "check,budget,,,,,,,,,,,,,,,,,,,,,,,,,,,,false,0.6666666666666667,1,the mix projects 3.33 "
      "of the 5 wins of the target (win coverage 66.66%)\n"
      "check,capacity,,,,,,,,,,,,,,,,,,,,,,,,,,,,true,20,30,`meeting` needs 20 with a capacity of "
      "30\n";
  CHECK(r.out.size() > checks.size());
  CHECK(r.out.substr(r.out.size() - checks.size()) == checks);
}

TEST_CASE("check on the seed example fails its budget and says so in Markdown", "[check]") {
  const auto r = run_leadplan({"check", source_path("examples/seed.yaml"), "--format", "markdown"});
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("#### Checks: 1 failed") != std::string::npos);
  // Actual and limit as the report prints them (8: one figure, one rounding).
  CHECK(r.out.find("| **FAIL** | budget | 66.66% | 100% |") != std::string::npos);
}

TEST_CASE("a mix just short of the target never reads as all of it", "[check]") {
  // 14,999.99 projects 4.9999967 of the 5 wins: the check fails and says 4.99 and 99.99%,
  // never 5 of the 5 or 100%; 15,000 passes (docs/math.md, 5 and 7).
  const auto r =
      run_leadplan({"check", "examples/seed.yaml", "--set", "budget=14999.99", "--format", "csv"});
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("the mix projects 4.99 of the 5 wins of the target (win coverage 99.99%)") !=
        std::string::npos);
  const auto met =
      run_leadplan({"check", "examples/seed.yaml", "--set", "budget=15000", "--format", "csv"});
  CHECK(met.exit_code == 0);
  CHECK(met.out.find("the mix projects 5 of the 5 wins of the target (win coverage 100%)") !=
        std::string::npos);
}

TEST_CASE_METHOD(CheckFixture, "channels_within_allowable: false is reported and passes",
                 "[check]") {
  const auto r = check("budget: 10000\nchecks:\n  channels_within_allowable: false\n");
  const auto result = find(nlohmann::json::parse(r.out), "channels_within_allowable");
  CHECK(result.at("passed") == true);
  CHECK(result.at("actual") == false);  // both channels are over, but none is required not to be
  CHECK(result.at("limit") == false);
}

TEST_CASE_METHOD(CheckFixture, "a bare min_coverage of 100 is taken for a forgotten percent sign",
                 "[check]") {
  const auto r = check("budget: 16000\nchecks:\n  min_coverage: 100\n");
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err.find(":23:17: error: `min_coverage` `100` would be 10000%; write `100%` or `1`") !=
        std::string::npos);
  CHECK(check("budget: 16000\nchecks:\n  min_coverage: 1.05\n").exit_code == 0);  // 105%
}

TEST_CASE_METHOD(CheckFixture,
                 "under GITHUB_ACTIONS=true each failed check is annotated at its limit",
                 "[check][github]") {
  const std::string path =
      dir.write("plan.yaml",
                scenario("budget: 1000\nchecks:\n  max_required_leads: 10\n  min_coverage: 50%\n"));
  const std::vector<std::string> args = {"check", path,    "--format",
                                         "json",  "--set", "checks.min_allowable_cpl=1000"};
  const auto r = run_leadplan(args, std::nullopt, {{"GITHUB_ACTIONS", "true"}});
  CHECK(r.exit_code == 1);
  CHECK_NOTHROW(nlohmann::json::parse(r.out));  // stdout is the report only
  std::vector<std::string> lines;
  std::istringstream err(r.err);
  for (std::string line; std::getline(err, line);) {
    lines.push_back(line);
  }
  // budget is built in: at the file; the limits at their keys (`%` escaped as GitHub
  // requires); one given by --set has no line in the file.
  REQUIRE(lines.size() == 4);
  CHECK(lines[0].rfind("::error file=" + path + "::check `budget` failed: the mix projects ", 0) ==
        0);
  CHECK(lines[0].find("(win coverage ") != std::string::npos);
  CHECK(lines[1] == "::error file=" + path +
                        ",line=24,col=3::check `min_coverage` failed: coverage of `mql` 6.61%25, "
                        "at least 50%25 wanted");
  CHECK(lines[2].rfind("::error file=" + path + "::check `min_allowable_cpl` failed: ", 0) == 0);
  CHECK(lines[3] == "::error file=" + path +
                        ",line=23,col=3::check `max_required_leads` failed: `lead` required 315, "
                        "at most 10 wanted");
  // Passing checks, and runs outside GitHub Actions, print nothing on stderr.
  CHECK(run_leadplan(args, std::nullopt, {{"GITHUB_ACTIONS", "false"}}).err.empty());
  const std::vector<std::string> passing = {
      "check", path,         "--format", "json",
      "--set", "budget=1e9", "--set",    "checks.max_required_leads=1e6"};
  const auto pass = run_leadplan(passing, std::nullopt, {{"GITHUB_ACTIONS", "true"}});
  CHECK(pass.exit_code == 0);
  CHECK(pass.err.empty());
}
