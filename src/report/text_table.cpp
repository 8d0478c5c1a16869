#include "leadplan/report/text_table.hpp"

#include <algorithm>

#include "leadplan/report/format.hpp"

namespace leadplan {

std::size_t display_width(const std::string& text) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte == 0x1B) {  // skip an ANSI colour sequence: ESC [ ... m
      while (i < text.size() && text[i] != 'm') {
        ++i;
      }
      continue;
    }
    if ((byte & 0xC0) != 0x80) {
      ++width;
    }
  }
  return width;
}

TextTable::TextTable(std::vector<std::string> headers, std::vector<Align> aligns)
    : m_headers(std::move(headers)), m_aligns(std::move(aligns)) {}

void TextTable::add_row(std::vector<std::string> cells) {
  for (std::string& cell : cells) {
    cell = one_line(cell);  // a name with a line break must not break the table
  }
  m_rows.push_back(std::move(cells));
}

std::string TextTable::render(const std::string& bold_on, const std::string& bold_off) const {
  std::vector<std::size_t> widths(m_headers.size(), 0);
  for (std::size_t c = 0; c < m_headers.size(); ++c) {
    widths[c] = display_width(m_headers[c]);
  }
  for (const auto& row : m_rows) {
    for (std::size_t c = 0; c < row.size() && c < widths.size(); ++c) {
      widths[c] = std::max(widths[c], display_width(row[c]));
    }
  }
  std::string out;
  auto emit = [&](const std::vector<std::string>& cells, bool header) {
    std::string line;
    for (std::size_t c = 0; c < widths.size(); ++c) {
      const std::string& cell = c < cells.size() ? cells[c] : std::string();
      const std::size_t pad = widths[c] - display_width(cell);
      if (c > 0) {
        line += "  ";
      }
      const std::string shown = header && !bold_on.empty() ? bold_on + cell + bold_off : cell;
      if (m_aligns[c] == Align::right) {
        line.append(pad, ' ');
        line += shown;
      } else {
        line += shown;
        if (c + 1 < widths.size()) {
          line.append(pad, ' ');
        }
      }
    }
    while (!line.empty() && line.back() == ' ') {
      line.pop_back();
    }
    out += line;
    out += '\n';
  };
  emit(m_headers, true);
  for (const auto& row : m_rows) {
    emit(row, false);
  }
  return out;
}

}  // namespace leadplan
