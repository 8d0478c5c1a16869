#pragma once
// The points of a `sweep` grid, walked as an odometer: the last axis turns
// fastest, and each step says which axes moved, so that a caller updates only
// those (docs/sweep.md).

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace leadplan {

// Walks every point of a grid with `counts[a]` values on axis `a` (each >= 1).
class GridWalker {
 public:
  // A walker at the first point (every index 0) of a grid of `counts` values per axis.
  explicit GridWalker(std::vector<std::uint64_t> counts)
      : m_counts(std::move(counts)), m_index(m_counts.size(), 0) {}

  // Every axis's index at the current point.
  [[nodiscard]] std::span<const std::uint64_t> index() const { return m_index; }
  // The first axis whose index changed on reaching the current point (0 at the first).
  [[nodiscard]] std::size_t changed_from() const { return m_changed_from; }

  // Moves to the next point; false (and the walk is over) after the last.
  bool next() {
    std::size_t axis = m_counts.size();
    while (axis > 0) {
      --axis;
      if (++m_index[axis] < m_counts[axis]) {
        m_changed_from = axis;
        return true;
      }
      m_index[axis] = 0;
    }
    m_changed_from = 0;
    return false;
  }

 private:
  std::vector<std::uint64_t> m_counts;
  std::vector<std::uint64_t> m_index;
  std::size_t m_changed_from = 0;
};

}  // namespace leadplan
