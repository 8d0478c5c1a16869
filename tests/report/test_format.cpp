// Number formatting for the human formats: grouping, rounding, signs, currencies.

#include <catch2/catch.hpp>

#include "leadplan/report/format.hpp"

using namespace leadplan;

TEST_CASE("group_thousands puts a comma between every three digits", "[report][format]") {
  CHECK(group_thousands(0, 0) == "0");
  CHECK(group_thousands(999, 0) == "999");
  CHECK(group_thousands(1000, 0) == "1,000");
  CHECK(group_thousands(100000, 0) == "100,000");
  CHECK(group_thousands(1234567, 0) == "1,234,567");
  CHECK(group_thousands(10000, 2) == "10,000.00");
  CHECK(group_thousands(1234.5678, 3) == "1,234.568");
}

TEST_CASE("group_thousands rounds before grouping", "[report][format]") {
  // 999,999.999 rounds to 1,000,000.00: the carry makes a new group.
  CHECK(group_thousands(999999.999, 2) == "1,000,000.00");
  CHECK(group_thousands(999.6, 0) == "1,000");
  CHECK(group_thousands(31.746031746031747, 2) == "31.75");
}

TEST_CASE("group_thousands keeps the sign of negatives, not of a rounded zero",
          "[report][format]") {
  CHECK(group_thousands(-1234567, 0) == "-1,234,567");
  CHECK(group_thousands(-999.5, 2) == "-999.50");
  CHECK(group_thousands(-0.001, 2) == "0.00");
  CHECK(group_thousands(-0.0, 0) == "0");
}

TEST_CASE("format_money puts the symbol before the amount, with cents", "[report][format]") {
  CHECK(format_money(10000, "USD") == "$10,000.00");
  CHECK(format_money(31.746031746031747, "USD") == "$31.75");
  CHECK(format_money(0, "USD") == "$0.00");
  CHECK(format_money(1234.5, "EUR") == "\u20AC1,234.50");
  CHECK(format_money(5, "GBP") == "\u00A35.00");
  CHECK(format_money(1500, "JPY") == "\u00A51,500.00");
  CHECK(format_money(1500, "CHF") == "CHF 1,500.00");
}

TEST_CASE("format_money puts the minus sign before the symbol", "[report][format]") {
  CHECK(format_money(-5, "USD") == "-$5.00");
  CHECK(format_money(-1234567.891, "USD") == "-$1,234,567.89");
  CHECK(format_money(-5, "CHF") == "-CHF 5.00");
  CHECK(format_money(-0.004, "USD") == "$0.00");
}

TEST_CASE("format_money rounds to the cent", "[report][format]") {
  CHECK(format_money(158.73015873015873, "USD") == "$158.73");
  CHECK(format_money(15119.999999999998, "USD") == "$15,120.00");
  CHECK(format_money(0.006, "USD") == "$0.01");
  CHECK(format_money(999.996, "USD") == "$1,000.00");
}

TEST_CASE("format_percent gives up to two decimals, trailing zeros dropped", "[report][format]") {
  CHECK(format_percent(0.2) == "20%");
  CHECK(format_percent(0.125) == "12.5%");
  CHECK(format_percent(1.0) == "100%");
  CHECK(format_percent(0.33333) == "33.33%");
  CHECK(format_percent(0.1234567) == "12.35%");
  CHECK(format_percent(0.6613756613756615) == "66.14%");
  CHECK(format_percent(2.5) == "250%");
  CHECK(format_percent(0.00001) == "0.001%");  // tiny, not a misleading 0%
}

TEST_CASE("format_percent of a negative fraction keeps its sign", "[report][format]") {
  CHECK(format_percent(-0.5) == "-50%");
  CHECK(format_percent(-0.125) == "-12.5%");
}

TEST_CASE("format_count groups whole counts and keeps up to two decimals of others",
          "[report][format]") {
  CHECK(format_count(315) == "315");
  CHECK(format_count(1767) == "1,767");
  CHECK(format_count(1e15) == "1,000,000,000,000,000");
  CHECK(format_count(312.5) == "312.5");
  CHECK(format_count(229.16666666666666) == "229.17");
  CHECK(format_count(1234.5) == "1,234.5");
  CHECK(format_count(0.004) == "0.004");  // tiny, not a misleading 0
  CHECK(format_count(-1234.5) == "-1,234.5");
  CHECK(format_count(-20) == "-20");
}

TEST_CASE("format_exact gives the shortest text that reads back", "[report][format]") {
  CHECK(format_exact(0.2) == "0.2");
  CHECK(format_exact(315) == "315");
  CHECK(format_exact(10000.0 / 315.0) == "31.746031746031747");
  CHECK(format_exact(0.1 + 0.2) == "0.30000000000000004");
}

TEST_CASE("format_coverage cuts the digits JSON prints to two decimals", "[report][format]") {
  CHECK(format_coverage(0.6613756613756615, false) == "66.13%");
  CHECK(format_coverage(0.29, false) == "29%");  // 0.28999999999999998, never 28.99%
  CHECK(format_coverage(0.99999, false) == "99.99%");
  CHECK(format_coverage(0.9999999999, true) == "100%");  // feasible within the tolerance
  CHECK(format_coverage(1.5, true) == "150%");
  CHECK(format_coverage(0.0001, false) == "0.01%");
  CHECK(format_coverage(0.0, false) == "0%");
  CHECK(format_coverage(0.00000001, false) == "1e-06%");  // tiny: its first digits
  // Large coverage keeps its own digits (JSON: 66137566137.56614): a nudge of
  // 1 + 1e-12 before the floor printed 6613756613763.22%.
  CHECK(format_coverage(66137566137.56614, true) == "6613756613756.61%");
  CHECK(format_coverage(3.3e300, true) == "3.3e+302%");
}

TEST_CASE("format_money beyond 1e15 is in short scientific form", "[report][format]") {
  CHECK(format_money(1e15, "USD") == "$1,000,000,000,000,000.00");
  CHECK(format_money(1.6000000000000001e302, "USD") == "$1.6e+302");
  CHECK(format_money(-2.5e16, "EUR") == "-\u20AC2.5e+16");
  CHECK(format_money(1234567e12, "CHF") == "CHF 1.23e+18");
}
