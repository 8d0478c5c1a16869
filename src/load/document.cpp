#include "leadplan/load/document.hpp"

#include <algorithm>
#include <istream>
#include <optional>
#include <streambuf>

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

// The most bytes yaml-cpp reads. A text the fast reader cannot take (flow
// collections, anchors, tabs...) goes to yaml-cpp, which takes up to 0.5 s a MiB
// (`x: [,,,...]`): this keeps every input within about 1 s.
constexpr std::size_t k_max_yaml_cpp_bytes = std::size_t{2} * 1024 * 1024;

// The most bytes yaml-cpp may read past the place of its last event; see ReadAheadBuffer.
constexpr std::size_t k_max_read_ahead = std::size_t{1024} * 1024;

// Thrown by the event handler to stop yaml-cpp early (too deep, too many problems).
struct StopParsing {};

// Thrown by ReadAheadBuffer when yaml-cpp reads more than k_max_read_ahead bytes
// past its last event.
struct ReadAheadExceeded {};

// Hands yaml-cpp the caller's bytes in place (no copy of a 16 MiB scenario), but
// never more than k_max_read_ahead bytes past `progress`, the place of the last
// event it produced. yaml-cpp holds every token of a flow collection that may
// still turn out to be a key (`[1, 2]: x`) until the collection ends, about 100
// bytes a token: unbounded, 16 MiB of `[1,1,...]` took 2.3 GB before the first
// event. Bounded, its tokens take at most about 150 MB.
class ReadAheadBuffer : public std::streambuf {
 public:
  ReadAheadBuffer(std::string_view text, const std::size_t& progress)
      : m_begin(const_cast<char*>(text.data())),  // NOLINT: read-only use by istream
        m_size(text.size()),
        m_progress(progress) {
    setg(m_begin, m_begin, m_begin + std::min(m_size, k_max_read_ahead));
  }

 protected:
  int_type underflow() override {
    const auto at = static_cast<std::size_t>(gptr() - m_begin);
    if (at >= m_size) {
      return traits_type::eof();
    }
    const std::size_t limit = std::min(m_size, m_progress + k_max_read_ahead);
    if (at >= limit) {
      throw ReadAheadExceeded{};
    }
    setg(m_begin, gptr(), m_begin + limit);
    return traits_type::to_int_type(*gptr());
  }

 private:
  char* m_begin;
  std::size_t m_size;
  const std::size_t& m_progress;
};

constexpr std::string_view k_bom = "\xEF\xBB\xBF";

// A key as a message shows it: in backticks, control characters as escapes
// (`\n`, `\x1b`), cut to 37 bytes at a character boundary with `...` when longer
// than 40 (a key may be 1024 bytes, a quoted one megabytes).
// TODO(merge): the `shown` of src/load/values.cpp, moving to util/, does the same.
std::string shown(std::string_view text) {
  std::string_view cut = text;
  if (text.size() > 40) {
    std::size_t end = 37;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
      --end;
    }
    cut = text.substr(0, end);
  }
  std::string out = "`";
  for (const char c : cut) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (byte < 0x20 || byte == 0x7F) {
      out += fmt::format("\\x{:02x}", byte);
    } else {
      out.push_back(c);
    }
  }
  out += cut.size() < text.size() ? "...`" : "`";
  return out;
}

std::string short_tag(const std::string& tag) {
  static constexpr std::string_view k_core = "tag:yaml.org,2002:";
  if (tag.rfind(k_core, 0) == 0) {
    return "!!" + tag.substr(k_core.size());
  }
  return tag;
}

// A place in the text: 1-based line, 1-based column in bytes (converted to
// characters only at the end, by to_character_columns).
struct Position {
  int line = 1;
  int column = 1;
};

// The bytes that start line 1: yaml-cpp skips a byte order mark and counts from after it.
std::size_t first_line_start(std::string_view text) {
  return text.substr(0, k_bom.size()) == k_bom ? k_bom.size() : 0;
}

Position position_of(std::string_view text, std::size_t offset) {
  Position p;
  std::size_t line_start = first_line_start(text);
  offset = std::min(offset, text.size());
  for (std::size_t i = line_start; i < offset; ++i) {
    if (text[i] == '\n') {
      ++p.line;
      line_start = i + 1;
    }
  }
  p.column = static_cast<int>(std::max(offset, line_start) - line_start) + 1;
  return p;
}

// Whether the text at `offset` is an explicit null (`~`, `null`) rather than an empty value.
bool is_explicit_null(std::string_view text, std::size_t offset) {
  const std::string_view rest = text.substr(std::min(offset, text.size()));
  return rest.substr(0, 1) == "~" || rest.substr(0, 4) == "null" || rest.substr(0, 4) == "Null" ||
         rest.substr(0, 4) == "NULL";
}

// The end of the quoted scalar whose quote is at `open`: the offset of its
// closing quote, or npos.
std::size_t quoted_end(std::string_view text, std::size_t open) {
  const char quote = text[open];
  for (std::size_t i = open + 1; i < text.size(); ++i) {
    if (quote == '"' && text[i] == '\\') {
      ++i;  // an escape: the next character is taken as it is
    } else if (text[i] == quote) {
      if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
        ++i;  // '' is a quote inside single quotes
      } else {
        return i;
      }
    }
  }
  return std::string_view::npos;
}

