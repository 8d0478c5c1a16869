// The fast reader of plain block YAML (src/load/block_yaml.cpp) against yaml-cpp:
// for every text, parse_document must give the same Document and the same
// diagnostics whichever reader it uses. A corpus of scenarios and edge cases,
// then thousands of random mutations of it.

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "leadplan/load/document.hpp"
#include "leadplan/load/source.hpp"

using namespace leadplan;

namespace {

std::string describe(const Document& doc, const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  if (doc.complete()) {
    out += "complete\n";
  }
  if (doc.root() != k_no_node) {
    out += "root " + std::to_string(doc.root()) + "\n";
    for (NodeId id = 0; id < doc.node_count(); ++id) {
      const DocNode& n = doc.node(id);
      out += std::to_string(id) + ": kind " + std::to_string(static_cast<int>(n.kind)) +
             (n.quoted ? " quoted" : "") + " at " + std::to_string(n.line) + ":" +
             std::to_string(n.column) + " first " + std::to_string(n.first_child) + " next " +
             std::to_string(n.next_sibling) + " count " + std::to_string(n.child_count);
      if (n.kind == NodeKind::scalar) {
        out += " '" + std::string(doc.text(id)) + "'";
      }
      out += "\n";
    }
  }
  for (const Diagnostic& d : diagnostics) {
    out += d.file + ":" + std::to_string(d.line) + ":" + std::to_string(d.column) + ": " +
           d.message + " | " + d.hint + "\n";
  }
  return out;
}

std::string parsed_with(const std::string& text, YamlReader reader) {
  std::vector<Diagnostic> diagnostics;
  const Document doc = parse_document("t.yaml", text, diagnostics, reader);
  return describe(doc, diagnostics);
}

void check_same(const std::string& text) {
  INFO("text:\n" << text);
  CHECK(parsed_with(text, YamlReader::automatic) == parsed_with(text, YamlReader::yaml_cpp));
}

std::vector<std::string> corpus() {
  std::vector<std::string> texts = {
      read_source(std::string(LEADPLAN_SOURCE_DIR) + "/examples/seed.yaml").text,
      "a: 1\nb:\nc:\n  d: x\n  e:\nf:\n- g: 1\n  h:\n-\n- k\nl: ~\nm: \"q\"\nn: 'z'\no:\n",
      "a:\n",
      "a:\n\n# c\n",
      "a:\n  \n",
      "a: # x\nb: 1\n",
      "a: x\n# c\n  # d\n",
      "a: NULL\nb: nULL\nc: null # x\nd: \"\"\ne: ''\n",
      "- \n-\n",
      "a:\n  - x\n  -\n",
      "# c\n\na: 1 # x\n",
      "a:  b  \n",
      "a: b#c\n",
      "a: 'it''s'\n",
      "a:\n- b\nc: 1\n",
      "a:\n- \nc: 1\n",
      "a:\n-\n  b: 1\n-\n  - c\n",
      "x:\n  -   a: 1\n      b:\n",
      "  a: 1\n  b: 2\n",
      "a:\n    b: 1\n  c: 2\n",
      "a: 1\n - b\n",
      "a: x\n  y\n",
      "- a\n  b\n",
      "- a: 1\n b: 2\n",
      "a: 1\na: 2\n",
      "null: 1\nNull:\n~: 2\n",
      "a: -5\nb: -x\nc: .inf\nd: 20%\ne: 1e3\nf: \"x # y\"\ng: 'a: b'\n",
      "a: \"b\"c\n",
      "a: \"b\" # c\nb: 'c'   \n",
      "a: \"b\\n\"\n",
      "a: [1, 2]\n",
      "a: {b: 1}\n",
      "a: &x 1\nb: *x\n",
      "a: !!str 1\n",
      "a: |\n  text\n",
      "---\na: 1\n",
      "a: 1\n---\nb: 2\n",
      "a: 1\n...\n",
      "a:b\n",
      "a :b\n",
      "a : 1\n",
      "? a\n: 1\n",
      "a: 1",
      "a:\tb\n",
      "a: b\r\n",
      "\xEF\xBB\xBF"
      "a: 1\n",
      "a: caf\xC3\xA9\n\xC3\xA9: 1\n",
      "name: FY27 Q1: mid\n",
      "funnel:\n  - stage: lead\n  - stage: mql\n    rate: 20%\nbudget: 1\n",
      "a:\n  b:\n    c:\n      d: 1\n   e: 2\n",
      "- - a\n",
      "-\n",
      "a\n",
      "\"a\": 1\n",
      "a: 'x\n  y'\n",
      "a: -\n",
      "a: 1 #\n#\n",
      "a b: 1\nc.d: 2\ne-f: 3\n",
      "%YAML 1.2\n---\na: 1\n",
  };
  // A larger scenario, as the benchmarks generate.
  std::string big = "target:\n  wins: 5\nfunnel:\n  - stage: lead\n";
  for (int i = 1; i < 6; ++i) {
    big += "  - stage: s" + std::to_string(i) + "\n    rate: 50%\n";
  }
  big += "channels:\n";
  for (int i = 0; i < 50; ++i) {
    big += "  - name: c" + std::to_string(i) + "\n    cpl: " + std::to_string(10 + i) + "\n";
    if (i % 3 == 0) {
      big += "    mql_rate: 10%   # comment\n";
    }
  }
  texts.push_back(big);
  // Deeper than k_max_depth, and more problems than k_max_diagnostics: the
  // builder stops the fast reader, and yaml-cpp must report the same.
  std::string deep;
  for (int i = 0; i < 40; ++i) {
    deep += std::string(static_cast<std::size_t>(i), ' ') + "k" + std::to_string(i) + ":\n";
  }
  texts.push_back(deep);
  // Keys at and beyond yaml-cpp's limit of 1024 bytes, in a map and in a list entry,
  // in ASCII and with a two-byte character (the limit counts bytes).
  for (const std::size_t length :
       {std::size_t{1023}, std::size_t{1024}, std::size_t{1025}, std::size_t{2000}}) {
    const std::string key(length, 'k');
    texts.push_back(key + ": 1\n");
    texts.push_back("a:\n  - " + key + ": 1\n    b: 2\n");
    texts.push_back(key.substr(0, length - 2) + "\xC3\xA9: 1\n");
  }
  texts.push_back("--- # the scenario\na: 1\n");
  texts.push_back("---   \n\n# c\na:\n  - b\n");
  texts.push_back("---\n");
  texts.push_back("---\n---\na: 1\n");
  texts.push_back("--- a: 1\n");
  texts.push_back(" ---\na: 1\n");
  texts.push_back("----\na: 1\n");
  texts.push_back("a: 1\r\n\r\nb:\r\n  - c  # d\r\n  -\r\n");
  texts.push_back("a: 1\r\nb: 2\rc: 3\n");
  texts.push_back("\xEF\xBB\xBF---\r\na: 1\r\n");
  // Every text of the corpus with CRLF line ends, after a byte order mark, and
  // without its last line break.
  for (std::size_t i = 0, n = texts.size(); i < n; ++i) {
    std::string crlf;
    for (const char c : texts[i]) {
      crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    }
    texts.push_back(crlf);
    texts.push_back("\xEF\xBB\xBF" + texts[i]);
    if (!texts[i].empty() && texts[i].back() == '\n') {
      texts.push_back(texts[i].substr(0, texts[i].size() - 1));
      texts.push_back(crlf.substr(0, crlf.size() - 2));
    }
  }
  texts.push_back("a:\n  - b\n# c");
  texts.push_back("a:\n  -");
  texts.push_back("a:");
  texts.push_back("- a\n-");
  std::string duplicates;
  for (int i = 0; i < 60; ++i) {
    duplicates += "a: " + std::to_string(i) + "\n";
  }
  texts.push_back(duplicates);
  return texts;
}

}  // namespace

