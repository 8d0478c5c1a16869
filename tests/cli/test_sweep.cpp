// `leadplan sweep` end to end: the executable on examples/seed.yaml.

#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "process.hpp"

namespace {

using SweepFixture = leadplan::test::RunFixture;
using leadplan::test::lines_of;
using leadplan::test::read_file;
using leadplan::test::RunResult;

// The first `n` comma-separated fields of a CSV line without quotes.
std::vector<std::string> fields(const std::string& line) {
  std::vector<std::string> out;
  std::istringstream in(line);
  for (std::string field; std::getline(in, field, ',');) {
    out.push_back(field);
  }
  return out;
}

constexpr std::string_view k_figures =
    "valid,required_leads,allowable_cpl,blended_effective_cpl,projected_wins,coverage,feasible,"
    "bottleneck,error";

// The CSV header: the varied values' columns, then the figures.
std::string header_after(std::string_view values) {
  std::string line(values);
  line += ',';
  line += k_figures;
  return line;
}

}  // namespace

TEST_CASE_METHOD(SweepFixture, "sweep: one row per point, first --vary outermost", "[cli][sweep]") {
  const RunResult r = run({"sweep", seed(), "--vary", "funnel.mql.rate=10%:30%:10%", "--vary",
                           "budget=5000:10000:5000", "--format", "csv"});
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.empty());
  const auto lines = lines_of(r.out);
  REQUIRE(lines.size() == 7);
  CHECK(lines[0] == header_after("funnel.mql.rate,budget"));
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"0.1", "5000"},  {"0.1", "10000"}, {"0.2", "5000"},
      {"0.2", "10000"}, {"0.3", "5000"},  {"0.3", "10000"}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const auto f = fields(lines[i + 1]);
    CHECK(f[0] == expected[i].first);
    CHECK(f[1] == expected[i].second);
    CHECK(f[2] == "true");
  }
  // The worked example's point: 20% and 10,000 give 315 leads and a CPL of 31.75.
  const auto seed_point = fields(lines[4]);
  CHECK(seed_point[3] == "315");
  CHECK(seed_point[4] == "31.746031746031747");
  CHECK(seed_point[9] == "mql");
}

TEST_CASE_METHOD(SweepFixture, "sweep: TO is included, values are exact decimals", "[cli][sweep]") {
  SECTION("percent steps reach 100% in 1,000 points") {
    const RunResult r =
        run({"sweep", seed(), "--vary", "funnel.mql.rate=0.1%:100%:0.1%", "--format", "csv"});
    REQUIRE(r.exit_code == 0);
    const auto lines = lines_of(r.out);
    REQUIRE(lines.size() == 1001);
    CHECK(fields(lines[1])[0] == "0.001");
    CHECK(fields(lines[300])[0] == "0.3");
    CHECK(fields(lines[1000])[0] == "1");
    CHECK(fields(lines[1000])[1] == "true");
  }
  SECTION("decimal steps") {
    const RunResult r =
        run({"sweep", seed(), "--vary", "funnel.mql.rate=0.1:0.3:0.1", "--format", "csv"});
    REQUIRE(r.exit_code == 0);
    const auto lines = lines_of(r.out);
    REQUIRE(lines.size() == 4);
    CHECK(fields(lines[3])[0] == "0.3");
  }
  SECTION("a TO between steps is not passed") {
    const RunResult r = run({"sweep", seed(), "--vary", "budget=1000:2000:300", "--format", "csv"});
    REQUIRE(r.exit_code == 0);
    const auto lines = lines_of(r.out);
    REQUIRE(lines.size() == 5);
    CHECK(fields(lines[4])[0] == "1900");
  }
  SECTION("FROM equal to TO is one point") {
    const RunResult r = run({"sweep", seed(), "--vary", "budget=1000:1000:1", "--format", "csv"});
    REQUIRE(r.exit_code == 0);
    CHECK(lines_of(r.out).size() == 2);
  }
}

