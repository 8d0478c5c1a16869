// `leadplan track` and `check --leads`: exact figures on a small hand-computed
// export in every format, bad files (located errors, exit 2, nothing on
// stdout), --as-of, channels not in the plan, the spend file, the examples.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "process.hpp"

using leadplan::test::run_leadplan;
using leadplan::test::RunResult;
using leadplan::test::source_path;
using leadplan::test::TempDir;
using nlohmann::json;

namespace {

// Two wins a month through a 50% and a 50% step: 8 leads, 4 MQLs, 2 wins required.
const std::string k_scenario =
    "name: Small\n"
    "target:\n  wins: 2\n"
    "funnel:\n"
    "  - stage: lead\n"
    "  - stage: mql\n    rate: 50%\n"
    "  - stage: won\n    rate: 50%\n"
    "channels:\n"
    "  - name: ads\n    cpl: 10\n"
    "actuals:\n"
    "  channel: Source\n"
    "  stages:\n    lead: Created\n    mql: MQL\n    won: Won\n"
    "  channel_names:\n    Google: ads\n"
    "  maturity_days: 5\n"
    "  min_sample: 3\n";

// As of 2027-03-10 (10 of March's 31 days): row 6 has no date (skipped), row 7's
// only date is after as-of, lead 3 was created in February.
const std::string k_leads =
    "Id,Source,Created,MQL,Won\n"
    "1,Google,2027-03-01,2027-03-02 10:00,2027-03-05T08:00:00Z\n"
    "2,Google,2027-03-02,,\n"
    "3,Google,2027-02-20,2027-03-01,\n"
    "4,Facebook,2027-03-03,2027-03-04,\n"
    "5,,2027-03-09,,\n"
    "6,Google,,,\n"
    "7,Google,2027-03-12,,\n";

const std::string k_spend =
    "channel,date,amount\n"
    "Google,2027-03-01,100\n"
    "Google,2027-03-11,50\n"
    "Facebook,2027-03-05,30\n";

struct TrackFixture {
  TempDir dir;
  std::string scenario = dir.write("plan.yaml", k_scenario);
  std::string leads = dir.write("leads.csv", k_leads);
  std::string spend = dir.write("spend.csv", k_spend);

  RunResult track(std::vector<std::string> extra) const {
    std::vector<std::string> args = {"track", scenario, "--leads", leads};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_leadplan(args);
  }
  RunResult track_json(std::vector<std::string> extra = {}) const {
    extra.insert(extra.end(), {"--format", "json", "--as-of", "2027-03-10"});
    return track(extra);
  }
  // A run on a leads file with `content` (the scenario as above): must fail with exit 2.
  RunResult bad_leads(const std::string& content, std::vector<std::string> extra = {}) const {
    const std::string path = dir.write("bad.csv", content);
    std::vector<std::string> args = {"track", scenario, "--leads", path, "--format", "json"};
    args.insert(args.end(), extra.begin(), extra.end());
    RunResult r = run_leadplan(args);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    return r;
  }
};

// The fields of every record of `csv` without quoted fields (the test files have none).
std::vector<std::vector<std::string>> split_csv(const std::string& csv) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(csv);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> fields(1);
    for (char c : line) {
      if (c == ',') {
        fields.emplace_back();
      } else {
        fields.back().push_back(c);
      }
    }
    rows.push_back(fields);
  }
  return rows;
}

}  // namespace

