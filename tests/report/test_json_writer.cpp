// JsonWriter and its number and string printers, as tables of expectations.

#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "leadplan/report/json_writer.hpp"

using namespace leadplan;

TEST_CASE("append_json_number: whole numbers as integers, others shortest round-trip",
          "[report][json_writer]") {
  const std::vector<std::pair<double, std::string>> cases = {
      {0.0, "0"},
      {315.0, "315"},
      {-5.0, "-5"},
      {10000.0, "10000"},
      {0.2, "0.2"},
      {10000.0 / 315.0, "31.746031746031747"},
      {9007199254740991.0, "9007199254740991"},  // 2^53 - 1: still an integer
      {1e20, "1e+20"},
      {1e-7, "1e-07"},
  };
  for (const auto& [number, text] : cases) {
    std::string out;
    append_json_number(out, number);
    CHECK(out == text);
    CHECK(nlohmann::json::parse(out).get<double>() == number);  // reads back exactly
  }
}

TEST_CASE("append_json_string escapes what JSON requires and keeps UTF-8",
          "[report][json_writer]") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"plain", R"("plain")"},
      {"say \"hi\"", R"("say \"hi\"")"},
      {"back\\slash", R"("back\\slash")"},
      {"two\nlines\tand tab", R"("two\nlines\tand tab")"},
      {std::string("bell\x01", 5), R"("bell\u0001")"},
      {"caf\xc3\xa9 \xe2\x82\xac", "\"caf\xc3\xa9 \xe2\x82\xac\""},
  };
  for (const auto& [text, json] : cases) {
    std::string out;
    append_json_string(out, text);
    CHECK(out == json);
    CHECK(nlohmann::json::parse(out).get<std::string>() == text);
  }
}

TEST_CASE("JsonWriter nests objects and arrays with commas and indentation",
          "[report][json_writer]") {
  std::ostringstream out;
  {
    JsonWriter json(out);
    json.begin_object();
    json.field("a", 1.0);
    json.key("list");
    json.begin_array();
    json.value(std::optional<double>());
    json.value(true);
    json.value("x");
    json.end_array();
    json.key("empty");
    json.begin_object();
    json.end_object();
    json.end_object();
  }
  CHECK(
      out.str() ==
      "{\n  \"a\": 1,\n  \"list\": [\n    null,\n    true,\n    \"x\"\n  ],\n  \"empty\": {}\n}\n");
}

TEST_CASE("JsonWriter with indent 0 writes one line", "[report][json_writer]") {
  std::ostringstream out;
  {
    JsonWriter json(out, 0);
    json.begin_object();
    json.field("name", std::string_view("seed"));
    json.field("flag", std::optional<bool>());
    json.end_object();
  }
  CHECK(out.str() == "{\"name\":\"seed\",\"flag\":null}");  // the caller ends the line
}

TEST_CASE("JsonWriter streams a large array through its buffer intact", "[report][json_writer]") {
  std::ostringstream out;
  {
    JsonWriter json(out, 0);
    json.begin_array();
    for (int i = 0; i < 100000; ++i) {
      json.value(static_cast<double>(i));
    }
    json.end_array();
  }
  const auto parsed = nlohmann::json::parse(out.str());
  REQUIRE(parsed.size() == 100000);
  CHECK(parsed[99999] == 99999);
}
