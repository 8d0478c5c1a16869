#include "leadplan/load/set_paths.hpp"

#include <string_view>

namespace leadplan {

namespace {

// What stands for an entry of `section` in a pattern.
std::string_view placeholder(Section section) {
  switch (section) {
    case Section::stage:
      return "STAGE";
    case Section::channel:
      return "CHANNEL";
    default:
      return "INDEX";
  }
}

class PathLister {
 public:
  PathLister(const Schema& schema, const Document* document, std::vector<std::string>& out)
      : m_schema(schema), m_doc(document), m_out(out) {
    if (m_doc == nullptr) {
      return;
    }
    const NodeId funnel = child(m_doc->root(), "funnel", NodeKind::sequence);
    const std::string_view name_key = entry_name_key(m_schema, Section::stage);
    for (NodeId item = funnel == k_no_node ? k_no_node : m_doc->node(funnel).first_child;
         item != k_no_node; item = m_doc->node(item).next_sibling) {
      m_stages.push_back(entry_name(item, name_key));
    }
  }

  // The paths of the keys of `section` below `prefix`; `first`: the entry is the
  // first of its list, where keys that are `not_first` have no place.
  void walk(Section section, NodeId map, const std::string& prefix, bool first = false) {
    for (const KeySpec& k : m_schema.keys()) {
      if (k.section != section || (first && k.not_on_first_entry())) {
        continue;
      }
      const std::string path = prefix + std::string(k.name);
      switch (k.shape) {
        case Shape::scalar:
          m_out.push_back(path);
          if (k.alternative == Shape::stage_map) {
            stage_keys(path, k.not_first);
          }
          break;
        case Shape::section:
          walk(k.child, child(map, k.name, NodeKind::map), path + ".");
          break;
        case Shape::entries:
          entries(k, map, path);
          break;
        case Shape::stage_map:
          stage_keys(path, k.not_first);
          break;
        case Shape::text_map:
          map_keys(child(map, k.name, NodeKind::map), path);
          break;
        case Shape::list:
          list_items(child(map, k.name, NodeKind::sequence), path);
          break;
      }
    }
  }

 private:
  // The value of `key` in `map` when it is a `kind`, else k_no_node.
  NodeId child(NodeId map, std::string_view key, NodeKind kind) const {
    if (m_doc == nullptr || map == k_no_node || m_doc->node(map).kind != NodeKind::map) {
      return k_no_node;
    }
    const NodeId value = m_doc->find(map, key);
    return value != k_no_node && m_doc->node(value).kind == kind ? value : k_no_node;
  }

  // The name an entry is addressed by, or empty when it has none a path can hold.
  std::string entry_name(NodeId item, std::string_view name_key) const {
    const NodeId name =
        m_doc->node(item).kind == NodeKind::map ? m_doc->find(item, name_key) : k_no_node;
    if (name == k_no_node || m_doc->node(name).kind != NodeKind::scalar) {
      return {};
    }
    const std::string_view text = m_doc->text(name);
    return text.find('.') == std::string_view::npos ? std::string(text) : std::string();
  }

  void entries(const KeySpec& k, NodeId map, const std::string& path) {
    const std::string_view name_key = entry_name_key(m_schema, k.child);
    if (m_doc == nullptr) {
      walk(k.child, k_no_node, path + "." + std::string(placeholder(k.child)) + ".");
      return;
    }
    const NodeId list = child(map, k.name, NodeKind::sequence);
    std::size_t index = 0;
    for (NodeId item = list == k_no_node ? k_no_node : m_doc->node(list).first_child;
         item != k_no_node; item = m_doc->node(item).next_sibling, ++index) {
      if (m_doc->node(item).kind != NodeKind::map) {
        continue;
      }
      const std::string label =
          name_key.empty() ? std::to_string(index) : entry_name(item, name_key);
      if (!label.empty()) {
        walk(k.child, item, path + "." + label + ".", index == 0);
      }
    }
  }

  void stage_keys(const std::string& path, bool not_first) {
    if (m_doc == nullptr) {
      m_out.push_back(path + ".STAGE");
      return;
    }
    for (std::size_t i = not_first ? 1 : 0; i < m_stages.size(); ++i) {
      if (!m_stages[i].empty()) {
        m_out.push_back(path + "." + m_stages[i]);
      }
    }
  }

  void map_keys(NodeId map, const std::string& path) {
    if (m_doc == nullptr) {
      m_out.push_back(path + ".VALUE");
      return;
    }
    for (NodeId key = map == k_no_node ? k_no_node : m_doc->node(map).first_child;
         key != k_no_node;) {
      const NodeId value = m_doc->node(key).next_sibling;
      if (m_doc->node(key).kind == NodeKind::scalar) {
        const std::string_view text = m_doc->text(key);
        if (!text.empty() && text.find('.') == std::string_view::npos) {
          m_out.push_back(path + "." + std::string(text));
        }
      }
      key = value == k_no_node ? k_no_node : m_doc->node(value).next_sibling;
    }
  }

  void list_items(NodeId list, const std::string& path) {
    if (m_doc == nullptr) {
      m_out.push_back(path + ".INDEX");
      return;
    }
    std::size_t index = 0;
    for (NodeId item = list == k_no_node ? k_no_node : m_doc->node(list).first_child;
         item != k_no_node; item = m_doc->node(item).next_sibling, ++index) {
      if (m_doc->node(item).kind != NodeKind::map && m_doc->node(item).kind != NodeKind::sequence) {
        m_out.push_back(path + "." + std::to_string(index));
      }
    }
  }

  const Schema& m_schema;
  const Document* m_doc;
  std::vector<std::string>& m_out;
  std::vector<std::string> m_stages;  // the funnel's stage names, top first ("" when unnamed)
};

}  // namespace

std::vector<std::string> set_paths(const Schema& schema, const Document* document) {
  std::vector<std::string> out;
  PathLister lister(schema, document, out);
  lister.walk(Section::scenario, document == nullptr ? k_no_node : document->root(), "");
  return out;
}

}  // namespace leadplan
