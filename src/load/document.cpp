#include "leadplan/load/document.hpp"

#include <algorithm>
#include <streambuf>
#include <istream>

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include "block_yaml.hpp"

namespace leadplan {

std::string_view Document::text(NodeId id) const {
  const DocNode& n = m_nodes[id];
  return std::string_view(m_text).substr(n.text_begin, n.text_size);
}

NodeId Document::find_key(NodeId map, std::string_view key) const {
  if (map == k_no_node || m_nodes[map].kind != NodeKind::map) {
    return k_no_node;
  }
  for (NodeId k = m_nodes[map].first_child; k != k_no_node;) {
    const NodeId v = m_nodes[k].next_sibling;
    if (m_nodes[k].kind == NodeKind::scalar && text(k) == key) {
      return k;
    }
    k = v == k_no_node ? k_no_node : m_nodes[v].next_sibling;
  }
  return k_no_node;
}

NodeId Document::find(NodeId map, std::string_view key) const {
  const NodeId k = find_key(map, key);
  return k == k_no_node ? k_no_node : m_nodes[k].next_sibling;
}

NodeId Document::add_node(NodeKind kind, int line, int column) {
  DocNode n;
  n.kind = kind;
  n.line = line;
  n.column = column;
  m_nodes.push_back(n);
  return static_cast<NodeId>(m_nodes.size() - 1);
}

NodeId Document::add_scalar(std::string_view text, bool quoted, int line, int column) {
  const NodeId id = add_node(NodeKind::scalar, line, column);
  set_scalar(id, text, quoted);
  return id;
}

void Document::set_scalar(NodeId id, std::string_view text, bool quoted) {
  DocNode& n = m_nodes[id];
  n.kind = NodeKind::scalar;
  n.quoted = quoted;
  n.text_begin = static_cast<std::uint32_t>(m_text.size());
  n.text_size = static_cast<std::uint32_t>(text.size());
  m_text.append(text);
}

void Document::reserve(std::size_t nodes, std::size_t text_bytes) {
  m_nodes.reserve(nodes);
  m_text.reserve(text_bytes);
}

void Document::append_child(NodeId parent, NodeId child) {
  DocNode& p = m_nodes[parent];
  if (p.last_child == k_no_node) {
    p.first_child = child;
  } else {
    m_nodes[p.last_child].next_sibling = child;
  }
  p.last_child = child;
  ++p.child_count;
}

void Document::erase(NodeId map, std::string_view key) {
  DocNode& m = m_nodes[map];
  NodeId before = k_no_node;
  for (NodeId k = m.first_child; k != k_no_node;) {
    const NodeId v = m_nodes[k].next_sibling;
    const NodeId after = m_nodes[v].next_sibling;
    if (m_nodes[k].kind == NodeKind::scalar && text(k) == key) {
      if (before == k_no_node) {
        m.first_child = after;
      } else {
        m_nodes[before].next_sibling = after;
      }
      if (m.last_child == v) {
        m.last_child = before;
      }
      m.child_count -= 2;
      return;
    }
    before = v;
    k = after;
  }
}

namespace {

// Reads the caller's bytes in place: no copy of a 16 MiB scenario.
class MemoryBuffer : public std::streambuf {
 public:
  explicit MemoryBuffer(std::string_view text) {
    char* begin = const_cast<char*>(text.data());  // NOLINT: read-only use by istream
    setg(begin, begin, begin + text.size());
  }
};

// Thrown by the event handler to stop yaml-cpp early (too deep, too many problems).
struct StopParsing {};

std::string short_tag(const std::string& tag) {
  static constexpr std::string_view k_core = "tag:yaml.org,2002:";
  if (tag.rfind(k_core, 0) == 0) {
    return "!!" + tag.substr(k_core.size());
  }
  return tag;
}

// Builds a Document from yaml-cpp's events, checking what the node API hides.
class Builder : public YAML::EventHandler {
 public:
  Builder(Document& document, const std::string& file, std::vector<Diagnostic>& diagnostics)
      : m_document(document), m_file(file), m_diagnostics(diagnostics) {}

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override {
    // yaml-cpp marks an empty value (`wins:`) at the token after it, often on a
    // later line; the key it belongs to is where a person looks for it.
    int line = mark.line + 1;
    int column = mark.column + 1;
    if (!m_open.empty()) {
      const DocNode& parent = m_document.node(m_open.back());
      if (parent.kind == NodeKind::map && parent.child_count % 2 == 1) {
        const DocNode& key = m_document.node(parent.last_child);
        if (key.line != line) {
          line = key.line;  // `wins:` with nothing after it; `wins: ~` keeps its own mark
          column = key.column;
        }
      }
    }
    add(m_document.add_node(NodeKind::null, line, column));
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
    report(mark.line + 1, mark.column + 1,
           "YAML aliases (`*name`) are not supported in a scenario", "write the value out");
    const NodeId id = m_document.add_node(NodeKind::null, mark.line + 1, mark.column + 1);
    m_document.mark_reported(id);
    add(id);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t,
                const std::string& value) override {
    // "!" is yaml-cpp's tag for a quoted or block scalar: text, never a number.
    const NodeId id = m_document.add_scalar(value, tag == "!", mark.line + 1, mark.column + 1);
    if (!check_tag(mark, tag)) {
      m_document.mark_reported(id);
    }
    add(id);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    open(NodeKind::sequence, mark, tag);
  }
  void OnSequenceEnd() override { m_open.pop_back(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    open(NodeKind::map, mark, tag);
  }
  void OnMapEnd() override {
    check_duplicate_keys(m_open.back());
    m_open.pop_back();
  }

  // Reports the keys that were lists or maps; called once the text parsed to its end.
  void report_complex_keys() {
    for (NodeId id : m_complex_keys) {
      const DocNode& key = m_document.node(id);
      report(key.line, key.column, "a key must be plain text, not a list or a map");
    }
  }

  void report(int line, int column, std::string message, std::string hint = {}) {
    m_diagnostics.push_back(Diagnostic{m_file, line, column, std::move(message), std::move(hint)});
    if (m_diagnostics.size() >= k_max_collected) {
      throw StopParsing{};
    }
  }

 private:
  void open(NodeKind kind, const YAML::Mark& mark, const std::string& tag) {
    const NodeId id = m_document.add_node(kind, mark.line + 1, mark.column + 1);
    if (!check_tag(mark, tag)) {
      m_document.mark_reported(id);
    }
    add(id);
    m_open.push_back(id);
    if (m_open.size() > static_cast<std::size_t>(k_max_depth)) {
      report(mark.line + 1, mark.column + 1,
             fmt::format("the scenario is nested more than {} levels deep", k_max_depth),
             "a scenario needs about 5");
      throw StopParsing{};
    }
  }

  // Reports an explicit tag (`!!str`); false when there was one.
  bool check_tag(const YAML::Mark& mark, const std::string& tag) {
    if (!tag.empty() && tag != "?" && tag != "!") {
      report(mark.line + 1, mark.column + 1,
             fmt::format("YAML tags (`{}`) are not supported in a scenario", short_tag(tag)),
             "remove the tag");
      return false;
    }
    return true;
  }

  void add(NodeId id) {
    if (m_open.empty()) {
      m_document.set_root(id);
      return;
    }
    const NodeId parent = m_open.back();
    const DocNode& p = m_document.node(parent);
    if (p.kind == NodeKind::map && p.child_count % 2 == 0) {
      const DocNode& key = m_document.node(id);
      if (key.kind == NodeKind::map || key.kind == NodeKind::sequence) {
        // Reported only if the text parses to its end: yaml-cpp emits such keys
        // while recovering from some syntax errors ("[1,2").
        m_complex_keys.push_back(id);
      }
    }
    m_document.append_child(parent, id);
  }

  // Duplicate keys: quadratic scan for the small maps a scenario has, sorting for big ones.
  void check_duplicate_keys(NodeId map) {
    std::vector<NodeId> keys;
    keys.reserve(m_document.node(map).child_count / 2);
    for (NodeId k = m_document.node(map).first_child; k != k_no_node;) {
      const NodeId v = m_document.node(k).next_sibling;
      if (m_document.node(k).kind == NodeKind::scalar) {
        keys.push_back(k);
      }
      k = v == k_no_node ? k_no_node : m_document.node(v).next_sibling;
    }
    std::vector<std::pair<NodeId, NodeId>> duplicates;  // (first, again)
    if (keys.size() <= 16) {
      for (std::size_t i = 0; i < keys.size(); ++i) {
        for (std::size_t j = 0; j < i; ++j) {
          if (m_document.text(keys[i]) == m_document.text(keys[j])) {
            duplicates.emplace_back(keys[j], keys[i]);
            break;
          }
        }
      }
    } else {
      std::vector<NodeId> sorted = keys;
      std::stable_sort(sorted.begin(), sorted.end(), [&](NodeId a, NodeId b) {
        return m_document.text(a) < m_document.text(b);
      });
      for (std::size_t i = 1; i < sorted.size(); ++i) {
        if (m_document.text(sorted[i]) == m_document.text(sorted[i - 1])) {
          std::size_t first = i - 1;
          while (first > 0 && m_document.text(sorted[first - 1]) == m_document.text(sorted[i])) {
            --first;
          }
          duplicates.emplace_back(sorted[first], sorted[i]);
        }
      }
      std::sort(duplicates.begin(), duplicates.end(),
                [](const auto& a, const auto& b) { return a.second < b.second; });
    }
    for (const auto& [first, again] : duplicates) {
      const DocNode& k = m_document.node(again);
      report(k.line, k.column,
             fmt::format("duplicate key `{}` (first given on line {})", m_document.text(again),
                         m_document.node(first).line),
             "keep one of them");
    }
  }

  Document& m_document;
  const std::string& m_file;
  std::vector<Diagnostic>& m_diagnostics;
  std::vector<NodeId> m_open;
  std::vector<NodeId> m_complex_keys;
};

// Stops at the start of a second document: its presence is the problem.
class SecondDocument : public YAML::EventHandler {
 public:
  struct Found {
    YAML::Mark mark;
  };
  void OnDocumentStart(const YAML::Mark& mark) override { throw Found{mark}; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

struct Position {
  int line = 1;
  int column = 1;
};

Position position_of(std::string_view text, std::size_t offset) {
  Position p;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++p.line;
      p.column = 1;
    } else {
      ++p.column;
    }
  }
  return p;
}

// The offset of the first byte that is not valid UTF-8 or is NUL, or npos.
std::size_t find_bad_byte(std::string_view text) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  for (std::size_t i = 0; i < size;) {
    const unsigned char c = bytes[i];
    if (c == 0) {
      return i;
    }
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = 0;
    std::uint32_t min = 0;
    if ((c & 0xE0) == 0xC0) {
      length = 2;
      min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      length = 3;
      min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      length = 4;
      min = 0x10000;
    } else {
      return i;
    }
    if (i + length > size) {
      return i;
    }
    std::uint32_t code = c & (0x7Fu >> length);
    for (std::size_t k = 1; k < length; ++k) {
      if ((bytes[i + k] & 0xC0) != 0x80) {
        return i;
      }
      code = (code << 6) | (bytes[i + k] & 0x3Fu);
    }
    if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
      return i;
    }
    i += length;
  }
  return std::string_view::npos;
}

// The offset of the first character that is not blank, a comment or a document marker.
std::size_t find_content(std::string_view text) {
  std::size_t i = 0;
  bool line_start = true;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '#') {
      while (i < text.size() && text[i] != '\n') {
        ++i;
      }
      continue;
    }
    if (line_start && (text.substr(i, 3) == "---" || text.substr(i, 3) == "...")) {
      i += 3;
      line_start = false;
      continue;
    }
    if (c == '\n') {
      line_start = true;
      ++i;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r') {
      ++i;
      continue;
    }
    if (i == 0 && text.substr(0, 3) == "\xEF\xBB\xBF") {
      i += 3;
      continue;
    }
    return i;
  }
  return std::string_view::npos;
}

}  // namespace