TEST_CASE_METHOD(TrackFixture, "track: pacing, observed rates and channels by hand",
                 "[cli][track]") {
  const RunResult r = track_json({"--spend", spend});
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.empty());
  const json report = json::parse(r.out);
  const json& t = report.at("track");
  CHECK(t.at("as_of") == "2027-03-10");
  CHECK(t.at("period").at("start") == "2027-03-01");
  CHECK(t.at("period").at("end") == "2027-03-31");
  CHECK(t.at("period").at("elapsed").get<double>() == Approx(10.0 / 31.0).epsilon(1e-15));
  CHECK(t.at("rows") == 7);
  CHECK(t.at("rows_skipped") == 1);

  const json& stages = t.at("stages");
  REQUIRE(stages.size() == 3);
  CHECK(stages[0].at("name") == "lead");
  CHECK(stages[0].at("required") == 8);
  CHECK(stages[0].at("actual") == 4);  // leads 1, 2, 4, 5
  CHECK(stages[0].at("plan_to_date").get<double>() == Approx(80.0 / 31.0));
  CHECK(stages[0].at("pace").get<double>() == Approx(4.0 / (80.0 / 31.0)));
  CHECK(stages[0].at("forecast").get<double>() == Approx(4.0 * 31.0 / 10.0));
  CHECK(stages[0].at("rate").is_null());
  CHECK(stages[0].at("observed_rate").is_null());
  CHECK(stages[0].at("n").is_null());
  CHECK(stages[0].at("maturity_days").is_null());
  CHECK(stages[1].at("actual") == 3);  // 1, 3 (created in February) and 4
  CHECK(stages[1].at("rate") == 0.5);
  // Mature for the step into mql: reached lead by 2027-03-05 (1, 2, 3, 4); 1, 3 and 4 converted.
  CHECK(stages[1].at("n") == 4);
  CHECK(stages[1].at("observed_rate") == 0.75);
  CHECK(stages[1].at("maturity_days") == 5);
  CHECK(stages[2].at("actual") == 1);
  CHECK(stages[2].at("n") == 3);
  CHECK(stages[2].at("observed_rate").get<double>() == Approx(1.0 / 3.0).epsilon(1e-15));
  // The bottleneck: won at (1/3) / 50%, below mql's 75% / 50%.
  CHECK(t.at("bottleneck").at("stage") == "won");
  CHECK(t.at("bottleneck").at("from") == "mql");
  CHECK(t.at("bottleneck").at("ratio").get<double>() == Approx(2.0 / 3.0));

  // The plan's channel first, then the others by name, `(none)` last.
  const json& channels = t.at("channels");
  REQUIRE(channels.size() == 3);
  CHECK(channels[0].at("name") == "ads");
  CHECK(channels[0].at("in_plan") == true);
  CHECK(channels[0].at("actual") == json::array({2, 2, 1}));
  CHECK(channels[0].at("spend") == 100);  // the 50 of 2027-03-11 is after as-of
  CHECK(channels[0].at("cpl") == 50);
  CHECK(channels[0].at("cost_per_stage") == json::array({50, 50, 100}));
  CHECK(channels[0].at("lead_time_median") == json::array({0, 1, 4}));
  CHECK(channels[0].at("lead_time_p90") == json::array({0, 9, 4}));
  CHECK(channels[1].at("name") == "Facebook");
  CHECK(channels[1].at("in_plan") == false);
  CHECK(channels[1].at("actual") == json::array({1, 1, 0}));
  CHECK(channels[1].at("cost_per_stage") == json::array({30, 30, nullptr}));
  CHECK(channels[2].at("name") == "(none)");
  CHECK(channels[2].at("in_plan") == false);
  CHECK(channels[2].at("spend") == 0);
  CHECK(channels[2].at("cpl") == 0);
  CHECK(channels[2].at("observed_rate") == json::array({nullptr, nullptr, nullptr}));
  for (const json& c : channels) {
    for (const char* key : {"n", "observed_yield", "lead_time_median", "lead_time_p90"}) {
      CHECK(c.at(key).size() == 3);
    }
  }
}

TEST_CASE_METHOD(TrackFixture, "track: without a spend file costs are null", "[cli][track]") {
  const RunResult r = track_json();
  REQUIRE(r.exit_code == 0);
  const json t = json::parse(r.out).at("track");
  CHECK(t.at("channels")[0].at("spend").is_null());
  CHECK(t.at("channels")[0].at("cpl").is_null());
  CHECK(t.at("channels")[0].at("cost_per_stage") == json::array({nullptr, nullptr, nullptr}));
}

