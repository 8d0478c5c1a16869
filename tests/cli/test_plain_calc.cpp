// The plain `calc` reader (plain_calc_options) against CLI11: every argument list
// runs twice, as given and behind `--diagnostics text` (the default, which sends
// the run through CLI11), and both runs must print and exit the same.

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "leadplan/cli/calc.hpp"
#include "process.hpp"

namespace {

using leadplan::cli::plain_calc_options;

std::optional<leadplan::cli::CalcOptions> plain(std::initializer_list<const char*> args) {
  std::vector<const char*> argv = {"leadplan"};
  argv.insert(argv.end(), args.begin(), args.end());
  return plain_calc_options(static_cast<int>(argv.size()), argv.data());
}

}  // namespace

TEST_CASE("plain_calc_options reads plain calc runs", "[cli][calc]") {
  const auto options = plain({"calc", "s.yaml", "--format", "json", "--set", "budget=1", "-o",
                              "out.json", "--set", "target.wins=2", "--color", "never"});
  REQUIRE(options);
  CHECK(options->scenario == "s.yaml");
  CHECK(options->common.format == leadplan::cli::Format::json);
  CHECK(options->common.output == "out.json");
  CHECK(options->common.sets == std::vector<std::string>{"budget=1", "target.wins=2"});
  CHECK(options->common.color == leadplan::cli::ColorMode::never);
  CHECK(plain({"calc", "s.yaml"}));
}

TEST_CASE("plain_calc_options leaves everything else to CLI11", "[cli][calc]") {
  CHECK_FALSE(plain({"calc"}));
  CHECK_FALSE(plain({"calc", "-"}));
  CHECK_FALSE(plain({"calc", "a.yaml", "b.yaml"}));
  CHECK_FALSE(plain({"calc", "a.yaml", "--format", "JSON"}));
  CHECK_FALSE(plain({"calc", "a.yaml", "--format=json"}));
  CHECK_FALSE(plain({"calc", "a.yaml", "--format", "json", "--format", "csv"}));
  CHECK_FALSE(plain({"calc", "a.yaml", "--format"}));
  CHECK_FALSE(plain({"calc", "a.yaml", "-o", "-x"}));
  CHECK_FALSE(plain({"calc", "a.yaml", "--help"}));
  CHECK_FALSE(plain({"calc", "a.yaml", "--unknown", "x"}));
  CHECK_FALSE(plain({"calc", "a.yaml", "--", "b"}));
  CHECK_FALSE(plain({"--diagnostics", "json", "calc", "a.yaml"}));
  CHECK_FALSE(plain({"sweep", "a.yaml"}));
}

TEST_CASE_METHOD(leadplan::test::RunFixture, "a plain calc prints what CLI11's calc prints",
                 "[cli][calc]") {
  const std::string seed = leadplan::test::RunFixture::seed();
  const std::string missing = (dir() / "missing.yaml").string();
  const std::string folder = dir().string();
  const std::vector<std::vector<std::string>> cases = {
      {"calc", seed},
      {"calc", seed, "--format", "json"},
      {"calc", seed, "--format", "csv"},
      {"calc", seed, "--format", "markdown"},
      {"calc", seed, "--format", "table", "--color", "always"},
      {"calc", seed, "--color", "never"},
      {"calc", seed, "--set", "budget=12000", "--set", "funnel.mql.rate=25%", "--format", "json"},
      {"calc", seed, "--set", "funnel.mql.rate=120%"},
      {"calc", seed, "--set", "funnel.mq.rate=20%"},
      {"calc", seed, "--set", "budget"},
      {"calc", seed, "--set", "target.wins=1e20", "--format", "json"},
      {"calc", missing},
      {"calc", folder},
      {"calc", seed, "--format", "yaml"},
      {"calc", seed, "--color", "sometimes"},
      {"calc", seed, "--set", "sweep"},
      {"calc", seed, "--set", "budget=1", "--set", "budget=2", "--format", "csv"},
  };
  for (const auto& args : cases) {
    std::string shown;
    for (const std::string& arg : args) {
      shown += arg + " ";
    }
    INFO(shown);
    const leadplan::test::RunResult direct = run(args);
    std::vector<std::string> through_cli11 = {"--diagnostics", "text"};
    through_cli11.insert(through_cli11.end(), args.begin(), args.end());
    const leadplan::test::RunResult cli11 = run(through_cli11);
    CHECK(direct.exit_code == cli11.exit_code);
    CHECK(direct.out == cli11.out);
    CHECK(direct.err == cli11.err);
  }
  SECTION("-o writes the same file") {
    const std::string a = (dir() / "a.json").string();
    const std::string b = (dir() / "b.json").string();
    CHECK(run({"calc", seed, "--format", "json", "-o", a}).exit_code == 0);
    CHECK(run({"--diagnostics", "text", "calc", seed, "--format", "json", "-o", b}).exit_code == 0);
    CHECK(leadplan::test::read_file(a) == leadplan::test::read_file(b));
    CHECK_FALSE(leadplan::test::read_file(a).empty());
  }
}
