// `--set PATH=VALUE`: a path is walked through the schema table, section by
// section, and the value written into the Document before validation
// (docs/scenario.md, "Overriding a value").

#include <charconv>
#include <string>
#include <unordered_map>

#include <fmt/format.h>

#include "leadplan/load/scenario_loader.hpp"
#include "leadplan/load/suggest.hpp"

namespace leadplan {

namespace {

constexpr std::string_view k_override_file = "--set";

// TODO(util merge): util's split() and shown() replace these two.
std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (;;) {
    const std::size_t at = text.find(separator, start);
    parts.push_back(
        text.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) {
      return parts;
    }
    start = at + 1;
  }
}

std::string shown(std::string_view text) {
  if (text.size() > 40) {
    std::size_t cut = 37;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
      --cut;
    }
    return fmt::format("`{}...`", text.substr(0, cut));
  }
  return fmt::format("`{}`", text);
}

// Sets `key` of map `map` to `value`, adding the entry when absent; the new or
// changed value node is marked as coming from --set number `index`.
void set_entry(Document& doc, NodeId map, std::string_view key, std::string_view value, int index) {
  NodeId target = doc.find(map, key);
  if (target == k_no_node) {
    const NodeId k = doc.add_scalar(key, false, -index, 1);
    target = doc.add_scalar(value, false, -index, 1);
    doc.append_child(map, k);
    doc.append_child(map, target);
    return;
  }
  doc.set_scalar(target, value, false);
  // Lists and maps replaced by a scalar keep no children.
  DocNode& n = const_cast<DocNode&>(doc.node(target));
  n.first_child = n.last_child = k_no_node;
  n.child_count = 0;
  n.line = -index;
  n.column = 1;
}

// The map (or list) at `key` of `map`, added (as a map marked with --set `index`)
// when absent; k_no_node when `key` holds something else.
NodeId child_map(Document& doc, NodeId map, std::string_view key, int index) {
  NodeId child = doc.find(map, key);
  if (child == k_no_node) {
    const NodeId k = doc.add_scalar(key, false, -index, 1);
    child = doc.add_node(NodeKind::map, -index, 1);
    doc.append_child(map, k);
    doc.append_child(map, child);
    return child;
  }
  return doc.node(child).kind == NodeKind::map ? child : k_no_node;
}

// The items of the named lists (`funnel`, `channels`) by name, built once per
// list: thousands of `--set` against thousands of channels stay linear.
class NameIndex {
 public:
  explicit NameIndex(Document& doc) : m_doc(doc) {}

  // The item of `list` whose `name_key` is `name`, or k_no_node.
  NodeId find(NodeId list, std::string_view name_key, std::string_view name) {
    const auto& names = index_of(list, name_key);
    const auto it = names.find(std::string(name));
    return it == names.end() ? k_no_node : it->second;
  }

  // Every name of `list`, for a suggestion.
  std::vector<std::string_view> names(NodeId list, std::string_view name_key) {
    std::vector<std::string_view> out;
    for (const auto& [name, item] : index_of(list, name_key)) {
      out.push_back(name);
    }
    return out;
  }

  // The item `item` of `list` is now called `name`.
  void rename(NodeId list, std::string_view name_key, NodeId item, std::string_view name) {
    auto& names = index_of(list, name_key);
    for (auto it = names.begin(); it != names.end(); ++it) {
      if (it->second == item) {
        names.erase(it);
        break;
      }
    }
    names.emplace(std::string(name), item);
  }

 private:
  std::unordered_map<std::string, NodeId>& index_of(NodeId list, std::string_view name_key) {
    auto [it, inserted] = m_lists.try_emplace(list);
    if (inserted && list != k_no_node && m_doc.node(list).kind == NodeKind::sequence) {
      for (NodeId item = m_doc.node(list).first_child; item != k_no_node;
           item = m_doc.node(item).next_sibling) {
        const NodeId n = m_doc.find(item, name_key);
        if (n != k_no_node && m_doc.node(n).kind == NodeKind::scalar) {
          // The first of duplicate names wins, as the loader reports the second.
          it->second.emplace(std::string(m_doc.text(n)), item);
        }
      }
    }
    return it->second;
  }

  Document& m_doc;
  std::unordered_map<NodeId, std::unordered_map<std::string, NodeId>> m_lists;
};

std::string_view item_noun(Section section) {
  switch (section) {
    case Section::stage:
      return "stage";
    case Section::channel:
      return "channel";
    default:
      return "tier";
  }
}

std::optional<std::size_t> parse_index(std::string_view text) {
  std::size_t index = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), index);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) {
    return std::nullopt;
  }
  return index;
}

// The `index`-th item of `list` (0-based), or k_no_node.
NodeId nth_item(const Document& doc, NodeId list, std::size_t index) {
  if (list == k_no_node || doc.node(list).kind != NodeKind::sequence) {
    return k_no_node;
  }
  NodeId item = doc.node(list).first_child;
  for (std::size_t i = 0; i < index && item != k_no_node; ++i) {
    item = doc.node(item).next_sibling;
  }
  return item;
}