// Where the token before an empty value is: the last character before a byte
// offset that is neither blank nor inside a comment (the `-`, `:` or `,` the
// empty value follows; yaml-cpp marks an empty value at the token after it,
// often a line later). The parser asks with offsets that only grow, so one
// forward pass answers every question: linear in the text, where rescanning
// the line from its start for each empty value was quadratic (`[,,,...]`).
class TokenCursor {
 public:
  explicit TokenCursor(std::string_view text) : m_text(text), m_first(first_line_start(text)) {
    rewind();
  }

  // The place of the last token character before byte `offset`, if any.
  std::optional<Position> before(std::size_t offset) {
    offset = std::min(offset, m_text.size());
    if (offset < m_at) {
      rewind();  // a parser going back: correct, if slower
    }
    for (; m_at < offset; ++m_at) {
      const char c = m_text[m_at];
      if (c == '\n') {
        ++m_line;
        m_line_start = m_at + 1;
        m_comment = false;
      } else if (m_comment) {
        continue;
      } else if (c == '#' &&
                 (m_at == m_line_start || m_text[m_at - 1] == ' ' || m_text[m_at - 1] == '\t')) {
        m_comment = true;  // a comment starts at a `#` at the start of a line or after a blank
      } else if (c != ' ' && c != '\t' && c != '\r') {
        m_last = Position{m_line, static_cast<int>(m_at - m_line_start) + 1};
      }
    }
    return m_last;
  }

 private:
  void rewind() {
    m_at = m_first;
    m_line = 1;
    m_line_start = m_first;
    m_comment = false;
    m_last.reset();
  }

  std::string_view m_text;
  std::size_t m_first;   // where line 1 starts (after a byte order mark)
  std::size_t m_at = 0;  // the next byte to look at
  int m_line = 1;
  std::size_t m_line_start = 0;
  bool m_comment = false;
  std::optional<Position> m_last;
};

// "1 space", "4 spaces".
std::string spaces(int count) {
  return fmt::format("{} space{}", count, count == 1 ? "" : "s");
}