TEST_CASE_METHOD(TrackFixture, "track: --as-of defaults to the latest date and moves the period",
                 "[cli][track]") {
  RunResult r = track({"--format", "json"});
  REQUIRE(r.exit_code == 0);
  json t = json::parse(r.out).at("track");
  CHECK(t.at("as_of") == "2027-03-12");
  CHECK(t.at("stages")[0].at("actual") == 5);  // row 7 counts now
  r = track({"--format", "json", "--as-of", "2027-02-28"});
  REQUIRE(r.exit_code == 0);
  t = json::parse(r.out).at("track");
  CHECK(t.at("period").at("start") == "2027-02-01");
  CHECK(t.at("period").at("elapsed") == 1);
  CHECK(t.at("stages")[0].at("actual") == 1);  // only lead 3; March is ahead
  CHECK(t.at("stages")[1].at("actual") == 0);
}

TEST_CASE_METHOD(TrackFixture, "track: the table shows the pace, the matrix and the leak",
                 "[cli][track]") {
  const RunResult r = track({"--as-of", "2027-03-10", "--spend", spend});
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.empty());
  CHECK_THAT(r.out, Catch::Contains("Small: actuals as of 2027-03-10"));
  CHECK_THAT(r.out, Catch::Contains("Period 2027-03 (2027-03-01 to 2027-03-31): 10 of 31 days "
                                    "elapsed (32.26%)"));
  CHECK_THAT(r.out, Catch::Contains("7 rows, 1 skipped (no date)"));
  CHECK_THAT(r.out, Catch::Contains("mql rate"));
  CHECK_THAT(r.out, Catch::Contains("Effective CPL"));
  CHECK_THAT(r.out, Catch::Contains("$50.00"));
  CHECK_THAT(r.out, Catch::Contains("Weakest step: `mql` -> `won` converts at 33.33% against the "
                                    "planned 50% (66.67% of plan, 3 mature leads)."));
  CHECK_THAT(r.out, Catch::Contains("The funnel leaks most at `mql` -> `won`"));
  CHECK_THAT(r.out, Catch::Contains("channels not in the plan: Facebook (1), (none) (1)"));
  // The same bytes in another locale.
  const RunResult de =
      run_leadplan({"track", scenario, "--leads", leads, "--as-of", "2027-03-10", "--spend", spend},
                   std::nullopt, {{"LC_ALL", "de_DE.UTF-8"}});
  CHECK(de.out == r.out);
}

TEST_CASE_METHOD(TrackFixture, "track: CSV has one header, a kind column and no blank line",
                 "[cli][track]") {
  const RunResult r = track({"--as-of", "2027-03-10", "--spend", spend, "--format", "csv"});
  REQUIRE(r.exit_code == 0);
  const auto rows = split_csv(r.out);
  REQUIRE(rows.size() == 1 + 1 + 3 + 3 * (1 + 3) + 1);
  CHECK(rows[0][0] == "kind");
  for (const auto& row : rows) {
    CHECK(row.size() == rows[0].size());
  }
  CHECK(rows[1][0] == "track");
  CHECK(rows[2][0] == "stage");
  CHECK(rows[5][0] == "channel");
  CHECK(rows[5][1] == "ads");
  CHECK(rows.back()[0] == "bottleneck");
  CHECK(r.out.find("\n\n") == std::string::npos);
  auto column = [&](const std::string& name) {
    for (std::size_t i = 0; i < rows[0].size(); ++i) {
      if (rows[0][i] == name) {
        return i;
      }
    }
    FAIL("no column " << name);
    return std::size_t{0};
  };
  CHECK(rows[1][column("rows")] == "7");
  CHECK(rows[3][column("observed_rate")] == "0.75");
  CHECK(rows[5][column("cpl")] == "50");
  CHECK(rows.back()[column("stage")] == "won");
}

TEST_CASE_METHOD(TrackFixture, "track: Markdown holds the same tables", "[cli][track]") {
  const RunResult r = track({"--as-of", "2027-03-10", "--format", "markdown"});
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::StartsWith("### Small: actuals as of 2027-03-10\n"));
  CHECK_THAT(r.out, Catch::Contains("| Stage | Required | Plan to date |"));
  CHECK_THAT(r.out, Catch::Contains("| ads | yes | 2 |"));
  CHECK_THAT(r.out, Catch::Contains("**Where the funnel leaks**"));
}

