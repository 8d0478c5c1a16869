#include "block_yaml.hpp"

#include <algorithm>
#include <string>

#include <yaml-cpp/mark.h>

// What is accepted, and the marks yaml-cpp 0.7 gives (checked against it by
// tests/load/test_block_yaml.cpp on a corpus and on random mutations of it):
// - A map's mark is its first key's; a list's is its first `-`; a scalar's is its
//   first character (the quote of a quoted one).
// - A missing value (`key:` or `-` with nothing after) is a null marked at the
//   next token: the first character of the next content line, or the end of the
//   text when none follows.
// - Plain `~`, `null`, `Null`, `NULL` are nulls marked at the scalar.
// - CRLF line ends are line ends (a CR is no column), a byte order mark at the
//   start is skipped (yaml-cpp's marks count from after it), and so is a `---`
//   line before the document.
// Anything else (flow collections, anchors, tags, block scalars, multi-line or
// escaped scalars, tabs, a lone CR, document markers...) makes the reader give up.

namespace leadplan::detail {

namespace {

// The longest plain key yaml-cpp accepts, in bytes: a simple key ends at most
// 1024 bytes after it starts (YAML 1.2 says 1024 characters; yaml-cpp counts bytes).
constexpr std::size_t k_max_key_bytes = 1024;

bool is_key_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.' || c == ' ';
}

bool is_key_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Characters that may start something other than a plain scalar.
bool is_indicator(char c) {
  switch (c) {
    case '-':
    case '?':
    case ':':
    case ',':
    case '[':
    case ']':
    case '{':
    case '}':
    case '#':
    case '&':
    case '*':
    case '!':
    case '|':
    case '>':
    case '\'':
    case '"':
    case '%':
    case '@':
    case '`':
      return true;
    default:
      return false;
  }
}

// The first byte the subset excludes, or npos: control characters but LF and the
// CR of a CRLF, and the BOM, NEL, LS and PS, which YAML may treat as breaks or marks.
std::size_t find_excluded_byte(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20) {
      if (c != '\n' && !(c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) {
        return i;
      }
    } else if (c == 0x7F) {
      return i;
    } else if (c == 0xC2 && i + 1 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) == 0x85) {
      return i;
    } else if (c == 0xE2 && i + 2 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) == 0x80 &&
               (static_cast<unsigned char>(text[i + 2]) == 0xA8 ||
                static_cast<unsigned char>(text[i + 2]) == 0xA9)) {
      return i;
    } else if (c == 0xEF && i + 2 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) == 0xBB &&
               static_cast<unsigned char>(text[i + 2]) == 0xBF) {
      return i;
    }
  }
  return std::string_view::npos;
}

class BlockReader {
 public:
  BlockReader(std::string_view text, YAML::EventHandler& handler)
      : m_text(text), m_handler(handler) {}

  bool read() {
    if (m_text.empty()) {
      return false;  // yaml-cpp words that case
    }
    if (const std::size_t excluded = find_excluded_byte(m_text);
        excluded != std::string_view::npos) {
      m_stop = excluded;
      return false;
    }
    if (!read_document()) {
      m_stop = m_eof ? m_text.size() : m_line_start;
      return false;
    }
    return true;
  }

  // Where the reader gave up: the line it was reading, or the byte it cannot take.
  [[nodiscard]] std::size_t stopped_at() const { return m_stop; }

 private:
  bool read_document() {
    load_line();
    if (m_eof) {
      return false;  // empty or comments only: yaml-cpp words that case
    }
    const YAML::Mark start = mark_at(m_line_start + static_cast<std::size_t>(m_indent));
    if (line_is_document_start()) {
      next_line();  // `---` before the document, as many files begin
      if (m_eof) {
        return false;
      }
    }
    m_handler.OnDocumentStart(start);
    if (!read_collection()) {
      return false;
    }
    if (!m_eof) {
      return false;
    }
    m_handler.OnDocumentEnd();
    return true;
  }

  // The mark of byte `offset` on the current line.
  [[nodiscard]] YAML::Mark mark_at(std::size_t offset) const {
    YAML::Mark mark;
    mark.pos = static_cast<int>(offset);
    mark.line = m_line_number;
    mark.column = static_cast<int>(offset - m_line_start);
    return mark;
  }

  // Where the next token is: the current content line's first character, or the end.
  [[nodiscard]] YAML::Mark next_mark() const {
    if (!m_eof) {
      return mark_at(m_line_start + static_cast<std::size_t>(m_indent));
    }
    // yaml-cpp's end is on the line after the last line break: an unterminated
    // last line (counted by next_line) is the end's own.
    YAML::Mark mark;
    mark.pos = static_cast<int>(m_text.size());
    mark.line = m_text.back() == '\n' ? m_line_number : m_line_number - 1;
    mark.column = 0;
    return mark;
  }