bool is_key_character(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// The length of the key at the start of `text` when it is written with no space
// after its colon (`rate:40%`, which YAML reads as one piece of text), else 0. A URL
// (`http://`) or a time (`12:30`) is no such key.
std::size_t glued_key_length(std::string_view text) {
  if (text.empty() || !is_key_character(text[0]) || (text[0] >= '0' && text[0] <= '9')) {
    return 0;
  }
  std::size_t i = 1;
  while (i < text.size() && is_key_character(text[i])) {
    ++i;
  }
  if (i + 1 >= text.size() || text[i] != ':') {
    return 0;
  }
  const char next = text[i + 1];
  return next == ' ' || next == '\t' || next == '\r' || next == '\n' || next == '/' || next == ':'
             ? 0
             : i;
}

// Where the content of the line starting at `start` begins: after its indentation
// and any `- ` that opens a list item.
std::size_t content_start(std::string_view text, std::size_t start) {
  std::size_t i = start;
  while (i < text.size()) {
    if (text[i] == ' ') {
      ++i;
    } else if (text[i] == '-' && i + 1 < text.size() && text[i + 1] == ' ') {
      i += 2;
    } else {
      break;
    }
  }
  return i;
}

// The problem of `key:value` written at `line`:`column` (`text` starts with it),
// with the fix: the same with a space after the colon.
Diagnostic glued_key_problem(const std::string& file, int line, int column, std::string_view text,
                             std::size_t key_length) {
  const std::size_t end = std::min(text.find_first_of(" \t\r\n"), text.size());
  const std::string_view written = text.substr(0, end);
  return Diagnostic{
      file, line, column,
      fmt::format("{} has no space after the colon, so YAML reads it as text, not as a key "
                  "and its value",
                  shown(written)),
      "put a space after the colon: " + shown(fmt::format("{}: {}", written.substr(0, key_length),
                                                          written.substr(key_length + 1)))};
}

// Builds a Document from yaml-cpp's events, checking what the node API hides.
class Builder : public YAML::EventHandler {
 public:
  Builder(Document& document, const std::string& file, std::string_view text,
          std::vector<Diagnostic>& diagnostics)
      : m_document(document),
        m_file(file),
        m_text(text),
        m_offset(first_line_start(text)),
        m_diagnostics(diagnostics),
        m_tokens(text) {}

  void OnDocumentStart(const YAML::Mark& mark) override { advance(mark); }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override {
    advance(mark);
    Position at{mark.line + 1, mark.column + 1};
    const std::size_t offset = m_offset + static_cast<std::size_t>(std::max(mark.pos, 0));
    if (!is_explicit_null(m_text, offset)) {
      if (const NodeId key = pending_key(); key != k_no_node) {
        at = Position{m_document.node(key).line, m_document.node(key).column};
      } else if (in_sequence()) {
        if (auto before = m_tokens.before(offset)) {
          at = *before;
        }
      }
    }
    add(m_document.add_node(NodeKind::null, at.line, at.column));
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
    advance(mark);
    report(mark.line + 1, mark.column + 1, "YAML aliases (`*name`) are not supported in a scenario",
           "write the value out");
    const NodeId id = m_document.add_node(NodeKind::null, mark.line + 1, mark.column + 1);
    m_document.set_reported(id);
    add(id);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t,
                const std::string& value) override {
    advance(mark);
    const bool tagged = check_tag(mark, tag);
    if (tag == "!") {
      check_closing_quote(mark);
    }
    const NodeId id = m_document.add_scalar(value, tag != "?", mark.line + 1, mark.column + 1);
    const bool glued = tag == "?" && check_glued_key(mark, value);
    if (tagged || glued) {
      m_document.set_reported(id);
    }
    if (glued && m_open.size() >= 2) {
      // A key or list item lost to the missing space: what its map or list then
      // lacks (`stage `won` needs a `rate``) follows from it, and is not reported.
      const DocNode& container = m_document.node(m_open.back());
      if (container.kind == NodeKind::sequence || container.child_count % 2 == 0) {
        m_document.set_reported(m_open.back());
      }
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
    check_duplicate_keys(
        m_open.back(),
        m_open.size() >= 2 && m_document.node(m_open[m_open.size() - 2]).kind == NodeKind::sequence
            ? m_open[m_open.size() - 2]
            : k_no_node);
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

  // A description of the block a mis-indented line at `column` breaks, for a syntax
  // error about indentation ("end of map not found"), or empty: which key's block it
  // is, and the indentation its lines have. That is the innermost block still open,
  // or the block it ended just before (a line indented less than the keys of
  // `target:`, but more than `target` itself, ends that block).
  [[nodiscard]] std::string open_block(int column) const {
    if (m_open.empty()) {
      return {};
    }
    const NodeId innermost = m_open.back();
    const DocNode& open = m_document.node(innermost);
    if (open.kind == NodeKind::map && open.child_count >= 2 && open.child_count % 2 == 0) {
      const NodeId last = open.last_child;
      const DocNode& value = m_document.node(last);
      if (((value.kind == NodeKind::map && column < value.column) ||
           (value.kind == NodeKind::sequence && column <= value.column)) &&
          column > open.column) {
        return describe_block(last, key_of(innermost, last), column);
      }
    }
    return describe_block(innermost, block_name(m_open.size() - 1), column);
  }

  // The offset in the text of the last event's mark: how far the parser has got.
  [[nodiscard]] const std::size_t& progress() const { return m_progress; }
  // Whether the depth limit stopped the parse.
  [[nodiscard]] bool too_deep() const { return m_too_deep; }

 private:
  void advance(const YAML::Mark& mark) {
    m_progress = std::max(m_progress, m_offset + static_cast<std::size_t>(std::max(mark.pos, 0)));
  }

  // Reports a plain scalar that starts its line with `key:value` (no space after the
  // colon); returns whether it did.
  bool check_glued_key(const YAML::Mark& mark, const std::string& value) {
    const std::size_t length = glued_key_length(value);
    if (length == 0) {
      return false;
    }
    const std::size_t offset = m_offset + static_cast<std::size_t>(std::max(mark.pos, 0));
    const std::size_t newline =
        offset == 0 ? std::string_view::npos : m_text.rfind('\n', offset - 1);
    const std::size_t line_start = newline == std::string_view::npos ? m_offset : newline + 1;
    if (content_start(m_text, line_start) != offset) {
      return false;  // a value after its key (`name: a:b`) is text as written
    }
    const Diagnostic d =
        glued_key_problem(m_file, mark.line + 1, mark.column + 1, m_text.substr(offset), length);
    report(d.line, d.column, d.message, d.hint);
    return true;
  }

  // The key of `value` in `map`, as a message shows it, or empty.
  [[nodiscard]] std::string key_of(NodeId map, NodeId value) const {
    for (NodeId k = m_document.node(map).first_child; k != k_no_node;) {
      const NodeId v = m_document.node(k).next_sibling;
      if (v == value) {
        return m_document.node(k).kind == NodeKind::scalar ? shown(m_document.text(k))
                                                           : std::string();
      }
      k = v == k_no_node ? k_no_node : m_document.node(v).next_sibling;
    }
    return {};
  }

  // `block`, named `name`, broken by a line indented to `column`, for open_block.
  [[nodiscard]] std::string describe_block(NodeId block, const std::string& name,
                                           int column) const {
    const DocNode& b = m_document.node(block);
    if (name.empty()) {
      return {};
    }
    if (b.kind == NodeKind::map) {
      return fmt::format("the block of {} is mis-indented: this line has {}, the keys above it {}",
                         name, spaces(column - 1), b.column - 1);
    }
    if (b.kind == NodeKind::sequence) {
      std::string text =
          fmt::format("the list {} is mis-indented: this line has {}, the `- ` of its items {}",
                      name, spaces(column - 1), b.column - 1);
      if (b.last_child != k_no_node && m_document.node(b.last_child).kind == NodeKind::map) {
        text += fmt::format(" and their keys {}", m_document.node(b.last_child).column - 1);
      }
      return text;
    }
    return {};
  }

  // How the block m_open[level] is named in a message: "`target`", "an item of
  // `funnel`", or empty at the top.
  [[nodiscard]] std::string block_name(std::size_t level) const {
    if (level == 0) {
      return {};
    }
    const NodeId parent = m_open[level - 1];
    const DocNode& p = m_document.node(parent);
    if (p.kind == NodeKind::map) {
      return key_of(parent, m_open[level]);
    }
    if (p.kind == NodeKind::sequence) {
      const std::string list = block_name(level - 1);
      return list.empty() ? std::string("a list item") : "an item of " + list;
    }
    return {};
  }

  void open(NodeKind kind, const YAML::Mark& mark, const std::string& tag) {
    advance(mark);
    const bool tagged = check_tag(mark, tag);
    const NodeId id = m_document.add_node(kind, mark.line + 1, mark.column + 1);
    if (tagged) {
      m_document.set_reported(id);
    }
    add(id);
    m_open.push_back(id);
    if (m_open.size() > static_cast<std::size_t>(k_max_depth)) {
      m_too_deep = true;
      report(mark.line + 1, mark.column + 1,
             fmt::format("the scenario is nested more than {} levels deep", k_max_depth),
             "a scenario needs about 5");
      throw StopParsing{};
    }
  }

  // Reports a tag; returns whether there was one. yaml-cpp gives quoted scalars
  // the tag `!` too: only a `!` in the text is the non-specific tag.
  bool check_tag(const YAML::Mark& mark, const std::string& tag) {
    const std::size_t offset = m_offset + static_cast<std::size_t>(std::max(mark.pos, 0));
    const bool written = tag == "!" && offset < m_text.size() && m_text[offset] == '!';
    if ((!tag.empty() && tag != "?" && tag != "!") || written) {
      report(mark.line + 1, mark.column + 1,
             fmt::format("YAML tags (`{}`) are not supported in a scenario", short_tag(tag)),
             "remove the tag");
      return true;
    }
    return false;
  }

  // yaml-cpp 0.7 ends a quoted scalar that has no closing quote at the end of the
  // text, without an error: `name: "FY27` would swallow every line after it.
  void check_closing_quote(const YAML::Mark& mark) {
    std::size_t i = m_offset + static_cast<std::size_t>(std::max(mark.pos, 0));
    // An anchor (`&a`) may stand between the mark and the quote.
    while (i < m_text.size() && m_text[i] == '&') {
      while (i < m_text.size() && m_text[i] != ' ' && m_text[i] != '\t' && m_text[i] != '\n') {
        ++i;
      }
      while (i < m_text.size() && (m_text[i] == ' ' || m_text[i] == '\t')) {
        ++i;
      }
    }
    if (i >= m_text.size() || (m_text[i] != '"' && m_text[i] != '\'')) {
      return;  // a block scalar (| or >), or a tagged one
    }
    if (quoted_end(m_text, i) != std::string_view::npos) {
      return;
    }
    const Position p = position_of_offset(i, mark);
    report(p.line, p.column,
           fmt::format("the quoted text starting here has no closing `{}`", m_text[i]),
           "add the closing quote; without it YAML reads on to the end of the file");
  }

  // The place of byte `offset`, which lies on the line of `mark`, at or after it.
  Position position_of_offset(std::size_t offset, const YAML::Mark& mark) const {
    const std::size_t mark_offset = m_offset + static_cast<std::size_t>(std::max(mark.pos, 0));
    return Position{mark.line + 1, mark.column + 1 + static_cast<int>(offset - mark_offset)};
  }

  bool in_sequence() const {
    return !m_open.empty() && m_document.node(m_open.back()).kind == NodeKind::sequence;
  }

  // The key whose value comes next in the innermost open map, or k_no_node.
  NodeId pending_key() const {
    if (m_open.empty()) {
      return k_no_node;
    }
    const DocNode& p = m_document.node(m_open.back());
    return p.kind == NodeKind::map && p.child_count % 2 == 1 ? p.last_child : k_no_node;
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

  // Duplicate keys: quadratic scan for the small maps a scenario has, sorting for
  // big ones (linear in each run of equal keys: a million copies of one key is no hang).
  // In a list item (of the list `list`, else k_no_node), the item's first key given
  // again is a next item written without its `- `: that is said once, instead of a
  // duplicate for each of its keys, and what the item and the list then lack (a
  // stage's rate, a second stage) follows from it and is not reported.
  void check_duplicate_keys(NodeId map, NodeId list) {
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
      // Stable: within a run of equal keys, the first in the text comes first.
      std::stable_sort(sorted.begin(), sorted.end(),
                       [&](NodeId a, NodeId b) { return m_document.text(a) < m_document.text(b); });
      std::size_t run = 0;
      for (std::size_t i = 1; i < sorted.size(); ++i) {
        if (m_document.text(sorted[i]) == m_document.text(sorted[run])) {
          duplicates.emplace_back(sorted[run], sorted[i]);
        } else {
          run = i;
        }
      }
      std::sort(duplicates.begin(), duplicates.end(),
                [](const auto& a, const auto& b) { return a.second < b.second; });
    }
    const NodeId first_key = keys.empty() ? k_no_node : keys.front();
    for (const auto& [first, again] : duplicates) {
      const DocNode& k = m_document.node(again);
      if (list != k_no_node && first == first_key) {
        m_document.set_reported(map);
        m_document.set_reported(list);
        const NodeId value = k.next_sibling;
        const std::string_view value_text =
            value != k_no_node && m_document.node(value).kind == NodeKind::scalar
                ? m_document.text(value)
                : std::string_view();
        report(k.line, k.column,
               fmt::format("{} starts a new list item here (the item above has it on line {}), "
                           "but the item has no `- `",
                           shown(m_document.text(again)), m_document.node(first).line),
               "start the item with `- `: " +
                   shown(fmt::format("- {}:{}{}", m_document.text(again),
                                     value_text.empty() ? "" : " ", value_text)));
        break;  // the keys after it are that item's, not duplicates
      }
      report(k.line, k.column,
             fmt::format("duplicate key {} (first given on line {})", shown(m_document.text(again)),
                         m_document.node(first).line),
             "keep one of them");
    }
  }

  Document& m_document;
  const std::string& m_file;
  std::string_view m_text;
  std::size_t m_offset;  // where yaml-cpp's offset 0 is in m_text (after a BOM)
  std::vector<Diagnostic>& m_diagnostics;
  std::vector<NodeId> m_open;
  std::vector<NodeId> m_complex_keys;
  TokenCursor m_tokens;
  std::size_t m_progress = 0;
  bool m_too_deep = false;
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

// What is wrong with the bytes of a scenario before YAML is even considered.
enum class BadKind { nul, invalid_utf8, control, lone_cr };

struct BadCharacter {
  std::size_t offset = 0;
  BadKind kind = BadKind::nul;
  std::uint32_t code = 0;
};

// The first byte that is not valid UTF-8, is NUL, is a control character YAML
// does not allow (all but tab, LF and CR; C1 included), or is a CR without LF.
std::optional<BadCharacter> find_bad_character(std::string_view text) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  for (std::size_t i = 0; i < size;) {
    const unsigned char c = bytes[i];
    if (c == 0) {
      return BadCharacter{i, BadKind::nul, 0};
    }
    if (c < 0x80) {
      if (c == '\r' && (i + 1 == size || bytes[i + 1] != '\n')) {
        return BadCharacter{i, BadKind::lone_cr, c};
      }
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
        return BadCharacter{i, BadKind::control, c};
      }
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
      return BadCharacter{i, BadKind::invalid_utf8, 0};
    }
    if (i + length > size) {
      return BadCharacter{i, BadKind::invalid_utf8, 0};
    }
    std::uint32_t code = c & (0x7Fu >> length);
    for (std::size_t k = 1; k < length; ++k) {
      if ((bytes[i + k] & 0xC0) != 0x80) {
        return BadCharacter{i, BadKind::invalid_utf8, 0};
      }
      code = (code << 6) | (bytes[i + k] & 0x3Fu);
    }
    if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
      return BadCharacter{i, BadKind::invalid_utf8, 0};
    }
    if (code <= 0x9F) {
      return BadCharacter{i, BadKind::control, code};
    }
    i += length;
  }
  return std::nullopt;
}

// The diagnostic for a bad character, with a hint for files saved as UTF-16 or UTF-32.
Diagnostic describe_bad_character(const std::string& file, std::string_view text,
                                  const BadCharacter& bad) {
  const Position p = position_of(text, bad.offset);
  const auto byte = [&](std::size_t i) {
    return i < text.size() ? static_cast<unsigned char>(text[i]) : 0x100u;
  };
  std::string hint = "save it as UTF-8";
  if ((byte(0) == 0xFF && byte(1) == 0xFE && byte(2) == 0 && byte(3) == 0) ||
      (byte(0) == 0 && byte(1) == 0 && byte(2) == 0xFE && byte(3) == 0xFF)) {
    hint = "save it as UTF-8, not UTF-32";
  } else if ((byte(0) == 0xFF && byte(1) == 0xFE) || (byte(0) == 0xFE && byte(1) == 0xFF) ||
             (bad.offset < 2 && text.find('\0') != std::string_view::npos)) {
    hint = "save it as UTF-8, not UTF-16";
  }
  switch (bad.kind) {
    case BadKind::nul:
      return Diagnostic{file, p.line, p.column, "the scenario contains a NUL byte", hint};
    case BadKind::invalid_utf8:
      return Diagnostic{file, p.line, p.column, "the scenario is not valid UTF-8", hint};
    case BadKind::control:
      return Diagnostic{
          file, p.line, p.column,
          fmt::format("the scenario contains the control character U+{:04X}", bad.code),
          "remove it; YAML allows no control characters but tabs and line breaks"};
    case BadKind::lone_cr:
      return Diagnostic{file, p.line, p.column, "a carriage return (CR) without a line feed",
                        "save the file with LF or CRLF line ends"};
  }
  return Diagnostic{file, p.line, p.column, "the scenario is not valid UTF-8", hint};
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
    if (i == 0 && text.substr(0, 3) == k_bom) {
      i += 3;
      continue;
    }
    return i;
  }
  return std::string_view::npos;
}