// Applies one override; problems go to `report`.
class OverrideWalker {
 public:
  OverrideWalker(Document& doc, const Schema& schema, NameIndex& names, const Override& o,
                 int index, std::vector<Diagnostic>& diagnostics, bool suggest)
      : m_doc(doc),
        m_schema(schema),
        m_names(names),
        m_override(o),
        m_index(index),
        m_diagnostics(diagnostics),
        m_suggest(suggest),
        m_parts(split(o.path, '.')) {}

  void apply() {
    if (!is_clean_text(m_override.value) || m_override.value.find('\n') != std::string::npos) {
      fail(0,
           fmt::format("the value of `--set {}` is not one line of valid UTF-8 text", shown_path()),
           "remove the line break or control character");
      return;
    }
    Section section = Section::scenario;
    NodeId map = m_doc.root();
    for (std::size_t i = 0; i < m_parts.size();) {
      const std::string_view part = m_parts[i];
      const KeySpec* spec = m_schema.find(section, part);
      if (spec == nullptr) {
        fail(i, fmt::format("unknown path {}", shown_path()), suggestion(part, section));
        return;
      }
      const bool last = i + 1 == m_parts.size();
      switch (spec->shape) {
        case Shape::scalar:
          if (!last && spec->alternative == Shape::stage_map) {
            set_in_map(map, *spec, i);
            return;
          }
          if (!last) {
            fail(i + 1, fmt::format("unknown path {}: `{}` is a single value", shown_path(), part));
            return;
          }
          set_scalar(map, section, *spec);
          return;
        case Shape::section: {
          if (last) {
            fail(i, fmt::format("unknown path {}: write `{}.KEY`", shown_path(), prefix(i + 1)));
            return;
          }
          map = child_map(m_doc, map, part, m_index);
          if (map == k_no_node) {
            return;  // build_scenario reports the malformed section itself
          }
          section = spec->child;
          ++i;
          break;
        }
        case Shape::entries: {
          const std::optional<NodeId> item = entry(map, *spec, i);
          if (!item) {
            return;
          }
          map = *item;
          section = spec->child;
          i += 2;
          break;
        }
        case Shape::stage_map:
        case Shape::text_map:
          set_in_map(map, *spec, i);
          return;
        case Shape::list:
          set_in_list(map, *spec, i);
          return;
      }
    }
  }

 private:
  std::string shown_path() const { return shown(m_override.path); }

  // The first `count` parts of the path, joined.
  std::string prefix(std::size_t count) const {
    std::string out;
    for (std::size_t i = 0; i < count && i < m_parts.size(); ++i) {
      out += i == 0 ? "" : ".";
      out += m_parts[i];
    }
    return out;
  }

  void fail(std::size_t part, std::string message, std::string hint = {}) {
    if (m_diagnostics.size() >= k_max_collected) {
      return;
    }
    int column = 1;
    for (std::size_t i = 0; i < part && i < m_parts.size(); ++i) {
      column += static_cast<int>(m_parts[i].size()) + 1;
    }
    m_diagnostics.push_back(Diagnostic{std::string(k_override_file), m_index, column,
                                       std::move(message), std::move(hint)});
  }

  std::string suggestion(std::string_view word, Section section) const {
    if (!m_suggest) {
      return {};
    }
    const std::vector<std::string_view> names = m_schema.names(section);
    const std::string_view near = closest_match(word, names);
    return near.empty() ? std::string() : fmt::format("did you mean `{}`?", near);
  }

  void set_scalar(NodeId map, Section section, const KeySpec& spec) {
    const std::string_view key = spec.name;
    if (section == Section::target) {
      // Setting one form of the target replaces the other: wins and revenue
      // never both stand, and deal_size stays to convert between them.
      if (key == "wins") {
        m_doc.erase(map, "revenue");
      } else if (key == "revenue") {
        m_doc.erase(map, "wins");
      }
    } else if (section == Section::channel && key == "cpl") {
      m_doc.erase(map, "cpl_tiers");  // one price replaces the tiers
    }
    set_entry(m_doc, map, key, m_override.value, m_index);
    if (m_renamed_list != k_no_node && key == entry_name_key(m_schema, section)) {
      m_names.rename(m_renamed_list, key, map, m_override.value);
    }
  }

