// The README's sample output is what the executable prints: documentation that
// cannot drift from the code.

#include <string>

#include <catch2/catch.hpp>

#include "process.hpp"

using leadplan::test::read_file;
using leadplan::test::run_leadplan;
using leadplan::test::source_path;

TEST_CASE("the README shows the table calc really prints for the seed", "[readme][golden]") {
  const std::string readme = read_file(source_path("README.md"));
  const std::string prompt = "$ leadplan calc examples/seed.yaml\n";
  const std::size_t start = readme.find(prompt);
  REQUIRE(start != std::string::npos);
  const std::size_t body = start + prompt.size();
  const std::size_t end = readme.find("```", body);
  REQUIRE(end != std::string::npos);
  const auto run = run_leadplan({"calc", "examples/seed.yaml"}, std::string(), {{"NO_COLOR", "1"}});
  REQUIRE(run.exit_code == 0);
  CHECK(readme.substr(body, end - body) == run.out);
}

TEST_CASE("docs/scenario.md's full example prints what the page shows", "[readme][golden]") {
  // The first ```yaml block of the page is the scenario; the ``` block after
  // "What `leadplan calc` prints for it:" is its table, byte for byte.
  const std::string page = read_file(source_path("docs/scenario.md"));
  const std::string open = "```yaml\n";
  const std::size_t yaml = page.find(open);
  REQUIRE(yaml != std::string::npos);
  const std::size_t yaml_end = page.find("```", yaml + open.size());
  REQUIRE(yaml_end != std::string::npos);
  const std::string scenario = page.substr(yaml + open.size(), yaml_end - yaml - open.size());
  const std::string marker = "What `leadplan calc` prints for it:\n\n```\n";
  const std::size_t shown = page.find(marker, yaml_end);
  REQUIRE(shown != std::string::npos);
  const std::size_t shown_end = page.find("```", shown + marker.size());
  REQUIRE(shown_end != std::string::npos);
  const auto run = run_leadplan({"calc", "-"}, scenario, {{"NO_COLOR", "1"}});
  REQUIRE(run.exit_code == 0);
  CHECK(page.substr(shown + marker.size(), shown_end - shown - marker.size()) == run.out);
}
