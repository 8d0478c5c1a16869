#include "leadplan/load/channel_map.hpp"

#include <algorithm>
#include <numeric>

namespace leadplan {

ChannelMap::ChannelMap(std::vector<std::string> planned,
                       const std::vector<std::pair<std::string, std::string>>& renames)
    : m_names(std::move(planned)), m_planned(m_names.size()) {
  for (std::size_t i = 0; i < m_names.size(); ++i) {
    m_by_name.emplace(m_names[i], static_cast<std::uint32_t>(i));
  }
  for (const auto& [raw, name] : renames) {
    m_renames.emplace(raw, name);
  }
}

std::optional<std::uint32_t> ChannelMap::index(std::string_view raw) {
  if (const auto seen = m_by_raw.find(raw); seen != m_by_raw.end()) {
    return seen->second;
  }
  std::string_view name = raw.empty() ? k_no_channel : raw;
  if (const auto renamed = m_renames.find(raw); renamed != m_renames.end()) {
    name = renamed->second;
  }
  std::uint32_t index = 0;
  if (const auto known = m_by_name.find(name); known != m_by_name.end()) {
    index = known->second;
  } else {
    if (m_names.size() >= k_max_channels) {
      return std::nullopt;
    }
    index = static_cast<std::uint32_t>(m_names.size());
    m_names.emplace_back(name);
    m_by_name.emplace(name, index);
  }
  m_by_raw.emplace(raw, index);
  return index;
}

std::vector<std::uint32_t> ChannelMap::sort() {
  std::vector<std::uint32_t> order(m_names.size());
  std::iota(order.begin(), order.end(), 0u);
  const auto unplanned = order.begin() + static_cast<std::ptrdiff_t>(m_planned);
  std::sort(unplanned, order.end(), [&](std::uint32_t a, std::uint32_t b) {
    const bool a_none = m_names[a] == k_no_channel;
    const bool b_none = m_names[b] == k_no_channel;
    if (a_none != b_none) {
      return b_none;
    }
    return m_names[a] < m_names[b];
  });
  std::vector<std::uint32_t> new_index(m_names.size());
  std::vector<std::string> names(m_names.size());
  for (std::size_t position = 0; position < order.size(); ++position) {
    new_index[order[position]] = static_cast<std::uint32_t>(position);
    names[position] = std::move(m_names[order[position]]);
  }
  m_names = std::move(names);
  for (auto& [name, index] : m_by_name) {
    index = new_index[index];
  }
  for (auto& [raw, index] : m_by_raw) {
    index = new_index[index];
  }
  return new_index;
}

}  // namespace leadplan