// The start of 1-based line `line`, or npos.
std::size_t line_start_of(std::string_view text, int line) {
  std::size_t start = first_line_start(text);
  for (int i = 1; i < line; ++i) {
    start = text.find('\n', start);
    if (start == std::string_view::npos) {
      return start;
    }
    ++start;
  }
  return start;
}

// A `key:` at line `line` indented more than the `key: value` on the line above it.
struct DeeperKey {
  std::string_view key;
  std::string_view above;
  int column = 0;        // of `key`
  int above_column = 0;  // of `above`
};

// The key (the text before `: ` or a final `:`) at the start of `content`, or empty.
std::string_view leading_key(std::string_view content) {
  const std::size_t end = std::min(content.find('\n'), content.size());
  const std::string_view line = content.substr(0, end);
  const std::size_t colon = line.find(':');
  if (colon == 0 || colon == std::string_view::npos ||
      (colon + 1 < line.size() && line[colon + 1] != ' ' && line[colon + 1] != '\r')) {
    return {};
  }
  for (std::size_t i = 0; i < colon; ++i) {
    if (!is_key_character(line[i])) {
      return {};
    }
  }
  return line.substr(0, colon);
}

std::optional<DeeperKey> deeper_key(std::string_view text, int line) {
  const std::size_t start = line_start_of(text, line);
  const std::size_t above_start = line_start_of(text, line - 1);
  if (start == std::string_view::npos || above_start == std::string_view::npos) {
    return std::nullopt;
  }
  const std::size_t content = content_start(text, start);
  const std::size_t above_content = content_start(text, above_start);
  const std::string_view key = leading_key(text.substr(content));
  const std::string_view above = leading_key(text.substr(above_content));
  if (key.empty() || above.empty() || content - start <= above_content - above_start) {
    return std::nullopt;
  }
  return DeeperKey{key, above, static_cast<int>(content - start) + 1,
                   static_cast<int>(above_content - above_start) + 1};
}

