#include "leadplan/report/sweep_report.hpp"

#include "leadplan/model/diagnostic.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "leadplan/report/format.hpp"
#include "leadplan/report/json_writer.hpp"
#include "leadplan/report/report.hpp"
#include "leadplan/report/text_table.hpp"

namespace leadplan {

namespace {

constexpr std::size_t k_flush_bytes = 1 << 16;

// The figures of a row, after the varied values, in every format.
constexpr std::array<std::string_view, 8> k_csv_columns = {
    "valid",          "required_leads", "allowable_cpl", "blended_effective_cpl",
    "projected_wins", "coverage",       "feasible",      "bottleneck"};
constexpr std::array<std::string_view, 8> k_table_columns = {
    "Valid",          "Required leads", "Allowable CPL", "Blended eff. CPL",
    "Projected wins", "Coverage",       "Feasible",      "Bottleneck"};

// Numbers as in the JSON report: whole ones without a fraction or exponent
// ("1000000", not "1e+06"), others in the shortest form that reads back exactly.
void append_exact(std::string& out, double value) {
  append_json_number(out, value);
}

// The headline figures of a plan, absent ones empty.
struct Figures {
  double required_leads = 0.0;
  std::optional<double> allowable_cpl;
  std::optional<double> blended_effective_cpl;
  std::optional<double> projected_wins;
  std::optional<double> coverage;
  std::optional<bool> feasible;
  std::size_t bottleneck = 0;
};

Figures figures_of(const Plan& plan) {
  Figures f;
  f.required_leads = plan.stages.front().required;
  f.allowable_cpl = plan.allowable_cpl;
  if (plan.mix) {
    f.blended_effective_cpl = plan.mix->blended_effective_cpl;
    f.projected_wins = plan.mix->projected_wins;
    f.coverage = plan.mix->coverage;
    f.feasible = plan.mix->feasible;
  }
  f.bottleneck = plan.bottleneck.stage;
  return f;
}

}  // namespace

SweepWriter::SweepWriter(std::ostream& out, SweepFormat format, const Scenario& scenario,
                         std::vector<SweepAxis> axes, bool color)
    : m_out(out), m_format(format), m_scenario(scenario), m_axes(std::move(axes)), m_color(color) {
  m_buffer.reserve(k_flush_bytes + 4096);
  for (const Stage& stage : scenario.stages) {
    std::string field;
    if (format == SweepFormat::json || format == SweepFormat::jsonl) {
      append_json_string(field, stage.name);
    } else {
      field = format == SweepFormat::csv ? csv_field(stage.name) : one_line(stage.name);
    }
    m_stage_fields.push_back(std::move(field));
  }
  for (const SweepAxis& axis : m_axes) {
    std::string key;
    append_json_string(key, axis.path);
    key += ':';
    m_value_keys.push_back(std::move(key));
  }
  if (format == SweepFormat::table || format == SweepFormat::markdown) {
    for (const SweepAxis& axis : m_axes) {
      m_widths.push_back(std::max<std::size_t>(display_width(axis.path), 10));
    }
    for (std::size_t i = 0; i < k_table_columns.size(); ++i) {
      std::size_t width = std::max<std::size_t>(k_table_columns[i].size(), 10);
      if (i + 1 == k_table_columns.size()) {
        for (const Stage& stage : scenario.stages) {
          width = std::max(width, display_width(stage.name));
        }
      }
      m_widths.push_back(width);
    }
  }
}

SweepWriter::~SweepWriter() {
  // Never throws: on the normal path flush() has run already, and while an
  // error unwinds, what is left is written as far as it goes.
  if (!m_buffer.empty()) {
    m_out.write(m_buffer.data(), static_cast<std::streamsize>(m_buffer.size()));
  }
}

void SweepWriter::flush() {
  if (!m_buffer.empty()) {
    m_out.write(m_buffer.data(), static_cast<std::streamsize>(m_buffer.size()));
    m_buffer.clear();
  }
  // A reader that went away (`| head`) or a full disk: stop the grid now, not
  // after computing millions of rows nobody reads.
  if (!m_out) {
    throw FatalError("cannot write the report: the output was closed or is full");
  }
}

void SweepWriter::maybe_flush() {
  if (m_buffer.size() >= k_flush_bytes) {
    flush();
  }
}

void SweepWriter::header() {
  if (m_format == SweepFormat::csv) {
    for (const SweepAxis& axis : m_axes) {
      m_buffer += csv_field(axis.path);
      m_buffer += ',';
    }
    for (std::string_view column : k_csv_columns) {
      m_buffer += column;
      m_buffer += ',';
    }
    m_buffer += "error\n";
  } else if (m_format == SweepFormat::json) {
    m_buffer += "{\"contract\": 1, \"axes\": [";
    for (std::size_t i = 0; i < m_axes.size(); ++i) {
      m_buffer += i == 0 ? "" : ", ";
      append_json_string(m_buffer, m_axes[i].path);
    }
    m_buffer += "], \"points\": [";
  } else if (m_format == SweepFormat::markdown) {
    std::string separator;
    for (const SweepAxis& axis : m_axes) {
      cell(axis.path, 0);
      separator += "|--:";
    }
    for (std::string_view name : k_table_columns) {
      cell(name, 0);
      separator += name == "Bottleneck" ? "|:--" : "|--:";
    }
    m_buffer += "| Error |\n";
    m_buffer += separator;
    m_buffer += "|:--|\n";
  } else if (m_format == SweepFormat::table) {
    if (m_color) {
      m_buffer += "\x1b[1m";
    }
    std::size_t column = 0;
    for (const SweepAxis& axis : m_axes) {
      cell(axis.path, m_widths[column++]);
    }
    for (std::string_view name : k_table_columns) {
      cell(name, m_widths[column++]);
    }
    m_buffer += "Error";
    if (m_color) {
      m_buffer += "\x1b[0m";
    }
    m_buffer += '\n';
  }
  maybe_flush();
}

void SweepWriter::footer() {
  if (m_format == SweepFormat::json) {
    m_buffer += m_first_point ? "]}\n" : "\n]}\n";
  }
}

void SweepWriter::row(std::span<const double> values, const Plan& plan) {
  switch (m_format) {
    case SweepFormat::csv:
      csv_row(values, &plan, {});
      break;
    case SweepFormat::json:
    case SweepFormat::jsonl:
      json_row(values, &plan, {});
      break;
    case SweepFormat::table:
    case SweepFormat::markdown:
      table_row(values, &plan, {});
      break;
  }
  maybe_flush();
}

void SweepWriter::row(std::span<const double> values, std::string_view error) {
  switch (m_format) {
    case SweepFormat::csv:
      csv_row(values, nullptr, error);
      break;
    case SweepFormat::json:
    case SweepFormat::jsonl:
      json_row(values, nullptr, error);
      break;
    case SweepFormat::table:
    case SweepFormat::markdown:
      table_row(values, nullptr, error);
      break;
  }
  maybe_flush();
}

void SweepWriter::csv_row(std::span<const double> values, const Plan* plan,
                          std::string_view error) {
  for (double value : values) {
    append_exact(m_buffer, value);
    m_buffer += ',';
  }
  if (plan == nullptr) {
    m_buffer += "false,,,,,,,,";
    m_buffer += csv_field(error);
    m_buffer += '\n';
    return;
  }
  const Figures f = figures_of(*plan);
  m_buffer += "true,";
  append_exact(m_buffer, f.required_leads);
  m_buffer += ',';
  for (const std::optional<double>& figure :
       {f.allowable_cpl, f.blended_effective_cpl, f.projected_wins, f.coverage}) {
    if (figure) {
      append_exact(m_buffer, *figure);
    }
    m_buffer += ',';
  }
  if (f.feasible) {
    m_buffer += *f.feasible ? "true" : "false";
  }
  m_buffer += ',';
  m_buffer += m_stage_fields[f.bottleneck];
  m_buffer += ",\n";
}

void SweepWriter::json_row(std::span<const double> values, const Plan* plan,
                           std::string_view error) {
  if (m_format == SweepFormat::json) {
    m_buffer += m_first_point ? "\n  " : ",\n  ";  // inside the "points" array
    m_first_point = false;
  }
  m_buffer += "{\"values\":{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) {
      m_buffer += ',';
    }
    m_buffer += m_value_keys[i];
    append_json_number(m_buffer, values[i]);
  }
  if (plan == nullptr) {
    m_buffer +=
        "},\"valid\":false,\"required_leads\":null,\"allowable_cpl\":null,"
        "\"blended_effective_cpl\":null,\"projected_wins\":null,\"coverage\":null,"
        "\"feasible\":null,\"bottleneck\":null,\"error\":";
    append_json_string(m_buffer, error);
    m_buffer += m_format == SweepFormat::jsonl ? "}\n" : "}";
    return;
  }
  const Figures f = figures_of(*plan);
  auto number = [this](const std::optional<double>& figure) {
    if (figure) {
      append_json_number(m_buffer, *figure);
    } else {
      m_buffer += "null";
    }
  };
  m_buffer += "},\"valid\":true,\"required_leads\":";
  append_json_number(m_buffer, f.required_leads);
  m_buffer += ",\"allowable_cpl\":";
  number(f.allowable_cpl);
  m_buffer += ",\"blended_effective_cpl\":";
  number(f.blended_effective_cpl);
  m_buffer += ",\"projected_wins\":";
  number(f.projected_wins);
  m_buffer += ",\"coverage\":";
  number(f.coverage);
  m_buffer += ",\"feasible\":";
  m_buffer += f.feasible ? (*f.feasible ? "true" : "false") : "null";
  m_buffer += ",\"bottleneck\":";
  m_buffer += m_stage_fields[f.bottleneck];
  m_buffer += m_format == SweepFormat::jsonl ? ",\"error\":null}\n" : ",\"error\":null}";
}

