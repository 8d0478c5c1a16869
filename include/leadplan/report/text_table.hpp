#pragma once
// Column-aligned text tables for the terminal, measured in characters, not bytes.

#include <string>
#include <vector>

namespace leadplan {

enum class Align { left, right };

// A table of cells rendered with two spaces between columns.
class TextTable {
 public:
  // A table with `headers`, aligned per `aligns` (same length).
  TextTable(std::vector<std::string> headers, std::vector<Align> aligns);

  // Adds a row of `cells` (as many as headers).
  void add_row(std::vector<std::string> cells);

  // The table as lines ending in '\n'; headers wrapped in `bold_on`/`bold_off` (colour).
  [[nodiscard]] std::string render(const std::string& bold_on = {},
                                   const std::string& bold_off = {}) const;

 private:
  std::vector<std::string> m_headers;
  std::vector<Align> m_aligns;
  std::vector<std::vector<std::string>> m_rows;
};

// The number of characters (UTF-8 code points) in `text`, escape sequences excluded.
[[nodiscard]] std::size_t display_width(const std::string& text);

}  // namespace leadplan