// yaml-cpp's syntax error at `line`:`column` (1-based, bytes) as a diagnostic, made
// clearer for the mistakes people make: tabs in the indentation, an unquoted value
// that starts with a reserved character, a key longer than YAML allows.
Diagnostic describe_syntax_error(const std::string& file, std::string_view text, int line,
                                 int column, const std::string& message, std::size_t progress,
                                 const std::string& open_block) {
  // A tab in the indentation of this line or the one above is almost always the cause.
  for (int l = std::max(1, line - 1); l <= line; ++l) {
    const std::size_t start = line_start_of(text, l);
    if (start == std::string_view::npos) {
      break;
    }
    for (std::size_t i = start; i < text.size() && (text[i] == ' ' || text[i] == '\t'); ++i) {
      if (text[i] == '\t') {
        return Diagnostic{file, l, static_cast<int>(i - start) + 1,
                          "YAML syntax: a tab in the indentation",
                          "indent with spaces; YAML does not allow tabs there"};
      }
    }
  }
  // `rate:40%` is read as text that runs on into the next line, where the error
  // falls: the line to fix lies between the last node read and the error.
  const Position from = position_of(text, std::min(progress, text.size()));
  for (int l = from.line; l <= line; ++l) {
    const std::size_t start = line_start_of(text, l);
    if (start == std::string_view::npos) {
      break;
    }
    const std::size_t content = content_start(text, start);
    const std::size_t end = std::min(text.find('\n', content), text.size());
    const std::string_view rest = text.substr(content, end - content);
    if (const std::size_t length = glued_key_length(rest); length > 0) {
      return glued_key_problem(file, l, static_cast<int>(content - start) + 1, rest, length);
    }
  }
  if ((message == "end of map not found" || message == "end of sequence not found") &&
      !open_block.empty()) {
    return Diagnostic{file, line, column, fmt::format("YAML syntax: {}", open_block),
                      "indent the lines of a block by the same number of spaces"};
  }
  if (message == "illegal map value" && line > 1) {
    // `name: b` then `   cpl: 5` indented deeper: YAML reads `b cpl` as one value.
    if (const auto deeper = deeper_key(text, line)) {
      return Diagnostic{
          file, line, deeper->column,
          fmt::format("YAML syntax: {} is indented more than {} on the line above, so YAML "
                      "reads it as the rest of that value",
                      shown(deeper->key), shown(deeper->above)),
          fmt::format("indent {} like {} ({})", shown(deeper->key), shown(deeper->above),
                      spaces(deeper->above_column - 1))};
    }
  }
  std::string hint;
  const std::size_t start = line_start_of(text, line);
  const std::size_t at = start == std::string_view::npos
                             ? std::string_view::npos
                             : start + static_cast<std::size_t>(std::max(column - 1, 0));
  if (at < text.size() && (text[at] == '@' || text[at] == '`' || text[at] == '%')) {
    hint = fmt::format("a plain value cannot start with `{}`; put it in quotes", text[at]);
  } else if (message == "illegal map value" && column > 1024) {
    hint = "a key may be at most 1024 characters long";
  }
  return Diagnostic{file, line, column, fmt::format("YAML syntax: {}", message), std::move(hint)};
}