TEST_CASE("the block reader and yaml-cpp agree on a corpus", "[load][yaml]") {
  for (const std::string& text : corpus()) {
    check_same(text);
  }
}

TEST_CASE("the block reader reads every example itself", "[load][yaml]") {
  // Not a fallback: the fast path must take plain scenarios (docs/performance.md).
  // With read_block_yaml disabled, yaml-cpp would read them to the same Document,
  // so only read_fast() tells which reader did.
  std::size_t examples = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(
           std::filesystem::path(LEADPLAN_SOURCE_DIR) / "examples")) {
    if (entry.path().extension() != ".yaml") {
      continue;
    }
    INFO(entry.path().string());
    std::vector<Diagnostic> diagnostics;
    const std::string text = read_source(entry.path().string()).text;
    const Document doc = parse_document("example.yaml", text, diagnostics);
    CHECK(diagnostics.empty());
    CHECK(doc.complete());
    CHECK(doc.read_fast());
    ++examples;
  }
  CHECK(examples >= 4);
}

TEST_CASE("the block reader and yaml-cpp agree on random mutations", "[load][yaml]") {
  const std::vector<std::string> texts = corpus();
  std::mt19937 random(20260401);
  const std::string alphabet = " -:#\n\"'ab1%~.[&|!?\t";
  for (int round = 0; round < 4000; ++round) {
    std::string text = texts[static_cast<std::size_t>(round) % texts.size()];
    const int edits = 1 + static_cast<int>(random() % 3);
    for (int e = 0; e < edits && !text.empty(); ++e) {
      const std::size_t at = random() % text.size();
      switch (random() % 5) {
        case 0:
          text.erase(at, 1);
          break;
        case 1:
          text.insert(at, 1, alphabet[random() % alphabet.size()]);
          break;
        case 2:
          text[at] = alphabet[random() % alphabet.size()];
          break;
        case 3:
          text.insert(at, "  ");
          break;
        default: {
          // Duplicate or drop a whole line.
          const std::size_t start =
              text.rfind('\n', at) == std::string::npos ? 0 : text.rfind('\n', at) + 1;
          const std::size_t end = text.find('\n', at);
          const std::string line =
              text.substr(start, end == std::string::npos ? std::string::npos : end - start + 1);
          if (random() % 2 == 0) {
            text.insert(start, line);
          } else {
            text.erase(start, line.size());
          }
        }
      }
    }
    check_same(text);
  }
}