TEST_CASE_METHOD(TrackFixture, "track --format scenario is ready for calc", "[cli][track]") {
  const RunResult r = track({"--as-of", "2027-03-10", "--format", "scenario"});
  REQUIRE(r.exit_code == 0);
  // mql: 3 of 4 mature leads, won: 1 of 3; min_sample is 3, so both replace the plan's.
  CHECK_THAT(r.out, Catch::Contains("  - stage: mql\n    rate: 0.75  # observed; planned 0.5\n"
                                    "    evidence:\n      entered: 4\n      converted: 3\n"));
  CHECK_THAT(r.out, Catch::Contains("      entered: 3\n      converted: 1\n"));
  CHECK_THAT(r.out, Catch::Contains("actuals:\n  channel: Source\n"));
  const std::string written = dir.write("observed.yaml", r.out);
  const RunResult calc = run_leadplan({"calc", written, "--format", "json"});
  REQUIRE(calc.exit_code == 0);
  const json plan = json::parse(calc.out);
  CHECK(plan.at("stages")[1].at("rate") == 0.75);
  // ads: 2 of 3 mature leads into mql, fewer than min_sample... 3 is enough: its own rate.
  // Tracked again, the written scenario gives the same actuals.
  const RunResult again = run_leadplan(
      {"track", written, "--leads", leads, "--as-of", "2027-03-10", "--format", "json"});
  REQUIRE(again.exit_code == 0);
  CHECK(json::parse(again.out).at("track").at("stages")[1].at("observed_rate") == 0.75);
  // Below min_sample the plan's rate stays.
  const RunResult few =
      track({"--as-of", "2027-03-10", "--format", "scenario", "--set", "actuals.min_sample=5"});
  REQUIRE(few.exit_code == 0);
  CHECK_THAT(few.out, Catch::Contains("    rate: 0.5  # planned: 4 mature leads, fewer than 5\n"));
  CHECK(few.out.find("evidence:") == std::string::npos);
}

TEST_CASE_METHOD(TrackFixture, "track reads the scenario from stdin", "[cli][track]") {
  const RunResult r = run_leadplan(
      {"track", "-", "--leads", leads, "--as-of", "2027-03-10", "--format", "json"}, k_scenario);
  REQUIRE(r.exit_code == 0);
  CHECK(json::parse(r.out).at("track").at("rows") == 7);
  const RunResult both = run_leadplan({"track", "-", "--leads", "-"}, k_scenario);
  CHECK(both.exit_code == 2);
  CHECK(both.out.empty());
}

