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
  // Added keys: the inputs that differ, the checks on both sides, the overrides.
  REQUIRE(report.at("inputs").size() == 1);
  CHECK(report.at("inputs")[0].at("path") == "budget");
  CHECK(report.at("inputs")[0].at("change") == "changed");
  CHECK(report.at("inputs")[0].at("before") == 10000);
  CHECK(report.at("inputs")[0].at("after") == 12000);
  REQUIRE(report.at("checks").size() == 1);
  CHECK(report.at("checks")[0].at("name") == "budget");
  CHECK(report.at("checks")[0].at("before") == false);
  CHECK(report.at("checks")[0].at("after") == false);
  CHECK(report.at("sets") == nlohmann::json::array({"budget=12000"}));
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

TEST_CASE("diff as a pull-request comment: inputs, then the figures that changed, then checks",
          "[diff][markdown]") {
  const auto r =
      run_leadplan({"diff", "examples/seed.yaml", "examples/seed.yaml", "--set", "budget=15000",
                    "--set", "funnel.mql.rate=25%", "--format", "markdown"});
  REQUIRE(r.exit_code == 0);
  const std::string& md = r.out;
  // The header: the files as given and the overrides applied to HEAD.
  CHECK(md.rfind("### leadplan diff: `examples/seed.yaml` → `examples/seed.yaml`\n\n"
                 "Head with `--set budget=15000` `--set funnel.mql.rate=25%`.\n",
                 0) == 0);
  // The inputs in words, first.
  const std::size_t inputs = md.find("#### Inputs");
  const std::size_t figures = md.find("#### Figures that changed");
  const std::size_t checks = md.find("#### Checks");
  REQUIRE(inputs != std::string::npos);
  REQUIRE(figures != std::string::npos);
  REQUIRE(checks != std::string::npos);
  CHECK(inputs < figures);
  CHECK(figures < checks);
  CHECK(md.find("- budget $10,000.00 → $15,000.00\n") != std::string::npos);
  CHECK(md.find("- `mql` rate 20% → 25%\n") != std::string::npos);
  // Only the figures that changed, in words.
  CHECK(md.find("| Required leads | 315 | 252 | -63 | -20.00% |") != std::string::npos);
  CHECK(md.find("| Allowable CPL |") != std::string::npos);
  CHECK(md.find("| Budget | $10,000.00 | $15,000.00 | +$5,000.00 | +50.00% |") !=
        std::string::npos);
  CHECK(md.find("Required mqls") == std::string::npos);  // 63 on both sides
  CHECK(md.find("Budget needed") == std::string::npos);  // $15,000.00 on both sides
  CHECK(md.find("Target wins") == std::string::npos);
  CHECK(md.find("allowable_cpl") == std::string::npos);
  // The checks before and after, with the sentence of `check`.
  CHECK(
      md.find(
          "- **budget: FAIL → pass**: the mix projects 5 of the 5 wins of the target (win coverage "
          "100%) (was: the mix projects 3.33 ") != std::string::npos);
  // --all: every figure, the changed ones in bold.
  const auto all = run_leadplan({"diff", "examples/seed.yaml", "examples/seed.yaml", "--set",
                                 "budget=15000", "--format", "markdown", "--all"});
  REQUIRE(all.exit_code == 0);
  CHECK(all.out.find("| Target wins | 5 | 5 | 0 | 0% |") != std::string::npos);
  CHECK(all.out.find("| **Allowable CPL** |") != std::string::npos);
  CHECK(all.out.find("#### Figures (") != std::string::npos);
}

TEST_CASE("diff words channels added and removed and changed channel settings",
          "[diff][markdown]") {
  const auto r = run_leadplan(
      {"diff", "examples/seed.yaml", "tests/data/seed_pr.yaml", "--format", "markdown"});
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("- channel `paid_search` removed (CPL $30.00)\n") != std::string::npos);
  CHECK(r.out.find("- channel `events` added (CPL $96.00)\n") != std::string::npos);
  CHECK(r.out.find("| Cost per mql, events | - | $192.00 | - | - |") != std::string::npos);
  // Nothing changed: said so, not an empty section.
  const auto same =
      run_leadplan({"diff", "examples/seed.yaml", "examples/seed.yaml", "--format", "markdown"});
  CHECK(same.out.find("No input changed.") != std::string::npos);
  CHECK(same.out.find("No figure changed.") != std::string::npos);
}

