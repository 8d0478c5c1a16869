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
