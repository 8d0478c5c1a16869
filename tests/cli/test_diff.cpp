// `leadplan diff`: golden output in every format, --set on HEAD, problems in both files.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "process.hpp"

using leadplan::test::read_file;
using leadplan::test::run_leadplan;
using leadplan::test::source_path;
using leadplan::test::TempDir;

TEST_CASE("diff of the seed and a proposed change matches the golden files", "[diff][golden]") {
  const std::vector<std::pair<std::string, std::string>> formats = {
      {"table", "txt"}, {"json", "json"}, {"csv", "csv"}, {"markdown", "md"}};
  for (const auto& [format, extension] : formats) {
    SECTION(format) {
      const auto r = run_leadplan(
          {"diff", "examples/seed.yaml", "tests/data/seed_pr.yaml", "--format", format});
      REQUIRE(r.exit_code == 0);
      CHECK(r.err.empty());
      CHECK(r.out == read_file(source_path("tests/golden/diff/seed_pr." + extension)));
    }
  }
}

TEST_CASE("diff JSON carries before, after, change and change_percent per figure", "[diff]") {
  const auto r = run_leadplan({"diff", "examples/seed.yaml", "examples/seed.yaml", "--set",
                               "budget=12000", "--format", "json"});
  REQUIRE(r.exit_code == 0);
  const auto report = nlohmann::json::parse(r.out);
  CHECK(report.at("contract") == 2);
  bool found = false;
  for (const auto& f : report.at("figures")) {
    if (f.at("name") == "allowable_cpl") {
      found = true;
      CHECK(f.at("before").get<double>() == Approx(10000.0 / 315.0));
      CHECK(f.at("after").get<double>() == Approx(12000.0 / 315.0));
      CHECK(f.at("change").get<double>() == Approx(2000.0 / 315.0));
      CHECK(f.at("change_percent").get<double>() == Approx(20.0));
    }
    if (f.at("name") == "blended_cpl") {
      CHECK(f.at("change") == 0);  // the same mix: no change, not a rounding residue
    }
  }
  CHECK(found);
  CHECK(report.at("bottleneck").at("changed") == false);
}

TEST_CASE("diff reports the problems of both files in one run", "[diff]") {
  TempDir dir;
  const std::string base = dir.write("base.yaml", "target:\n  wins: 5\nfunnel: []\n");
  const std::string head = dir.write("head.yaml", "target:\n  wins: -1\nfunnel: 3\n");
  const auto r = run_leadplan({"diff", base, head});
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err.find(base + ":3:9: error: the funnel needs at least 2 stages, got 0") !=
        std::string::npos);
  CHECK(r.err.find(head + ":2:9: error: `wins` must be greater than 0, got `-1`") !=
        std::string::npos);
  CHECK(r.err.find(head + ":3:9: error: `funnel` must be a list of stages, top first") !=
        std::string::npos);
}

TEST_CASE("diff prints huge changes in percent as numbers, never inf or null", "[diff]") {
  TempDir dir;
  const std::string seed = source_path("examples/seed.yaml");
  const std::string text = read_file(seed);
  const std::size_t budget = text.find("budget: 10000");
  REQUIRE(budget != std::string::npos);
  const std::string tiny =
      dir.write("tiny.yaml", std::string(text).replace(budget, 13, "budget: 1e-300"));
  const std::string small =
      dir.write("small.yaml", std::string(text).replace(budget, 13, "budget: 1e-10"));
  for (const std::string format : {"table", "markdown", "csv", "json"}) {
    INFO(format);
    const auto r = run_leadplan({"diff", tiny, seed, "--set", "budget=1e15", "--format", format});
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("inf") == std::string::npos);
    if (format != "json") {
      CHECK(r.out.find("null") == std::string::npos);
    }
  }
  // 1e15 against 1e-300 is 1e317%, beyond a double: no percentage at all.
  const auto csv = run_leadplan({"diff", tiny, seed, "--set", "budget=1e15", "--format", "csv"});
  CHECK(csv.out.find("\nbudget,1e-300,1000000000000000,1000000000000000,\n") != std::string::npos);
  // 1e15 against 1e-10 is 1e27%: in short scientific form, as calc prints percentages.
  const auto table = run_leadplan({"diff", small, seed, "--set", "budget=1e15"});
  CHECK(table.out.find("+1e+27%") != std::string::npos);
  const auto markdown =
      run_leadplan({"diff", small, seed, "--set", "budget=1e15", "--format", "markdown"});
  CHECK(markdown.out.find("| +1e+27% |") != std::string::npos);
}

TEST_CASE("diff's change is the difference of the values it shows", "[diff]") {
  // Coverage 0.447701... (shown 44.77%) against 0.539899... (shown 53.98%): the exact
  // change is 9.2198 pp, which would print +9.22 pp beside figures 9.21 apart.
  const TempDir dir;
  std::string base = read_file(source_path("examples/seed.yaml"));
  base.replace(base.find("budget: 10000"), 13, "budget: 6769.24");
  const auto r = run_leadplan(
      {"diff", dir.write("base.yaml", base), "examples/seed.yaml", "--set", "budget=8163.27"});
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("44.77%      53.98%    +9.21 pp") != std::string::npos);
  // Money likewise: $6,769.24 -> $8,163.27 is +$1,394.03.
  CHECK(r.out.find("+$1,394.03") != std::string::npos);
}
