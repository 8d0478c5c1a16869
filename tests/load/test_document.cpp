// parse_document's bounds on hostile input (issue 9): where the depth limit
// fires in flow collections, what yaml-cpp may read and hold at once, and which
// texts the fast reader takes so that they are not bound by yaml-cpp's limits.
// Time and memory themselves are measured whole-process by scripts/scaling.py.

#include <algorithm>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "leadplan/load/document.hpp"
#include "leadplan/load/source.hpp"

using namespace leadplan;

namespace {

struct Parsed {
  Document document;
  std::vector<Diagnostic> diagnostics;

  // The first diagnostic as `LINE:COLUMN: MESSAGE`, or "" when there is none.
  [[nodiscard]] std::string first() const {
    if (diagnostics.empty()) {
      return {};
    }
    const Diagnostic& d = diagnostics.front();
    return std::to_string(d.line) + ":" + std::to_string(d.column) + ": " + d.message;
  }
};

Parsed parsed(const std::string& text, YamlReader reader = YamlReader::automatic) {
  Parsed p;
  p.document = parse_document("t.yaml", text, p.diagnostics, reader);
  return p;
}

const std::string k_too_deep = "the scenario is nested more than 32 levels deep";
const std::string k_read_ahead =
    "YAML syntax: the value starting here is larger than 1048576 bytes, more than leadplan's "
    "YAML reader holds at once";
const std::string k_not_plain =
    "a scenario larger than 2097152 bytes must be plain block YAML, and this line is not";

std::string repeated(const std::string& piece, std::size_t times) {
  std::string out;
  out.reserve(piece.size() * times);
  for (std::size_t i = 0; i < times; ++i) {
    out += piece;
  }
  return out;
}

}  // namespace

TEST_CASE("the depth limit in unclosed flow collections is placed at the 33rd level",
          "[load][document]") {
  // yaml-cpp reads an unclosed `[` at the end of the text as a list and a map:
  // the limit used to fire at column 17.
  for (const auto reader : {YamlReader::automatic, YamlReader::yaml_cpp}) {
    CHECK(parsed(std::string(40, '['), reader).first() == "1:33: " + k_too_deep);
    CHECK(parsed(std::string(40, '{'), reader).first() == "1:33: " + k_too_deep);
    CHECK(parsed("[{[{" + std::string(40, '['), reader).first() == "1:33: " + k_too_deep);
  }
  // Block levels count too: the root map and `a` are levels 1 and 2.
  CHECK(parsed("a:\n  b: " + std::string(40, '[') + "\n").first() == "2:36: " + k_too_deep);
  // Closed, and after a comment and quoted brackets that are text.
  CHECK(parsed("# [[[[\nx: '[[[[' \ny: " + std::string(40, '[') + std::string(40, ']') + "\n")
            .first() == "3:35: " + k_too_deep);
  // Brackets inside a plain value are text, however many.
  const Parsed text = parsed("a: b" + std::string(40, '[') + "\n");
  CHECK(text.diagnostics.empty());
  CHECK(text.document.complete());
}

TEST_CASE("16 MiB of opening brackets end at the depth limit, not after reading them all",
          "[load][document]") {
  const Parsed p = parsed(std::string(k_max_source_bytes, '['));
  CHECK(p.first() == "1:33: " + k_too_deep);
  CHECK(p.diagnostics.size() == 1);
  CHECK_FALSE(p.document.complete());
}

TEST_CASE("yaml-cpp holds at most 1 MiB of a value it cannot yet place", "[load][document]") {
  // A flow list that may still be a key (`[1, 2]: x`): yaml-cpp keeps every token
  // of it until it ends; 16 MiB of it took 2.3 GB.
  std::string ones = "[";
  ones += repeated("123456789012345678,", 60000);  // 1.1 MB in few tokens: quick to read
  ones += "1]\n";
  CHECK(parsed(ones).first() == "1:1: " + k_read_ahead);
  CHECK(parsed("- " + ones).first() == "1:3: " + k_read_ahead);
  CHECK(parsed("a: 1\nb:\n  - \"" + std::string(1100000, 'x') + "\"\nc: [1]\n").first() ==
        "3:5: " + k_read_ahead);
  // As a map's value it cannot be a key: yaml-cpp passes it on as it reads.
  const Parsed value = parsed("x: " + ones);
  CHECK(value.diagnostics.empty());
  CHECK(value.document.complete());
}

TEST_CASE("beyond 2 MiB only plain block YAML is read", "[load][document]") {
  std::string padding;
  for (int i = 0; padding.size() <= std::size_t{2} * 1024 * 1024; ++i) {
    padding += 'k';
    padding += std::to_string(i);
    padding += ": 1\n";
  }
  // Where the fast reader gave up: the line with a flow collection, the tab.
  CHECK(parsed(padding + "x: [1, 2]\n").first() ==
        std::to_string(std::count(padding.begin(), padding.end(), '\n') + 1) +
            ":1: " + k_not_plain);
  CHECK(parsed("a:\t1\n" + padding).first() == "1:3: " + k_not_plain);
  // yaml-cpp alone, as the tests of the two readers ask for, keeps to the limit as well.
  CHECK(parsed(padding, YamlReader::yaml_cpp).first() == "1:1: " + k_not_plain);
  // Plain block YAML of any size up to 16 MiB is read.
  const Parsed plain = parsed(padding);
  CHECK(plain.diagnostics.empty());
  CHECK(plain.document.complete());
}

TEST_CASE("the fast reader takes CRLF, a byte order mark, a leading --- and no last line break",
          "[load][document]") {
  // Beyond 2 MiB they would otherwise be refused as not plain block YAML.
  const std::string seed =
      read_source(std::string(LEADPLAN_SOURCE_DIR) + "/examples/seed.yaml").text;
  std::string crlf = "\xEF\xBB\xBF---  # the seed, from Windows\r\n";
  for (const char c : seed) {
    crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  }
  while (crlf.size() <= std::size_t{2} * 1024 * 1024) {
    crlf += "# padding\r\n";
  }
  const Parsed p = parsed(crlf);
  CHECK(p.first().empty());
  CHECK(p.document.complete());
  // Nor does a last line without its line break send the text to yaml-cpp.
  const Parsed unterminated = parsed(crlf.substr(0, crlf.size() - 2));
  CHECK(unterminated.first().empty());
  CHECK(unterminated.document.complete());
}

TEST_CASE("a duplicate key is shown cut short in its message", "[load][document]") {
  const std::string key(1000, 'k');
  const Parsed p = parsed("\"" + key + "\": 1\n\"" + key + "\": 2\n");
  REQUIRE(p.diagnostics.size() == 1);
  CHECK(p.diagnostics[0].message ==
        "duplicate key `" + std::string(37, 'k') + "...` (first given on line 1)");
}