  // The item of the list at `spec` (part `i`) that part `i + 1` names.
  std::optional<NodeId> entry(NodeId map, const KeySpec& spec, std::size_t i) {
    const std::string_view name_key = entry_name_key(m_schema, spec.child);
    if (i + 2 >= m_parts.size()) {
      const std::string example = spec.child == Section::stage ? "`funnel.mql.rate=25%`"
                                  : spec.child == Section::channel
                                      ? "`channels.webinars.cpl=90`"
                                      : "`channels.linkedin.cpl_tiers.0.cpl=95`";
      fail(0,
           fmt::format("unknown path {}: write `{}.{}.KEY`", shown_path(), prefix(i + 1),
                       name_key.empty() ? "INDEX" : "NAME"),
           fmt::format("e.g. {}", example));
      return std::nullopt;
    }
    const NodeId list = m_doc.find(map, spec.name);
    const std::string_view name = m_parts[i + 1];
    NodeId item = k_no_node;
    if (name_key.empty()) {
      if (const std::optional<std::size_t> position = parse_index(name)) {
        item = nth_item(m_doc, list, *position);
      }
    } else {
      item = m_names.find(list, name_key, name);
    }
    if (item == k_no_node || m_doc.node(item).kind != NodeKind::map) {
      std::string hint;
      if (!name_key.empty() && m_suggest) {
        const std::vector<std::string_view> names = m_names.names(list, name_key);
        const std::string_view near = closest_match(name, names);
        hint = near.empty() ? std::string() : fmt::format("did you mean `{}`?", near);
      } else if (name_key.empty()) {
        const std::uint32_t count = list == k_no_node || m_doc.node(list).kind != NodeKind::sequence
                                        ? 0
                                        : m_doc.node(list).child_count;
        hint = fmt::format("tiers are counted from 0; this channel has {}", count);
      }
      fail(i + 1,
           fmt::format("unknown path {}: no {} {} {}", shown_path(), item_noun(spec.child),
                       name_key.empty() ? "numbered" : "named", shown(name)),
           std::move(hint));
      return std::nullopt;
    }
    if (!name_key.empty()) {
      m_renamed_list = list;
    }
    return item;
  }

  // `PATH.KEY=VALUE` into the map at `spec` (part `i`), the map added when absent.
  void set_in_map(NodeId map, const KeySpec& spec, std::size_t i) {
    const char* what = spec.shape == Shape::text_map ? "VALUE" : "STAGE";
    if (i + 1 >= m_parts.size()) {
      fail(i, fmt::format("unknown path {}: write `{}.{}`", shown_path(), prefix(i + 1), what));
      return;
    }
    if (i + 2 != m_parts.size()) {
      fail(i + 2,
           fmt::format("unknown path {}: `{}` is a single value", shown_path(), prefix(i + 2)));
      return;
    }
    const NodeId existing = m_doc.find(map, spec.name);
    if (existing != k_no_node && m_doc.node(existing).kind != NodeKind::map) {
      fail(i + 1,
           fmt::format("unknown path {}: `{}` is a single value here", shown_path(), prefix(i + 1)),
           fmt::format("set it whole: `--set {}=...`", prefix(i + 1)));
      return;
    }
    const NodeId target = child_map(m_doc, map, spec.name, m_index);
    set_entry(m_doc, target, m_parts[i + 1], m_override.value, m_index);
  }

  // `PATH.INDEX=VALUE` into the list at `spec` (part `i`).
  void set_in_list(NodeId map, const KeySpec& spec, std::size_t i) {
    if (i + 2 != m_parts.size()) {
      fail(i, fmt::format("unknown path {}: write `{}.INDEX`", shown_path(), prefix(i + 1)),
           "items are counted from 0");
      return;
    }
    const NodeId list = m_doc.find(map, spec.name);
    const std::optional<std::size_t> position = parse_index(m_parts[i + 1]);
    const NodeId item = position ? nth_item(m_doc, list, *position) : k_no_node;
    if (item == k_no_node || m_doc.node(item).kind == NodeKind::map ||
        m_doc.node(item).kind == NodeKind::sequence) {
      fail(i + 1,
           fmt::format("unknown path {}: `{}` has no item {}", shown_path(), prefix(i + 1),
                       shown(m_parts[i + 1])),
           "items are counted from 0; a list cannot grow by --set");
      return;
    }
    m_doc.set_scalar(item, m_override.value, false);
    DocNode& n = const_cast<DocNode&>(m_doc.node(item));
    n.line = -m_index;
    n.column = 1;
  }

  Document& m_doc;
  const Schema& m_schema;
  NameIndex& m_names;
  const Override& m_override;
  int m_index;
  std::vector<Diagnostic>& m_diagnostics;
  bool m_suggest;
  std::vector<std::string_view> m_parts;
  NodeId m_renamed_list = k_no_node;  // the named list whose item the path entered last
};

}  // namespace

void apply_overrides(Document& document, const std::vector<Override>& overrides,
                     std::vector<Diagnostic>& diagnostics, const Schema& schema) {
  const NodeId root = document.root();
  if (root == k_no_node || document.node(root).kind != NodeKind::map) {
    return;  // the scenario's own error is reported by build_scenario
  }
  NameIndex names(document);
  int index = 0;
  const std::size_t before = diagnostics.size();
  for (const Override& o : overrides) {
    ++index;
    if (diagnostics.size() >= k_max_collected) {
      break;  // reading stops there, as for the file's own problems
    }
    // Suggestions cost a scan of every name: only for the problems that are printed.
    const bool suggest = diagnostics.size() - before < k_max_diagnostics;
    OverrideWalker(document, schema, names, o, index, diagnostics, suggest).apply();
  }
}

}  // namespace leadplan