// Where a flow collection first opens more than k_max_depth flow levels deep, and
// the brackets that close every level open there, innermost first.
struct DeepFlow {
  std::size_t opener = 0;
  std::string closers;
};

// yaml-cpp emits no event for a flow collection that may still be a key until the
// collection ends, so the builder's depth limit would fire only once yaml-cpp had
// read to the matching bracket (16 MiB of `[`: 3.9 GB of tokens), and at EOF it
// would place the limit wrongly (an unclosed `[` reads as a list and a map). This
// scan finds the first opener beyond the limit in one pass, tracking quotes,
// comments and where a token may start; it is a guide only: yaml-cpp then reads
// the text up to that opener, closed, and the builder decides (parse_document).
std::optional<DeepFlow> find_deep_flow(std::string_view text) {
  const auto blank = [&](std::size_t i) {
    return i >= text.size() || text[i] == ' ' || text[i] == '\t' || text[i] == '\r' ||
           text[i] == '\n';
  };
  std::string open;         // the closer of every open flow collection, innermost last
  bool token_start = true;  // a quote or, in block context, a bracket here starts a token
  for (std::size_t i = first_line_start(text); i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      token_start = token_start || open.empty();
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r') {
      continue;
    }
    if (c == '#' && (token_start || blank(i - 1))) {
      const std::size_t end = text.find('\n', i);
      if (end == std::string_view::npos) {
        break;
      }
      i = end - 1;
      continue;
    }
    if (token_start && (c == '"' || c == '\'')) {
      i = quoted_end(text, i);
      if (i == std::string_view::npos) {
        break;
      }
      token_start = false;
      continue;
    }
    if (c == '[' || c == '{') {
      if (open.empty() && !token_start) {
        continue;  // inside a plain value: `name: a[1]`
      }
      open.push_back(c == '[' ? ']' : '}');
      if (open.size() > static_cast<std::size_t>(k_max_depth)) {
        return DeepFlow{i, std::string(open.rbegin(), open.rend())};
      }
      token_start = true;
      continue;
    }
    if (c == ']' || c == '}') {
      if (open.empty()) {
        if (token_start) {
          break;  // yaml-cpp stops here with an error
        }
        continue;
      }
      if (open.back() != c) {
        break;  // `[}`: yaml-cpp stops here with an error
      }
      open.pop_back();
      token_start = false;
      continue;
    }
    if (c == ',' && !open.empty()) {
      token_start = true;
      continue;
    }
    if ((c == ':' || c == '?' || c == '-') &&
        (blank(i + 1) || (!open.empty() &&
                          std::string_view(",[]{}").find(text[i + 1]) != std::string_view::npos))) {
      token_start = true;
      continue;
    }
    if (token_start && (c == '&' || c == '!')) {
      while (!blank(i + 1) &&
             std::string_view(",[]{}").find(text[i + 1]) == std::string_view::npos) {
        ++i;  // an anchor or a tag: a token may still start after it
      }
      continue;
    }
    token_start = false;
  }
  return std::nullopt;
}