TEST_CASE("diff: a limit a plan cannot check is an input error, as for check", "[diff][checks]") {
  TempDir dir;
  const std::string head =
      dir.write("head.yaml",
                "target:\n  wins: 5\nfunnel:\n  - stage: lead\n  - stage: won\n    rate: 10%\n"
                "checks:\n  min_coverage: 90%\n");
  const auto r = run_leadplan({"diff", "examples/seed.yaml", head, "--format", "markdown"});
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err.find(head + ":8:3: error: `min_coverage` needs") != std::string::npos);
}

TEST_CASE("diff --color: better changes green, worse red, only when asked and never with NO_COLOR",
          "[diff][color]") {
  const std::vector<std::string> args = {
      "diff",  "examples/seed.yaml", "examples/seed.yaml", "--set", "budget=15000",
      "--set", "funnel.mql.rate=25%"};
  auto with = [&](std::vector<std::string> extra) {
    std::vector<std::string> all = args;
    all.insert(all.end(), extra.begin(), extra.end());
    return all;
  };
  const auto plain = run_leadplan(args);  // stdout is not a terminal here
  REQUIRE(plain.exit_code == 0);
  CHECK(plain.out.find('\x1b') == std::string::npos);
  const auto forced = run_leadplan(with({"--color", "always"}));
  // Fewer required leads: better, green; required leads fall as the allowable CPL rises.
  CHECK(forced.out.find("\x1b[32m-63\x1b[0m") != std::string::npos);
  CHECK(forced.out.find("\x1b[32m+$27.77\x1b[0m") != std::string::npos);
  // The budget itself is neither better nor worse: no colour.
  CHECK(forced.out.find("+$5,000.00  ") != std::string::npos);
  CHECK(forced.out.find("\x1b[32m+$5,000.00") == std::string::npos);
  // A higher CPL is worse: red.
  const auto worse = run_leadplan({"diff", "examples/seed.yaml", "examples/seed.yaml", "--set",
                                   "channels.webinars.cpl=90", "--color", "always"});
  CHECK(worse.out.find("\x1b[31m+$25.00\x1b[0m") != std::string::npos);
  CHECK(run_leadplan(with({"--color", "never"})).out == plain.out);
  CHECK(run_leadplan(with({"--color", "always"}), std::nullopt, {{"NO_COLOR", "1"}}).out ==
        plain.out);
  // Only the table is coloured.
  CHECK(run_leadplan(with({"--color", "always", "--format", "markdown"})).out.find('\x1b') ==
        std::string::npos);
  // The help lists it.
  const auto help = run_leadplan({"diff", "--help"});
  CHECK(help.out.find("--color") != std::string::npos);
  CHECK(help.out.find("--all") != std::string::npos);
}

TEST_CASE("diff --all changes only the Markdown: table, JSON and CSV list every figure",
          "[diff][markdown]") {
  for (const std::string format : {"table", "json", "csv"}) {
    INFO(format);
    const auto plain =
        run_leadplan({"diff", "examples/seed.yaml", "tests/data/seed_pr.yaml", "--format", format});
    const auto all = run_leadplan(
        {"diff", "examples/seed.yaml", "tests/data/seed_pr.yaml", "--format", format, "--all"});
    REQUIRE(plain.exit_code == 0);
    CHECK(all.out == plain.out);
    // Unchanged figures are listed too.
    CHECK(plain.out.find("required") != std::string::npos);
    CHECK(plain.out.find("sql") != std::string::npos);
  }
}

TEST_CASE("diff words stages added and removed and a channel's own rate dropped",
          "[diff][markdown]") {
  TempDir dir;
  std::string text = read_file(source_path("examples/seed.yaml"));
  const std::size_t sql = text.find("  - stage: sql\n    rate: 40%\n");
  REQUIRE(sql != std::string::npos);
  text.replace(sql, 28, "  - stage: demo\n    rate: 50%\n");
  const std::size_t own = text.find("    mql_rate: 40%\n");
  REQUIRE(own != std::string::npos);
  text.erase(own, 18);
  const std::string head = dir.write("head.yaml", text);
  const auto r = run_leadplan({"diff", "examples/seed.yaml", head, "--format", "markdown"});
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("- stage `sql` removed (rate 40%)\n") != std::string::npos);
  CHECK(r.out.find("- stage `demo` added (rate 50%)\n") != std::string::npos);
  CHECK(r.out.find("- channel `webinars` rate into `mql` 40% → the funnel's\n") !=
        std::string::npos);
}
