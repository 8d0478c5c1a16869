// closest_match: the "did you mean" of every unknown key, command and word.

#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

#include "leadplan/load/suggest.hpp"

using namespace leadplan;

TEST_CASE("closest_match suggests a near word and nothing for a far one", "[load][suggest]") {
  const std::vector<std::string_view> keys = {"budget", "channels", "checks",  "funnel",
                                              "target", "currency", "rounding"};
  struct Case {
    std::string_view word;
    std::string_view expected;
  };
  const std::vector<Case> cases = {
      {"budgte", "budget"},     // a transposition counts once
      {"BUDGET", "budget"},     // case ignored
      {"chanels", "channels"},  // a letter missing
      {"funnell", "funnel"},    // a letter too many
      {"curency", "currency"},
      {"zebra", ""},  // nothing close
      {"", ""},
  };
  for (const Case& c : cases) {
    CHECK(closest_match(c.word, keys) == c.expected);
  }
}

TEST_CASE("closest_match with no candidates suggests nothing", "[load][suggest]") {
  CHECK(closest_match("budget", std::vector<std::string_view>{}).empty());
}