TEST_CASE_METHOD(TrackFixture, "track: every problem of the export, located, exit 2",
                 "[cli][track][bad-input]") {
  SECTION("bad dates name their column, all of them") {
    const RunResult r = bad_leads(
        "Id,Source,Created,MQL,Won\n"
        "1,Google,2027-02-30,,\n"
        "2,Google,2027-03-01,03/02/2027,\n");
    CHECK_THAT(r.err, Catch::Contains("bad.csv:2:10: error: column `Created`: \"2027-02-30\" is "
                                      "not a date: 2027-02 has 28 days"));
    CHECK_THAT(r.err, Catch::Contains("bad.csv:3:21: error: column `MQL`: \"03/02/2027\""));
  }
  SECTION("a ragged row") {
    const RunResult r = bad_leads("Id,Source,Created,MQL,Won\n1,Google,2027-03-01,,,extra\n");
    CHECK_THAT(r.err,
               Catch::Contains("bad.csv:2:23: error: the row has 6 fields, the header has 5"));
  }
  SECTION("an unclosed quote") {
    const RunResult r = bad_leads("Id,Source,Created,MQL,Won\n1,\"Google,2027-03-01,,\n");
    CHECK_THAT(r.err, Catch::Contains("bad.csv:2:3: error: the quote opened here is not closed"));
  }
  SECTION("a mapped column missing from the header, with a suggestion") {
    const RunResult r = bad_leads("Id,Source,Create,MQL Date,Won\n1,Google,2027-03-01,,\n");
    CHECK_THAT(r.err, Catch::Contains("bad.csv:1:1: error: the header has no column `Created` "
                                      "(`actuals.stages.lead`); did you mean `Create`?"));
    CHECK_THAT(r.err,
               Catch::Contains(
                   "bad.csv:1:1: error: the header has no column `MQL` "
                   "(`actuals.stages.mql`); the columns are: Id, Source, Create, MQL Date, Won"));
  }
  SECTION("an empty file, a file that is not UTF-8") {
    CHECK_THAT(bad_leads("").err, Catch::Contains("bad.csv:1:1: error: the file is empty"));
    CHECK_THAT(bad_leads("Id,Source,Created,MQL,Won\n1,Caf\xe9,2027-03-01,,\n").err,
               Catch::Contains("bad.csv:2:6: error: line 2 is not valid UTF-8"));
  }
  SECTION("no date at all") {
    CHECK_THAT(bad_leads("Id,Source,Created,MQL,Won\n1,Google,,,\n").err,
               Catch::Contains("bad.csv:1:1: error: the export has no date in any mapped column"));
  }
  SECTION("a missing file") {
    const RunResult r = run_leadplan({"track", scenario, "--leads", dir.path() + "/none.csv"});
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK_THAT(r.err, Catch::Contains("none.csv:1:1: error:"));
  }
  SECTION("the cap: at most the diagnostics' limit, then a count") {
    std::string text = "Id,Source,Created,MQL,Won\n";
    for (int i = 0; i < 200; ++i) {
      text += "1,Google,yesterday,,\n";
    }
    const RunResult r = bad_leads(text);
    CHECK_THAT(r.err, Catch::Contains("bad.csv:51:10: error: column `Created`: \"yesterday\""));
    CHECK(r.err.find("bad.csv:52:10") == std::string::npos);
    CHECK_THAT(r.err, Catch::Contains("leadplan: 150 more errors not shown"));
  }
}

TEST_CASE_METHOD(TrackFixture, "track: --as-of, the spend file and the scenario, checked",
                 "[cli][track][bad-input]") {
  SECTION("a bad --as-of") {
    const RunResult r = track({"--as-of", "2027-3-1"});
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK_THAT(r.err, Catch::Contains("--as-of:1:1: error: `--as-of`: \"2027-3-1\" is not a date"));
  }
  SECTION("an --as-of before every date") {
    const RunResult r = track({"--as-of", "2026-12-31"});
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK_THAT(r.err, Catch::Contains("--as-of:1:1: error: `--as-of` 2026-12-31 is before every "
                                      "date in " +
                                      leads + " (the earliest is 2027-02-20)"));
  }
  SECTION("a negative amount and a bad month in the spend file") {
    const std::string bad =
        dir.write("bad_spend.csv", "channel,month,amount\nGoogle,2027-03,-5\nGoogle,2027-13,5\n");
    const RunResult r = track({"--spend", bad});
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK_THAT(r.err,
               Catch::Contains("bad_spend.csv:2:16: error: column `amount`: -5 is negative"));
    CHECK_THAT(r.err, Catch::Contains("bad_spend.csv:3:8: error: column `month`: \"2027-13\""));
  }
  SECTION("a spend file without its columns") {
    const std::string bad = dir.write("bad_spend.csv", "source,day,cost\nGoogle,2027-03-01,5\n");
    const RunResult r = track({"--spend", bad});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("bad_spend.csv:1:1: error: the spend file has no `date` or "
                                      "`month` column"));
  }
  SECTION("a scenario without actuals") {
    const RunResult r =
        run_leadplan({"track", source_path("examples/seed.yaml"), "--leads", leads});
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK_THAT(r.err,
               Catch::Contains("seed.yaml:1:1: error: the scenario has no `actuals` section"));
  }
  SECTION("--leads is required") {
    const RunResult r = run_leadplan({"track", scenario});
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
  }
}