// The problem with a value yaml-cpp would read past k_max_read_ahead bytes, placed
// at the bracket or quote it starts with, on the line of the last event
// (`progress`), else at that event.
Diagnostic read_ahead_problem(const std::string& file, std::string_view text,
                              std::size_t progress) {
  std::size_t at = std::min(progress, text.size());
  const std::size_t end = std::min(text.find('\n', at), text.size());
  const std::size_t opener = text.substr(at, end - at).find_first_of("[{\"'");
  if (opener != std::string_view::npos) {
    at += opener;
  }
  const Position p = position_of(text, at);
  return Diagnostic{
      file, p.line, p.column,
      fmt::format("YAML syntax: the value starting here is larger than {} bytes, more than "
                  "leadplan's YAML reader holds at once",
                  k_max_read_ahead),
      "write long lists and maps in block style, one entry per line"};
}

// Reads `input` with yaml-cpp into `document`: `input` is `text`, or its first
// bytes with closing brackets appended; places are given in `text`. Returns
// whether the depth limit stopped it.
bool read_with_yaml_cpp(Document& document, const std::string& file, std::string_view text,
                        std::string_view input, std::vector<Diagnostic>& diagnostics) {
  const std::size_t before = diagnostics.size();
  Builder builder(document, file, text, diagnostics);
  ReadAheadBuffer buffer(input, builder.progress());
  std::istream in(&buffer);
  in.exceptions(std::ios::badbit);  // the buffer's exception reaches us, whichever way it is read
  try {
    YAML::Parser parser(in);
    if (!parser.HandleNextDocument(builder)) {
      diagnostics.push_back(
          Diagnostic{file, 1, 1, "the scenario is empty", "see docs/scenario.md"});
      return false;
    }
    const DocNode& root = document.node(document.root());
    if (root.kind == NodeKind::null) {
      // yaml-cpp 0.7 turns some malformed text (",", ",foo") into an empty
      // document, endlessly; text that is more than comments is an error.
      const std::size_t content = find_content(text);
      if (content == std::string_view::npos) {
        diagnostics.push_back(
            Diagnostic{file, 1, 1, "the scenario is empty", "see docs/scenario.md"});
      } else if (is_explicit_null(text, content)) {
        const Position p = position_of(text, content);
        diagnostics.push_back(
            Diagnostic{file, p.line, p.column,
                       "a scenario must be a map of keys such as `target:` and `funnel:`",
                       "see docs/scenario.md"});
      } else {
        const Position p = position_of(text, content);
        diagnostics.push_back(Diagnostic{file,
                                         p.line,
                                         p.column,
                                         fmt::format("YAML syntax: unexpected `{}`", text[content]),
                                         {}});
      }
      return false;
    }
    document.set_complete(true);
    builder.report_complex_keys();
    if (diagnostics.size() == before) {
      SecondDocument probe;
      try {
        parser.HandleNextDocument(probe);
      } catch (const SecondDocument::Found& found) {
        const std::size_t at =
            first_line_start(text) + static_cast<std::size_t>(std::max(found.mark.pos, 0));
        const std::string_view rest = text.substr(std::min(at, text.size()));
        if (rest.substr(0, 3) == "---" || rest.substr(0, 1) == "%") {
          builder.report(found.mark.line + 1, found.mark.column + 1,
                         "a second YAML document starts here; a scenario file holds one",
                         "remove everything from this `---` on, or split it into two files");
        } else {
          // yaml-cpp starts a new document at text that fits no node above it.
          builder.report(found.mark.line + 1, found.mark.column + 1,
                         "YAML syntax: this does not belong to the document above",
                         "check its indentation, or remove it");
        }
      }
    }
  } catch (const StopParsing&) {
    // The cap or the depth limit was reached; what was found is reported.
    document.set_complete(false);
  } catch (const ReadAheadExceeded&) {
    document.set_complete(false);
    diagnostics.push_back(read_ahead_problem(file, text, builder.progress()));
  } catch (const YAML::Exception& e) {
    document.set_complete(false);
    const int line = e.mark.is_null() ? 1 : e.mark.line + 1;
    const int column = e.mark.is_null() ? 1 : e.mark.column + 1;
    diagnostics.push_back(describe_syntax_error(file, text, line, column, e.msg, builder.progress(),
                                                builder.open_block(column)));
  }
  return builder.too_deep();
}

}  // namespace

