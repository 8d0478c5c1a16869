// TextTable: columns measured in characters, not bytes; colour codes take no room.

#include <string>

#include <catch2/catch.hpp>

#include "leadplan/report/report.hpp"
#include "leadplan/report/text_table.hpp"

using namespace leadplan;

TEST_CASE("TextTable aligns each column by its widest cell, two spaces apart",
          "[report][text_table]") {
  TextTable table({"Name", "Cost"}, {Align::left, Align::right});
  table.add_row({"paid_search", "$30.00"});
  table.add_row({"x", "$1,234.50"});
  CHECK(table.render() ==
        "Name              Cost\n"
        "paid_search     $30.00\n"
        "x            $1,234.50\n");
}

TEST_CASE("TextTable counts UTF-8 characters and skips escape sequences", "[report][text_table]") {
  TextTable table({"Stage", "N"}, {Align::left, Align::right});
  table.add_row({"r\xc3\xa9union", "1"});       // 7 characters, 8 bytes
  table.add_row({"\x1b[31mred\x1b[0m", "22"});  // 3 characters shown
  CHECK(table.render() ==
        "Stage     N\n"
        "r\xc3\xa9union   1\n"
        "\x1b[31mred\x1b[0m      22\n");
  CHECK(display_width("r\xc3\xa9union") == 7);
  CHECK(display_width("\x1b[1mbold\x1b[0m") == 4);
}

TEST_CASE("TextTable wraps the headers in the bold codes it is given", "[report][text_table]") {
  TextTable table({"A"}, {Align::left});
  table.add_row({"b"});
  CHECK(table.render("<", ">") == "<A>\nb\n");
}

TEST_CASE("csv_field quotes a field only when RFC 4180 needs it", "[report][csv]") {
  CHECK(csv_field("plain") == "plain");
  CHECK(csv_field("") == "");
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_field("two\nlines") == "\"two\nlines\"");
  CHECK(csv_field("cr\r") == "\"cr\r\"");
}

TEST_CASE("markdown_cell escapes pipes and backslashes and keeps a row on one line",
          "[report][markdown]") {
  CHECK(markdown_cell("a|b") == "a\\|b");
  CHECK(markdown_cell("back\\slash") == "back\\\\slash");
  CHECK(markdown_cell("two\nlines\r") == "two<br>lines");
}