void SweepWriter::cell(std::string_view text, std::size_t width) {
  if (m_format == SweepFormat::markdown) {
    m_buffer += "| ";
    m_buffer += markdown_cell(text);
    m_buffer += ' ';
    return;
  }
  const std::size_t shown = display_width(std::string(text));
  if (shown < width) {
    m_buffer.append(width - shown, ' ');
  }
  m_buffer += text;
  m_buffer += "  ";
}

void SweepWriter::table_row(std::span<const double> values, const Plan* plan,
                            std::string_view error) {
  const std::string& currency = m_scenario.currency;
  std::size_t column = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const SweepAxis& axis = m_axes[i];
    const std::string text = axis.percent ? format_percent(values[i])
                             : axis.money ? format_money(values[i], currency)
                                          : format_count(values[i]);
    cell(text, m_widths[column++]);
  }
  if (plan == nullptr) {
    cell("no", m_widths[column++]);
    for (std::size_t i = 1; i < k_table_columns.size(); ++i) {
      cell("-", m_widths[column++]);
    }
    if (m_format == SweepFormat::markdown) {
      cell(error, 0);
      m_buffer += "|\n";
    } else {
      m_buffer += one_line(error);
      m_buffer += '\n';
    }
    return;
  }
  const Figures f = figures_of(*plan);
  auto money = [&](const std::optional<double>& amount) {
    return amount ? format_money(*amount, currency) : std::string("-");
  };
  cell("yes", m_widths[column++]);
  cell(format_count(f.required_leads), m_widths[column++]);
  cell(money(f.allowable_cpl), m_widths[column++]);
  cell(money(f.blended_effective_cpl), m_widths[column++]);
  cell(f.projected_wins ? format_hundredths(*f.projected_wins) : std::string("-"),
       m_widths[column++]);
  // As in calc's table: rounded down, never 100% beside "not feasible".
  cell(f.coverage ? format_coverage(*f.coverage, f.feasible.value_or(false)) : std::string("-"),
       m_widths[column++]);
  cell(f.feasible ? std::string(*f.feasible ? "yes" : "no") : std::string("-"), m_widths[column++]);
  cell(m_stage_fields[f.bottleneck], m_widths[column++]);
  if (m_format == SweepFormat::markdown) {
    m_buffer += "| |\n";  // an empty Error cell
    return;
  }
  // No error: drop the separator after the last cell.
  while (!m_buffer.empty() && m_buffer.back() == ' ') {
    m_buffer.pop_back();
  }
  m_buffer += '\n';
}

}  // namespace leadplan