bool is_clean_text(std::string_view text) {
  return !find_bad_character(text).has_value();
}

void to_character_columns(std::string_view text, const std::string& file,
                          std::vector<Diagnostic>& diagnostics) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < diagnostics.size(); ++i) {
    if (diagnostics[i].file == file && diagnostics[i].line >= 1 && diagnostics[i].column > 1) {
      order.push_back(i);
    }
  }
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return diagnostics[a].line < diagnostics[b].line;
  });
  // One forward pass over the text, whatever the number of diagnostics.
  int line = 1;
  std::size_t start = first_line_start(text);
  for (const std::size_t i : order) {
    Diagnostic& d = diagnostics[i];
    while (line < d.line && start != std::string_view::npos) {
      start = text.find('\n', start);
      if (start != std::string_view::npos) {
        ++start;
      }
      ++line;
    }
    if (start == std::string_view::npos) {
      continue;
    }
    const std::size_t end = std::min(text.find('\n', start), text.size());
    const std::size_t bytes = static_cast<std::size_t>(d.column - 1);
    const std::size_t within = std::min(bytes, end - start);
    std::size_t characters = bytes - within;
    for (std::size_t k = start; k < start + within; ++k) {
      if ((static_cast<unsigned char>(text[k]) & 0xC0) != 0x80) {
        ++characters;
      }
    }
    d.column = static_cast<int>(characters) + 1;
  }
}

Document parse_document(const std::string& file, std::string_view text,
                        std::vector<Diagnostic>& diagnostics, YamlReader reader) {
  Document document;
  if (const auto bad = find_bad_character(text)) {
    diagnostics.push_back(describe_bad_character(file, text, *bad));
    return document;
  }
  const std::size_t before = diagnostics.size();
  // Each line of block YAML gives at most 4 nodes ("- name: x" opens a list and a
  // map), and a node takes at least 2 bytes ("-\n"); scalars hold at most the
  // text. Reserved, untouched memory costs nothing, but counts against `ulimit -v`.
  const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  const std::size_t nodes = std::min(4 * lines, text.size() / 2) + 8;
  std::size_t plain_until = 0;  // where the fast reader gave up
  if (reader == YamlReader::automatic) {
    // Nearly every scenario is plain block YAML: read_block_yaml gives the same
    // events as yaml-cpp for it, far faster (see src/load/block_yaml.cpp), and
    // gives up on anything else, which yaml-cpp then reads from the start.
    document.reserve(nodes, text.size());
    Builder fast(document, file, text, diagnostics);
    try {
      if (detail::read_block_yaml(text, fast, plain_until)) {
        document.set_complete(true);
        document.set_read_fast(true);
        return document;
      }
    } catch (const StopParsing&) {
      // Too many problems or too deep: yaml-cpp reports them as usual, or, for
      // a text too large for it, what the fast reader found stands.
      if (text.size() > k_max_yaml_cpp_bytes) {
        document.set_complete(false);
        document.set_read_fast(true);
        return document;
      }
    }
    document = Document();
    diagnostics.resize(before);
  }
  // A flow collection nested too deep: yaml-cpp reads the text up to its opener,
  // with every open collection closed after it, and the builder reports the
  // depth at its place. When the guess was wrong (the bracket is text), the whole
  // text is read as usual.
  if (const auto deep = find_deep_flow(text); deep && deep->opener < k_max_yaml_cpp_bytes) {
    std::string input(text.substr(0, deep->opener + 1));
    input += deep->closers;
    input += '\n';
    Document cut;
    cut.reserve(input.size() + 8, input.size());
    std::vector<Diagnostic> found(diagnostics.begin(),
                                  diagnostics.begin() + static_cast<std::ptrdiff_t>(before));
    if (read_with_yaml_cpp(cut, file, text, input, found)) {
      diagnostics = std::move(found);
      return cut;
    }
  }
  if (text.size() > k_max_yaml_cpp_bytes) {
    // Beyond yaml-cpp's share of the time, only plain block YAML.
    const Position p = position_of(text, plain_until);
    diagnostics.push_back(
        Diagnostic{file, p.line, p.column,
                   fmt::format("a scenario larger than {} bytes must be plain block YAML, and this "
                               "line is not",
                               k_max_yaml_cpp_bytes),
                   "write it in block style (`key: value`, `- ` entries), without flow collections "
                   "(`[...]`, `{...}`), anchors, tags, block scalars or tabs, or make it smaller"});
    return document;
  }
  // In flow style a node may take a single byte (`[,,,]`).
  document.reserve(text.size() + 8, text.size());
  read_with_yaml_cpp(document, file, text, text, diagnostics);
  return document;
}

}  // namespace leadplan