  // Moves to the first content line at or after m_scan: blank and comment lines skipped.
  void load_line() {
    while (m_scan < m_text.size()) {
      // The last line may lack its line break: it ends at the end of the text.
      const std::size_t newline = std::min(m_text.find('\n', m_scan), m_text.size());
      const std::size_t end =
          newline > m_scan && m_text[newline - 1] == '\r' ? newline - 1 : newline;
      std::size_t first = m_scan;
      while (first < end && m_text[first] == ' ') {
        ++first;
      }
      if (first < end && m_text[first] != '#') {
        m_line_start = m_scan;
        m_line_end = end;
        m_next_line = newline + 1;
        m_indent = static_cast<int>(first - m_scan);
        return;
      }
      m_scan = newline + 1;
      ++m_line_number;
    }
    m_eof = true;
    m_line_start = m_line_end = m_next_line = m_text.size();
    m_indent = -1;
  }

  // Done with the current line.
  void next_line() {
    m_scan = m_next_line;
    ++m_line_number;
    load_line();
  }

  // Whether the current line is `---` alone (with blanks or a comment after it).
  [[nodiscard]] bool line_is_document_start() const {
    const std::string_view line = m_text.substr(m_line_start, m_line_end - m_line_start);
    if (line.substr(0, 3) != "---") {
      return false;
    }
    const std::size_t rest = line.find_first_not_of(' ', 3);
    return line.size() == 3 ||
           (line[3] == ' ' && (rest == std::string_view::npos || line[rest] == '#'));
  }

  [[nodiscard]] bool is_entry_at(std::size_t at) const {
    return at < m_line_end && m_text[at] == '-' && (at + 1 == m_line_end || m_text[at + 1] == ' ');
  }

  [[nodiscard]] bool line_is_entry() const {
    return !m_eof && is_entry_at(m_line_start + static_cast<std::size_t>(m_indent));
  }

  // The end of a plain key starting at `at` (the position of its `:`), or npos.
  [[nodiscard]] std::size_t key_end(std::size_t at) const {
    if (at >= m_line_end || !is_key_start(m_text[at])) {
      return std::string_view::npos;
    }
    std::size_t i = at;
    while (i < m_line_end && is_key_char(m_text[i])) {
      ++i;
    }
    if (i >= m_line_end || m_text[i] != ':' || m_text[i - 1] == ' ' ||
        (i + 1 < m_line_end && m_text[i + 1] != ' ')) {
      return std::string_view::npos;
    }
    if (i - at > k_max_key_bytes) {
      return std::string_view::npos;  // yaml-cpp refuses it: "illegal map value"
    }
    return i;
  }

  // The collection that starts at the current line's first character.
  bool read_collection() {
    const std::size_t at = m_line_start + static_cast<std::size_t>(m_indent);
    return line_is_entry() ? read_sequence() : read_map(at);
  }

  // A value given on the lines after its key or `-`, owned by a collection at `owner`.
  bool read_nested(int owner, bool sequence_at_same_indent) {
    if (!m_eof && m_indent > owner) {
      return read_collection();
    }
    if (sequence_at_same_indent && !m_eof && m_indent == owner && line_is_entry()) {
      return read_sequence();
    }
    m_handler.OnNull(next_mark(), YAML::NullAnchor);
    return true;
  }

  // A scalar starting at `at` and running to the end of the line or a comment.
  bool read_scalar(std::size_t at) {
    const char c = m_text[at];
    if (c == '"' || c == '\'') {
      const std::size_t close = m_text.find(c, at + 1);
      if (close == std::string_view::npos || close >= m_line_end) {
        return false;
      }
      const std::string_view body = m_text.substr(at + 1, close - at - 1);
      if (c == '"' && body.find('\\') != std::string_view::npos) {
        return false;
      }
      std::size_t after = close + 1;
      if (after < m_line_end && m_text[after] != ' ') {
        return false;  // `'it''s'`, or text glued to the quote
      }
      while (after < m_line_end && m_text[after] == ' ') {
        ++after;
      }
      if (after < m_line_end && m_text[after] != '#') {
        return false;
      }
      m_handler.OnScalar(mark_at(at), "!", YAML::NullAnchor, std::string(body));
      return true;
    }
    if (is_indicator(c) &&
        !(c == '-' && at + 1 < m_line_end && m_text[at + 1] >= '0' && m_text[at + 1] <= '9')) {
      return false;
    }
    std::size_t end = at;
    while (end < m_line_end && !(m_text[end] == '#' && m_text[end - 1] == ' ')) {
      if (m_text[end] == ':') {
        return false;
      }
      ++end;
    }
    while (m_text[end - 1] == ' ') {
      --end;
    }
    const std::string_view value = m_text.substr(at, end - at);
    if (value == "~" || value == "null" || value == "Null" || value == "NULL") {
      m_handler.OnNull(mark_at(at), YAML::NullAnchor);
    } else {
      m_handler.OnScalar(mark_at(at), "?", YAML::NullAnchor, std::string(value));
    }
    return true;
  }

