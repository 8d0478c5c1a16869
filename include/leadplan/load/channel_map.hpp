#pragma once
// The channels of a leads or spend export: each raw value of the channel
// column, renamed by `channel_names`, becomes an index the engine counts by.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace leadplan {

// The name of the channel of leads whose channel cell is empty.
inline constexpr std::string_view k_no_channel = "(none)";

// The most distinct channels an export may name (a channel column holding ids
// would otherwise cost memory by the row).
inline constexpr std::size_t k_max_channels = 10000;

// Raw channel values to channel indices. The scenario's channels come first,
// with indices 0, 1, ... in scenario order; others are added as first seen,
// and `sort` puts them in their final order.
class ChannelMap {
 public:
  // A map whose first channels are `planned` (the scenario's, in order) and that
  // renames each raw value `renames[k].first` to the channel `renames[k].second`
  // (`channel_names`, exact match).
  ChannelMap(std::vector<std::string> planned,
             const std::vector<std::pair<std::string, std::string>>& renames);

  // The index of the channel raw value `raw` names: its rename, else itself
  // (`(none)` when empty), added when new; nullopt once k_max_channels are known.
  [[nodiscard]] std::optional<std::uint32_t> index(std::string_view raw);

  [[nodiscard]] std::size_t size() const { return m_names.size(); }
  [[nodiscard]] const std::string& name(std::uint32_t index) const { return m_names[index]; }
  // Whether channel `index` is one of the scenario's.
  [[nodiscard]] bool in_plan(std::uint32_t index) const { return index < m_planned; }

  // Puts the channels in their final order: the scenario's in scenario order,
  // then the others by name (byte order), `(none)` last; returns the new index
  // of each old one (for LeadTable::renumber_channels and SpendEntry).
  [[nodiscard]] std::vector<std::uint32_t> sort();

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const {
      return std::hash<std::string_view>{}(text);
    }
  };
  using Index = std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>>;

  std::vector<std::string> m_names;
  std::size_t m_planned = 0;
  Index m_by_name;
  Index m_by_raw;  // every raw value seen, renamed or not: one hash lookup a row
  std::unordered_map<std::string, std::string, Hash, std::equal_to<>> m_renames;
};

}  // namespace leadplan