TEST_CASE_METHOD(TrackFixture, "check --leads gates on min_pace and max_cpl_actual",
                 "[cli][track][check]") {
  auto check = [&](const std::string& limits, std::vector<std::string> extra) {
    const std::string path = dir.write("checked.yaml", k_scenario + "checks:\n" + limits);
    std::vector<std::string> args = {"check",   path,  "--format", "json",
                                     "--leads", leads, "--as-of",  "2027-03-10"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_leadplan(args);
  };
  auto find = [](const json& report, const std::string& name) {
    for (const json& c : report.at("checks")) {
      if (c.at("name") == name) {
        return c;
      }
    }
    FAIL("no check " << name);
    return json();
  };
  // The paces: lead 4 / (80/31) = 155%, mql 3 / (40/31) = 232.5%, won 1 / (20/31) = 155%.
  RunResult r = check("  min_pace: 150%\n", {});
  REQUIRE(r.exit_code == 0);
  json c = find(json::parse(r.out), "min_pace");
  CHECK(c.at("passed") == true);
  CHECK(c.at("actual").get<double>() == Approx(1.55));
  r = check("  min_pace: 160%\n", {});
  CHECK(r.exit_code == 1);
  c = find(json::parse(r.out), "min_pace");
  CHECK(c.at("passed") == false);
  CHECK(c.at("limit") == 1.6);
  // Spend 130 over 4 leads in the period: 32.50.
  r = check("  max_cpl_actual: 40\n", {"--spend", spend});
  REQUIRE(r.exit_code == 0);
  CHECK(find(json::parse(r.out), "max_cpl_actual").at("actual") == 32.5);
  r = check("  max_cpl_actual: 30\n", {"--spend", spend});
  CHECK(r.exit_code == 1);
  CHECK(find(json::parse(r.out), "max_cpl_actual").at("passed") == false);
  // Without a spend file there is no actual CPL: an input error at the limit.
  r = check("  max_cpl_actual: 30\n", {});
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK_THAT(r.err,
             Catch::Contains("checked.yaml:24:3: error: `max_cpl_actual` needs a spend file"));
  // Without --leads the actuals limits are not checked.
  const std::string path = dir.write("plain.yaml", k_scenario + "checks:\n  min_pace: 160%\n");
  r = run_leadplan({"check", path, "--format", "json"});
  CHECK(r.exit_code == 0);
}

TEST_CASE("track: the HubSpot and Salesforce examples", "[cli][track][examples]") {
  for (const std::string style : {"hubspot", "salesforce"}) {
    const std::string base = "examples/track/" + style;
    const RunResult r = run_leadplan({"track", base + ".yaml", "--leads", base + "_leads.csv",
                                      "--spend", base + "_spend.csv", "--format", "json"});
    INFO(style << ": " << r.err);
    REQUIRE(r.exit_code == 0);
    const json t = json::parse(r.out).at("track");
    CHECK(t.at("as_of") == "2027-03-15");
    CHECK(t.at("rows") == 1500);
    CHECK(t.at("rows_skipped") == 0);
    // Every planned channel mapped, Organic Search (HubSpot's) or Web (Salesforce's) not in the
    // plan.
    const json& channels = t.at("channels");
    CHECK(channels[0].at("name") == "paid_search");
    CHECK(channels[0].at("actual")[0].get<int>() > 0);
    // HubSpot's spend is by day: the simulated CPL. Salesforce's is by month, spread over
    // March's 31 days, of which 15 are up to as-of, while the leads stop at as-of.
    CHECK(channels[0].at("cpl").get<double>() ==
          Approx(style == "hubspot" ? 45.0 : 45.0 * 15.0 / 31.0).epsilon(1e-12));
    bool organic = false;
    for (const json& c : channels) {
      if (c.at("name") == (style == "hubspot" ? "Organic Search" : "Web")) {
        organic = true;
        CHECK(c.at("in_plan") == false);
      }
    }
    CHECK(organic);
    for (const json& s : t.at("stages")) {
      if (s.at("name") != "lead") {
        CHECK(s.at("n").get<int>() > 0);
      }
    }
    // Each format of the example runs.
    for (const char* format : {"table", "csv", "markdown", "scenario"}) {
      const RunResult f = run_leadplan(
          {"track", base + ".yaml", "--leads", base + "_leads.csv", "--format", format});
      CHECK(f.exit_code == 0);
      CHECK_FALSE(f.out.empty());
    }
  }
}

namespace {

// One `leadplan` command of a Markdown page: its arguments, the exit status a
// `# exits N` comment gives (else 0), and for a `$ leadplan` line of a console
// block, the output written under it.
struct DocCommand {
  std::vector<std::string> args;
  int exit_code = 0;
  std::optional<std::string> output;
  int line = 0;
};

std::vector<DocCommand> doc_commands(const std::string& text) {
  std::vector<DocCommand> commands;
  std::istringstream in(text);
  std::string line;
  bool fenced = false;
  int number = 0;
  DocCommand* console = nullptr;
  while (std::getline(in, line)) {
    ++number;
    if (line.rfind("```", 0) == 0) {
      fenced = !fenced;
      console = nullptr;
      continue;
    }
    if (!fenced) {
      continue;
    }
    std::string_view view = line;
    const bool prompt = view.find("$ leadplan ") == 0;
    while (!view.empty() && view.front() == ' ') {
      view.remove_prefix(1);
    }
    for (std::string_view prefix : {"$ ", "- run: ", "run: "}) {
      if (view.rfind(prefix, 0) == 0) {
        view.remove_prefix(prefix.size());
      }
    }
    if (view.rfind("leadplan ", 0) != 0) {
      if (console != nullptr) {
        *console->output += line + "\n";
      }
      continue;
    }
    DocCommand command;
    command.line = number;
    if (const std::size_t comment = view.find("  #"); comment != std::string_view::npos) {
      const std::string_view note = view.substr(comment);
      if (const std::size_t exits = note.find("# exits "); exits != std::string_view::npos) {
        command.exit_code = std::stoi(std::string(note.substr(exits + 8)));
      }
      view = view.substr(0, comment);
    }
    std::istringstream words{std::string(view.substr(9))};
    for (std::string word; words >> word;) {
      command.args.push_back(word);
    }
    if (prompt) {
      command.output = std::string();
    }
    commands.push_back(std::move(command));
    console = prompt ? &commands.back() : nullptr;
  }
  return commands;
}

}  // namespace

// `text` with the output under each `$ leadplan` line of a console block replaced by
// what the command prints now.
std::string with_outputs(const std::string& text) {
  std::string out;
  std::istringstream in(text);
  std::string line;
  bool skipping = false;
  while (std::getline(in, line)) {
    if (skipping && line.rfind("```", 0) != 0) {
      continue;
    }
    skipping = false;
    out += line + "\n";
    if (line.rfind("$ leadplan ", 0) == 0) {
      const std::vector<DocCommand> command = doc_commands("```\n" + line + "\n```\n");
      out += run_leadplan(command.front().args).out;
      skipping = true;
    }
  }
  return out;
}

TEST_CASE("track: the recipes of docs/track.md run as written", "[cli][track][docs]") {
  const std::string path = source_path("docs/track.md");
  if (std::getenv("LEADPLAN_UPDATE_DOCS") != nullptr) {
    // LEADPLAN_UPDATE_DOCS=1 build/tests/leadplan_tests "[docs]" rewrites the outputs.
    const std::string updated = with_outputs(leadplan::test::read_file(path));
    std::ofstream(path, std::ios::binary) << updated;
  }
  const std::vector<DocCommand> commands = doc_commands(leadplan::test::read_file(path));
  REQUIRE(commands.size() >= 6);
  std::size_t compared = 0;
  for (const DocCommand& command : commands) {
    const RunResult r = run_leadplan(command.args);
    INFO("docs/track.md:" << command.line << ": " << r.err);
    CHECK(r.exit_code == command.exit_code);
    CHECK_FALSE(r.out.empty());
    if (command.output) {
      CHECK(r.out == *command.output);
      ++compared;
    }
  }
  CHECK(compared >= 2);
}

TEST_CASE_METHOD(TrackFixture, "track: a channel cell cannot reach the terminal raw",
                 "[cli][track]") {
  const std::string path = dir.write("escape.csv",
                                     "Id,Source,Created,MQL,Won\n"
                                     "1,\"Bad\x1b[2J\nName\",2027-03-01,,\n");
  const RunResult table = run_leadplan({"track", scenario, "--leads", path});
  REQUIRE(table.exit_code == 0);
  CHECK(table.out.find('\x1b') == std::string::npos);
  CHECK_THAT(table.out, Catch::Contains("Bad?[2J\\nName"));
  const RunResult markdown =
      run_leadplan({"track", scenario, "--leads", path, "--format", "markdown"});
  CHECK(markdown.out.find('\x1b') == std::string::npos);
  const RunResult j = run_leadplan({"track", scenario, "--leads", path, "--format", "json"});
  REQUIRE(j.exit_code == 0);
  CHECK(json::parse(j.out).at("track").at("channels")[1].at("name") == "Bad\x1b[2J\nName");
}

TEST_CASE_METHOD(TrackFixture, "track --format scenario keeps every key of the scenario",
                 "[cli][track]") {
  // Every kind of key, names that need quoting; min_sample above any n: nothing replaced.
  const std::string rich =
      "leadplan: 1\n"
      "name: 'Q2: \"big\" plan #1'\n"
      "period: month\n"
      "currency: EUR\n"
      "rounding: none\n"
      "target:\n  revenue: 100000\n  deal_size: 12500\n  confidence: 80%\n"
      "funnel:\n"
      "  - stage: lead\n    capacity: 5000\n"
      "  - stage: 'mql: yes'\n    rate: 20%\n    benchmark: 25%\n"
      "  - stage: won\n    evidence: {entered: 150, converted: 60}\n    capacity: 40\n"
      "budget: 30000\n"
      "channels:\n"
      "  - name: ads\n    cpl_tiers:\n      - leads: 100\n        cpl: 20\n      - cpl: 35\n"
      "    mql_rate: 15%\n    share: 60%\n    max_leads: 900\n    min_spend: 100\n"
      "    max_spend: 25000\n"
      "  - name: \"true\"\n    cpl: 50\n    rates: {won: 35%}\n"
      "checks:\n  min_coverage: 90%\n  max_required_leads: 4000\n"
      "  channels_within_allowable: false\n  min_pace: 80%\n"
      "timeline:\n  start: 2027-01-01\n  wins: [2, 3, 3]\n  lags: {won: 20}\n"
      "actuals:\n"
      "  channel: Source\n"
      "  stages:\n    lead: Created\n    'mql: yes': MQL\n    won: Won\n"
      "  channel_names: {Google: ads, 'Face\"book': \"true\"}\n"
      "  maturity_days: {won: 7.5}\n"
      "  min_sample: 1000000\n";
  const std::string path = dir.write("rich.yaml", rich);
  const RunResult r = run_leadplan(
      {"track", path, "--leads", leads, "--format", "scenario", "--as-of", "2027-03-10"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const std::string written = dir.write("written.yaml", r.out);
  for (const char* command : {"calc", "check"}) {
    const RunResult before = run_leadplan({command, path, "--format", "json"});
    const RunResult after = run_leadplan({command, written, "--format", "json"});
    INFO(command << ": " << after.err << "\n" << r.out);
    REQUIRE(before.exit_code == after.exit_code);
    CHECK(before.out == after.out);
  }
  // And the actuals read the same columns.
  const RunResult again = run_leadplan(
      {"track", written, "--leads", leads, "--format", "json", "--as-of", "2027-03-10"});
  const RunResult first =
      run_leadplan({"track", path, "--leads", leads, "--format", "json", "--as-of", "2027-03-10"});
  REQUIRE(again.exit_code == 0);
  CHECK(again.out == first.out);
}