TEST_CASE_METHOD(SweepFixture, "sweep: an invalid point is reported in its row", "[cli][sweep]") {
  SECTION("a rate above 100%") {
    const RunResult r =
        run({"sweep", seed(), "--vary", "funnel.mql.rate=90%:110%:10%", "--format", "csv"});
    REQUIRE(r.exit_code == 0);
    const auto lines = lines_of(r.out);
    REQUIRE(lines.size() == 4);
    CHECK(lines[2].rfind("1,true,63,", 0) == 0);
    CHECK(lines[3] == "1.1,false,,,,,,,,\"`rate` must be at most 100%, got `110%`\"");
  }
  SECTION("shares above 100% in total") {
    const RunResult r = run({"sweep", seed(), "--vary", "channels.webinars.share=60%:80%:20%",
                             "--set", "channels.paid_search.share=30%", "--format", "csv"});
    REQUIRE(r.exit_code == 0);
    const auto lines = lines_of(r.out);
    REQUIRE(lines.size() == 3);
    CHECK(fields(lines[1])[1] == "true");
    CHECK(lines[2] == "0.8,false,,,,,,,,\"channel shares add up to 110%, more than 100%\"");
  }
  SECTION("a plan that overflows") {
    const RunResult r =
        run({"sweep", seed(), "--vary", "target.wins=5:1e14:99999999999995", "--format", "jsonl"});
    REQUIRE(r.exit_code == 0);
    const auto lines = lines_of(r.out);
    REQUIRE(lines.size() == 2);
    const auto ok = nlohmann::json::parse(lines[0]);
    CHECK(ok["valid"] == true);
    const auto bad = nlohmann::json::parse(lines[1]);
    CHECK(bad["valid"] == false);
    CHECK(bad["required_leads"].is_null());
    CHECK(bad["error"] == "the plan needs more than 1e15 at stage `mql`");
  }
}

TEST_CASE_METHOD(SweepFixture, "sweep: JSON Lines, one object per point", "[cli][sweep]") {
  const RunResult r = run({"sweep", seed(), "--vary", "budget=5000:20000:5000", "--vary",
                           "channels.webinars.cpl=40:80:40", "--format", "jsonl"});
  REQUIRE(r.exit_code == 0);
  const auto lines = lines_of(r.out);
  REQUIRE(lines.size() == 8);
  for (const std::string& line : lines) {
    const auto row = nlohmann::json::parse(line);
    REQUIRE(row.is_object());
    CHECK(row["values"].size() == 2);
    for (const char* key : {"valid", "required_leads", "allowable_cpl", "blended_effective_cpl",
                            "projected_wins", "coverage", "feasible", "bottleneck", "error"}) {
      CHECK(row.contains(key));
    }
  }
  const auto first = nlohmann::json::parse(lines[0]);
  CHECK(first["values"]["budget"] == 5000);
  CHECK(first["values"]["channels.webinars.cpl"] == 40);
  CHECK(first["required_leads"] == 315);
  CHECK(first["error"].is_null());
  const auto last = nlohmann::json::parse(lines[7]);
  CHECK(last["values"]["budget"] == 20000);
  CHECK(last["values"]["channels.webinars.cpl"] == 80);
  CHECK(last["allowable_cpl"].get<double>() == Approx(20000.0 / 315.0));
}

TEST_CASE_METHOD(SweepFixture, "sweep: --set applies, and target forms switch", "[cli][sweep]") {
  const RunResult r = run({"sweep", seed(), "--set", "target.deal_size=25000", "--vary",
                           "target.revenue=100000:200000:100000", "--format", "jsonl"});
  REQUIRE(r.exit_code == 0);
  const auto lines = lines_of(r.out);
  REQUIRE(lines.size() == 2);
  // 4 wins -> 16 meetings -> 20 SQLs -> 50 MQLs -> 250 leads.
  CHECK(nlohmann::json::parse(lines[0])["required_leads"] == 250);
  CHECK(nlohmann::json::parse(lines[1])["required_leads"] == 500);
}

TEST_CASE_METHOD(SweepFixture, "sweep: -o writes the file, stdout stays empty", "[cli][sweep]") {
  const auto file = dir() / "grid.csv";
  const RunResult r = run(
      {"sweep", seed(), "--vary", "budget=1000:3000:1000", "--format", "csv", "-o", file.string()});
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.empty());
  const auto lines = lines_of(read_file(file));
  REQUIRE(lines.size() == 4);
  CHECK(lines[0] == header_after("budget"));
}

TEST_CASE_METHOD(SweepFixture, "sweep: the table has a header and a row per point",
                 "[cli][sweep]") {
  const RunResult r = run({"sweep", seed(), "--vary", "funnel.mql.rate=20%:30%:10%"});
  REQUIRE(r.exit_code == 0);
  const auto lines = lines_of(r.out);
  REQUIRE(lines.size() == 3);
  CHECK(lines[0].find("funnel.mql.rate") != std::string::npos);
  CHECK(lines[1].find("20%") != std::string::npos);
  CHECK(lines[1].find("$31.75") != std::string::npos);
}