Document parse_document(const std::string& file, std::string_view text,
                        std::vector<Diagnostic>& diagnostics, YamlReader reader) {
  Document document;
  const std::size_t bad = find_bad_byte(text);
  if (bad != std::string_view::npos) {
    const Position p = position_of(text, bad);
    diagnostics.push_back(Diagnostic{
        file, p.line, p.column,
        text[bad] == '\0' ? "the scenario contains a NUL byte"
                          : "the scenario is not valid UTF-8",
        text.find('\0') != std::string_view::npos && bad < 2 ? "save it as UTF-8, not UTF-16"
                                                            : "save it as UTF-8"});
    return document;
  }
  const std::size_t before = diagnostics.size();
  // Each line gives at most 4 nodes ("- name: x" opens a list and a map), and
  // scalars hold at most the text: reserved, untouched memory costs nothing.
  const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  document.reserve(4 * lines + 8, text.size());
  if (reader == YamlReader::automatic) {
    // Nearly every scenario is plain block YAML: read_block_yaml gives the same
    // events as yaml-cpp for it, far faster (see src/load/block_yaml.cpp), and
    // gives up on anything else, which yaml-cpp then reads from the start.
    Builder fast(document, file, diagnostics);
    try {
      if (detail::read_block_yaml(text, fast)) {
        document.set_complete(true);
        return document;
      }
    } catch (const StopParsing&) {
      // Too many problems or too deep: yaml-cpp reports them as usual.
    }
    document = Document();
    document.reserve(4 * lines + 8, text.size());
    diagnostics.resize(before);
  }
  MemoryBuffer buffer(text);
  std::istream in(&buffer);
  Builder builder(document, file, diagnostics);
  try {
    YAML::Parser parser(in);
    if (!parser.HandleNextDocument(builder)) {
      diagnostics.push_back(Diagnostic{file, 1, 1, "the scenario is empty", "see docs/scenario.md"});
      return document;
    }
    const DocNode& root = document.node(document.root());
    if (root.kind == NodeKind::null) {
      // yaml-cpp 0.7 turns some malformed text (",", ",foo") into an empty
      // document, endlessly; text that is more than comments is an error.
      const std::size_t content = find_content(text);
      if (content != std::string_view::npos) {
        const Position p = position_of(text, content);
        diagnostics.push_back(Diagnostic{file, p.line, p.column,
                                         fmt::format("YAML syntax: unexpected `{}`", text[content]),
                                         {}});
      } else {
        diagnostics.push_back(Diagnostic{file, 1, 1, "the scenario is empty", "see docs/scenario.md"});
      }
      return document;
    }
    document.set_complete(true);
    builder.report_complex_keys();
    if (diagnostics.size() == before) {
      SecondDocument probe;
      try {
        parser.HandleNextDocument(probe);
      } catch (const SecondDocument::Found& found) {
        builder.report(found.mark.line + 1, found.mark.column + 1,
                       "a second YAML document starts here; a scenario file holds one",
                       "remove everything from this `---` on, or split it into two files");
      }
    }
  } catch (const StopParsing&) {
    // The cap or the depth limit was reached; what was found is reported.
    document.set_complete(false);
  } catch (const YAML::Exception& e) {
    document.set_complete(false);
    diagnostics.push_back(Diagnostic{file, e.mark.is_null() ? 1 : e.mark.line + 1,
                                     e.mark.is_null() ? 1 : e.mark.column + 1,
                                     fmt::format("YAML syntax: {}", e.msg), {}});
  }
  return document;
}

}  // namespace leadplan
