#pragma once
// A light YAML document of the project's own: every node keeps its mark, the
// whole tree lives in two flat arrays, and it is built from yaml-cpp's events so
// that duplicate keys, aliases, tags and extra documents are seen, not hidden.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "leadplan/model/diagnostic.hpp"

namespace leadplan {

// The deepest nesting a scenario may use (a scenario needs about 5 levels).
inline constexpr int k_max_depth = 32;

// The most problems printed for one file; the rest are counted.
inline constexpr std::size_t k_max_diagnostics = 50;

// The most problems collected before reading stops (bounds the work on hostile input).
inline constexpr std::size_t k_max_collected = 10000;

using NodeId = std::uint32_t;
inline constexpr NodeId k_no_node = 0xFFFFFFFFu;

enum class NodeKind : std::uint8_t { null, scalar, map, sequence };

// One node; maps hold key, value, key, value... as children.
struct DocNode {
  NodeKind kind = NodeKind::null;
  bool quoted = false;    // a quoted or block scalar: always text, never a number
  bool reported = false;  // its problem (an alias, a tag) is reported already
  int line = 1;
  int column = 1;
  std::uint32_t text_begin = 0;
  std::uint32_t text_size = 0;
  NodeId first_child = k_no_node;
  NodeId last_child = k_no_node;
  NodeId next_sibling = k_no_node;
  std::uint32_t child_count = 0;
};

// A parsed YAML document: nodes in one array, scalar text in one string.
class Document {
 public:
  [[nodiscard]] NodeId root() const { return m_root; }
  [[nodiscard]] const DocNode& node(NodeId id) const { return m_nodes[id]; }
  [[nodiscard]] std::string_view text(NodeId id) const;
  [[nodiscard]] std::size_t node_count() const { return m_nodes.size(); }

  // The value for `key` in map `map`, or k_no_node.
  [[nodiscard]] NodeId find(NodeId map, std::string_view key) const;
  // The node holding `key` itself (for its location), or k_no_node.
  [[nodiscard]] NodeId find_key(NodeId map, std::string_view key) const;

  // Appends a node of `kind` at `line`:`column`; returns its id.
  NodeId add_node(NodeKind kind, int line, int column);
  // Appends a scalar holding `text`; returns its id.
  NodeId add_scalar(std::string_view text, bool quoted, int line, int column);
  // Makes `child` the last child of `parent`.
  void append_child(NodeId parent, NodeId child);
  // Replaces the text of scalar (or null) node `id` by `text`.
  void set_scalar(NodeId id, std::string_view text, bool quoted);
  // Marks node `id` as already reported by the parser.
  void set_reported(NodeId id) { m_nodes[id].reported = true; }
  // Removes the entry for `key` from map `map` (no-op when absent).
  void erase(NodeId map, std::string_view key);
  void set_root(NodeId id) { m_root = id; }
  // Makes room for `nodes` nodes and `text_bytes` of scalar text, so that a large
  // document is built without copying (and faulting in) its arrays as they grow.
  void reserve(std::size_t nodes, std::size_t text_bytes);
  // Whether the whole text was read (no syntax error, no limit reached).
  [[nodiscard]] bool complete() const { return m_complete; }
  void set_complete(bool complete) { m_complete = complete; }
  // Whether the fast reader of plain block YAML built it (else yaml-cpp did).
  [[nodiscard]] bool read_fast() const { return m_read_fast; }
  void set_read_fast(bool fast) { m_read_fast = fast; }

 private:
  std::vector<DocNode> m_nodes;
  std::string m_text;
  NodeId m_root = k_no_node;
  bool m_complete = false;
  bool m_read_fast = false;
};

// Which YAML reader parse_document uses: `automatic` tries the fast reader of
// plain block YAML first and falls back to yaml-cpp; `yaml_cpp` always uses yaml-cpp
// (both give the same Document and diagnostics; tests compare them).
enum class YamlReader { automatic, yaml_cpp };

// Parses `text` (named `file` in diagnostics) into a Document; every problem
// found (syntax, encoding, control characters, duplicate keys, aliases, tags,
// depth, extra documents) is appended to `diagnostics`. The document is usable
// only when none was added. Columns, of nodes and diagnostics, count bytes.
[[nodiscard]] Document parse_document(const std::string& file, std::string_view text,
                                      std::vector<Diagnostic>& diagnostics,
                                      YamlReader reader = YamlReader::automatic);

// Whether `text` is valid UTF-8 without NUL, control characters (tab and line
// breaks aside) or a CR outside CRLF: what a scenario, or a --set value, may hold.
[[nodiscard]] bool is_clean_text(std::string_view text);

// Turns the byte columns of the `diagnostics` located in `file` (whose text is
// `text`) into character columns, as editors count them: `é` is one column.
void to_character_columns(std::string_view text, const std::string& file,
                          std::vector<Diagnostic>& diagnostics);

}  // namespace leadplan