TEST_CASE_METHOD(SweepFixture, "sweep: bad --vary specs exit 2 with nothing on stdout",
                 "[cli][sweep]") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"budget",
       "--vary:1:1: error: `--vary budget` must have the form PATH=FROM:TO:STEP; e.g. "
       "`--vary funnel.mql.rate=10%:40%:5%`"},
      {"budget=1:2",
       "--vary:1:8: error: `budget`: the range `1:2` must have the form "
       "FROM:TO:STEP; e.g. `5000:20000:1000`"},
      {"budget=1:5:0", "--vary:1:8: error: `budget`: STEP must be greater than 0, got `0`"},
      {"budget=1:5:-1", "--vary:1:8: error: `budget`: STEP must be greater than 0, got `-1`"},
      {"budget=5:1:1",
       "--vary:1:8: error: `budget`: FROM `5` is greater than TO `1`; write the smaller value "
       "first"},
      {"budget=1%:5%:1%",
       "--vary:1:8: error: `budget`: FROM must be a number, not a percentage, got `1%`"},
      {"funnel.mql.rate=x:1:0.1",
       "--vary:1:17: error: `rate`: FROM must be a number or a "
       "percentage, got `x`; write `20%` or `0.2`"},
      {"funnel.mq.rate=1%:2%:1%",
       "--vary:1:8: error: unknown path `funnel.mq.rate`: no stage named `mq`; did you mean "
       "`mql`?"},
      {"budgte=1:2:1", "--vary:1:1: error: unknown path `budgte`; did you mean `budget`?"},
      {"name=1:2:1",
       "--vary:1:1: error: `name` is not a number and cannot be varied; vary a "
       "rate, an amount or a count, e.g. `budget` or `funnel.mql.rate`"},
      {"budget=1:1e9:1",
       "--vary:1:1: error: the grid has more than 100000000 points; use fewer "
       "values per axis: a larger STEP or a narrower range"},
  };
  for (const auto& [spec, message] : cases) {
    INFO(spec);
    const RunResult r = run({"sweep", seed(), "--vary", spec, "--format", "csv"});
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err == message + "\n");
  }
  SECTION("the grid cap counts every axis") {
    const RunResult r = run({"sweep", seed(), "--vary", "budget=1:20000:1", "--vary",
                             "funnel.mql.rate=0.001%:100%:0.001%"});
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
  }
  SECTION("the same path twice") {
    const RunResult r = run({"sweep", seed(), "--vary", "budget=1:2:1", "--vary", "budget=1:2:1"});
    CHECK(r.exit_code == 2);
    CHECK(r.err == "--vary:2:1: error: `budget` is varied twice; give one `--vary` per path\n");
  }
  SECTION("no --vary at all") {
    const RunResult r = run({"sweep", seed()});
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
  }
}

TEST_CASE_METHOD(SweepFixture, "sweep: --format json is one object with every point", "[sweep]") {
  const RunResult r = run({"sweep", seed(), "--vary", "budget=5000:15000:5000", "--vary",
                           "funnel.mql.rate=20%:120%:100%", "--format", "json"});
  REQUIRE(r.exit_code == 0);
  const auto report = nlohmann::json::parse(r.out);
  CHECK(report.at("contract") == 1);
  CHECK(report.at("axes") == nlohmann::json::array({"budget", "funnel.mql.rate"}));
  const auto& points = report.at("points");
  REQUIRE(points.size() == 6);
  CHECK(points[0].at("values").at("budget") == 5000);
  CHECK(points[0].at("valid") == true);
  CHECK(points[1].at("valid") == false);  // 120% is no rate
  CHECK(points[1].at("error") == "`rate` must be at most 100%, got `120%`");
  CHECK(points[5].at("values").at("budget") == 15000);
}

TEST_CASE_METHOD(SweepFixture, "sweep: --format markdown is a table a pull request can show",
                 "[sweep]") {
  const RunResult r =
      run({"sweep", seed(), "--vary", "budget=8000:12000:4000", "--format", "markdown"});
  REQUIRE(r.exit_code == 0);
  CHECK(r.out ==
        "| budget | Valid | Required leads | Allowable CPL | Blended eff. CPL | Projected wins | "
        "Coverage | Feasible | Bottleneck | Error |\n"
        "|--:|--:|--:|--:|--:|--:|--:|--:|:--|:--|\n"
        "| $8,000.00 | yes | 315 | $25.40 | $240.00 | 2.67 | 52.91% | no | mql | |\n"
        "| $12,000.00 | yes | 315 | $38.10 | $240.00 | 4 | 79.36% | no | mql | |\n");
}
