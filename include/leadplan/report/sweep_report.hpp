#pragma once
// The rows of `leadplan sweep`: one per grid point, streamed as a table, CSV or
// JSON Lines, in constant memory however large the grid.

#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "leadplan/model/plan.hpp"
#include "leadplan/model/scenario.hpp"

namespace leadplan {

// `json` is one object ({"contract": 1, "axes": [...], "points": [...]}), streamed;
// `jsonl` one object per point and line (JSON Lines).
enum class SweepFormat { table, csv, json, jsonl, markdown };

// A varied value's column: named by its `path`, shown in the table as a
// percentage or as an amount in the scenario's currency.
struct SweepAxis {
  std::string path;
  bool percent = false;
  bool money = false;
};

// Writes sweep rows to a stream, buffering in chunks; no allocation per row once warm.
class SweepWriter {
 public:
  // Rows for `axes` of `scenario` in `format` to `out`; `color` bolds the table's header.
  SweepWriter(std::ostream& out, SweepFormat format, const Scenario& scenario,
              std::vector<SweepAxis> axes, bool color);
  SweepWriter(const SweepWriter&) = delete;
  SweepWriter& operator=(const SweepWriter&) = delete;
  ~SweepWriter();

  // The header row (table, CSV, Markdown), or the opening of the JSON object.
  void header();
  // The closing of the JSON object; nothing for the other formats.
  void footer();
  // A row for the point with `values` (one per axis, in order) and its `plan`.
  void row(std::span<const double> values, const Plan& plan);
  // A row for the point with `values` whose plan could not be computed, and why (`error`).
  void row(std::span<const double> values, std::string_view error);
  // Writes what is buffered to the stream.
  void flush();

 private:
  void table_row(std::span<const double> values, const Plan* plan, std::string_view error);
  void csv_row(std::span<const double> values, const Plan* plan, std::string_view error);
  void json_row(std::span<const double> values, const Plan* plan, std::string_view error);
  void cell(std::string_view text, std::size_t width);
  void maybe_flush();

  std::ostream& m_out;
  SweepFormat m_format;
  const Scenario& m_scenario;
  std::vector<SweepAxis> m_axes;
  bool m_color;
  std::vector<std::size_t> m_widths;        // table: one per column
  std::vector<std::string> m_stage_fields;  // stage names as CSV fields or JSON strings
  std::vector<std::string> m_value_keys;    // JSON: `"path":` per axis
  std::string m_buffer;
  bool m_first_point = true;  // JSON: no comma before the first point
};

}  // namespace leadplan
