// Numeric paths and FROM:TO:STEP ranges (leadplan/load/paths.hpp).

#include <catch2/catch.hpp>

#include "leadplan/load/paths.hpp"

using namespace leadplan;

TEST_CASE("describe_path knows every numeric key and its kind", "[paths]") {
  CHECK(describe_path("budget").kind == ValueKind::money);
  CHECK(describe_path("funnel.mql.rate").kind == ValueKind::rate);
  CHECK(describe_path("funnel.mql.capacity").kind == ValueKind::count);
  CHECK(describe_path("channels.x.share").kind == ValueKind::share);
  CHECK(describe_path("target.wins").kind == ValueKind::count);
  CHECK(describe_path("checks.min_coverage").kind == ValueKind::ratio);
  CHECK(describe_path("funnel.mql.rate").key == "rate");
  const PathInfo name = describe_path("name");
  CHECK(name.known);
  CHECK_FALSE(name.kind);
  CHECK_FALSE(describe_path("funnel.mql").known);
  CHECK_FALSE(describe_path("budget.x").known);
  CHECK_FALSE(describe_path("target.win").known);
}

TEST_CASE("resolve_numeric_path points into the scenario", "[paths]") {
  Scenario s;
  s.stages.resize(2);
  s.stages[0].name = "lead";
  s.stages[1].name = "mql";
  s.stages[1].rate = 0.2;
  s.channels.resize(1);
  s.channels[0].name = "web";
  s.channels[0].cpl = 80;
  resolve_numeric_path(s, "funnel.mql.rate")->set(0.5);
  resolve_numeric_path(s, "channels.web.share")->set(0.25);
  resolve_numeric_path(s, "budget")->set(100);
  CHECK(s.stages[1].rate == 0.5);
  CHECK(s.channels[0].share == 0.25);
  CHECK(s.budget == 100);
  CHECK_FALSE(resolve_numeric_path(s, "funnel.sql.rate"));
  CHECK_FALSE(resolve_numeric_path(s, "channels.web.name"));
}

TEST_CASE("a percent range yields the decimals a person would write", "[paths]") {
  const RangeResult r = parse_range("0.1%:100%:0.1%", "rate", ValueKind::rate);
  REQUIRE(r.range);
  CHECK(r.range->count() == 1000);
  CHECK(r.range->percent());
  CHECK(r.range->value(0) == 0.001);
  CHECK(r.range->value(299) == 0.3);
  CHECK(r.range->value(999) == 1.0);
  CHECK(r.range->text(109) == "11%");
  CHECK(r.range->text(0) == "0.1%");
}

TEST_CASE("value_k is FROM + k x STEP with TO included", "[paths]") {
  const RangeResult r = parse_range("0.1:0.3:0.1", "rate", ValueKind::rate);
  REQUIRE(r.range);
  CHECK(r.range->count() == 3);
  CHECK(r.range->value(2) == 0.3);
  const RangeResult money = parse_range("1000:2000:300", "budget", ValueKind::money);
  REQUIRE(money.range);
  CHECK(money.range->count() == 4);
  CHECK(money.range->value(3) == 1900);
  const RangeResult big = parse_range("1e3:1e6:1e3", "budget", ValueKind::money);
  REQUIRE(big.range);
  CHECK(big.range->count() == 1000);
  CHECK(big.range->text(999) == "1000000");
  const RangeResult negative = parse_range("-1:1:0.5", "budget", ValueKind::money);
  REQUIRE(negative.range);
  CHECK(negative.range->count() == 5);
  CHECK(negative.range->value(0) == -1.0);
  CHECK(negative.range->value(2) == 0.0);
}

TEST_CASE("ranges too fine for exact decimals still end at TO", "[paths]") {
  const RangeResult r =
      parse_range("0.12345678901234567:0.92345678901234567:0.1", "rate", ValueKind::rate);
  REQUIRE(r.range);
  CHECK(r.range->count() == 9);
  CHECK(r.range->value(8) == 0.92345678901234567);
}

TEST_CASE("bad ranges say what is wrong", "[paths]") {
  CHECK(parse_range("1:2", "budget", ValueKind::money).message ==
        "`budget`: the range `1:2` must have the form FROM:TO:STEP");
  CHECK(parse_range("1:2:0", "budget", ValueKind::money).message ==
        "`budget`: STEP must be greater than 0, got `0`");
  CHECK(parse_range("3:2:1", "budget", ValueKind::money).message ==
        "`budget`: FROM `3` is greater than TO `2`");
  CHECK(parse_range("1%:2%:1%", "budget", ValueKind::money).message ==
        "`budget`: FROM must be a number, not a percentage, got `1%`");
  CHECK(parse_range("1e1%:2%:1%", "rate", ValueKind::rate).message ==
        "`rate`: FROM must be a number or a percentage, got `1e1%`");
  CHECK(parse_range(".inf:2:1", "budget", ValueKind::money).message ==
        "`budget`: FROM must be a number, got `.inf`");
}

TEST_CASE("a STEP finer than a double can tell apart is refused, not repeated", "[paths]") {
  const RangeResult r = parse_range("1e15:1000000000000000.125:0.01", "budget", ValueKind::money);
  CHECK_FALSE(r.range);
  CHECK(r.message ==
        "`budget`: STEP `0.01` is finer than numbers near `1000000000000000.125` can tell apart");
  CHECK(r.hint == "use a STEP of at least 0.25, or the values would repeat");
  // One ulp apart is still distinct: the boundary itself.
  CHECK(parse_range("1e15:1000000000000000.5:0.25", "budget", ValueKind::money).range);
  CHECK(parse_range("5:5:1e-300", "budget", ValueKind::money).range);
}