  // After an entry: the next content line must not be indented deeper than `column`.
  [[nodiscard]] bool entry_closed(int column) const { return m_eof || m_indent <= column; }

  // A block map whose first key starts at `first_key` on the current line.
  bool read_map(std::size_t first_key) {
    const int column = static_cast<int>(first_key - m_line_start);
    m_handler.OnMapStart(mark_at(first_key), "?", YAML::NullAnchor, YAML::EmitterStyle::Block);
    std::size_t key = first_key;
    for (;;) {
      const std::size_t colon = key_end(key);
      if (colon == std::string_view::npos) {
        return false;
      }
      const std::string_view name = m_text.substr(key, colon - key);
      if (name == "null" || name == "Null" || name == "NULL") {
        m_handler.OnNull(mark_at(key), YAML::NullAnchor);
      } else {
        m_handler.OnScalar(mark_at(key), "?", YAML::NullAnchor, std::string(name));
      }
      std::size_t value = colon + 1;
      while (value < m_line_end && m_text[value] == ' ') {
        ++value;
      }
      if (value == m_line_end || m_text[value] == '#') {
        next_line();
        if (!read_nested(column, true)) {
          return false;
        }
      } else {
        if (!read_scalar(value)) {
          return false;
        }
        next_line();
      }
      if (!entry_closed(column)) {
        return false;
      }
      if (m_eof || m_indent < column) {
        break;
      }
      if (line_is_entry()) {
        return false;
      }
      key = m_line_start + static_cast<std::size_t>(m_indent);
    }
    m_handler.OnMapEnd();
    return true;
  }

  // A block list whose first `-` starts the current line's content.
  bool read_sequence() {
    const int column = m_indent;
    m_handler.OnSequenceStart(mark_at(m_line_start + static_cast<std::size_t>(column)), "?",
                              YAML::NullAnchor, YAML::EmitterStyle::Block);
    for (;;) {
      std::size_t value = m_line_start + static_cast<std::size_t>(column) + 1;
      while (value < m_line_end && m_text[value] == ' ') {
        ++value;
      }
      if (value == m_line_end || m_text[value] == '#') {
        next_line();
        if (!read_nested(column, false)) {
          return false;
        }
      } else if (is_entry_at(value)) {
        return false;  // `- - x`
      } else if (key_end(value) != std::string_view::npos) {
        if (!read_map(value)) {
          return false;
        }
      } else {
        if (!read_scalar(value)) {
          return false;
        }
        next_line();
      }
      if (!entry_closed(column)) {
        return false;
      }
      if (m_eof || m_indent < column || !line_is_entry()) {
        break;
      }
    }
    m_handler.OnSequenceEnd();
    return true;
  }

  std::string_view m_text;
  YAML::EventHandler& m_handler;
  std::size_t m_scan = 0;        // the start of the next line to look at
  int m_line_number = 0;         // 0-based, of the current line
  std::size_t m_line_start = 0;  // the current content line
  std::size_t m_line_end = 0;    // the end of its content: its '\n', or the '\r' before it
  std::size_t m_next_line = 0;   // the start of the line after it
  std::size_t m_stop = 0;        // where read() gave up
  int m_indent = 0;
  bool m_eof = false;
};

}  // namespace

bool read_block_yaml(std::string_view text, YAML::EventHandler& handler, std::size_t& stopped_at) {
  // yaml-cpp skips a byte order mark and counts its marks from after it.
  constexpr std::string_view k_bom = "\xEF\xBB\xBF";
  const std::size_t skipped = text.substr(0, k_bom.size()) == k_bom ? k_bom.size() : 0;
  BlockReader reader(text.substr(skipped), handler);
  if (reader.read()) {
    return true;
  }
  stopped_at = skipped + reader.stopped_at();
  return false;
}

}  // namespace leadplan::detail
