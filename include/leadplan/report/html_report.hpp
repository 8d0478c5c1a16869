#pragma once
// Plan -> one self-contained HTML5 page (CONTRACT 13, docs/reports.md): inline CSS
// and inline SVG charts, no script, no request outside the file, every chart's
// figures also in a table. Each command's page is one function here; a new
// command adds its own, built from the same parts (html_svg.hpp).

#include <cstdint>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "leadplan/engine/diff.hpp"
#include "leadplan/model/check.hpp"
#include "leadplan/model/plan.hpp"
#include "leadplan/model/scenario.hpp"
#include "leadplan/report/sweep_report.hpp"

namespace leadplan {

// The most channels the channel chart draws (the table lists every channel).
inline constexpr std::size_t k_html_chart_channels = 25;
// The most points a sweep's line chart draws, and cells per axis of its heat map.
inline constexpr std::size_t k_html_line_points = 2'000;
inline constexpr std::size_t k_html_heat_cells = 100;

// Writes the `calc` page of `plan` for `scenario` to `out`; with `checks` (the
// check command) the checks' table too.
void write_html(std::ostream& out, const Scenario& scenario, const Plan& plan,
                const std::vector<CheckResult>* checks = nullptr);

// The most figures the `diff` chart draws (the largest changes; the table lists all).
inline constexpr std::size_t k_html_diff_figures = 40;

// Writes the `diff` page of `diff` between files `base` and `head` to `out`: each
// figure's change in percent as a bar, every figure in the table.
void write_diff_html(std::ostream& out, const PlanDiff& diff, const std::string& base,
                     const std::string& head);

// The `sweep` page, streamed: the table row by row, then the chart (a line for one
// axis, a heat map for two, none for more) drawn from at most k_html_line_points
// points or k_html_heat_cells x k_html_heat_cells cells, taken at even strides.
class HtmlSweepWriter {
 public:
  // A page for `axes` of `scenario` over a grid of `counts` points per axis, to `out`.
  HtmlSweepWriter(std::ostream& out, const Scenario& scenario, std::vector<SweepAxis> axes,
                  std::vector<std::uint64_t> counts);
  HtmlSweepWriter(const HtmlSweepWriter&) = delete;
  HtmlSweepWriter& operator=(const HtmlSweepWriter&) = delete;
  ~HtmlSweepWriter();

  // The page's head and the table's header.
  void header();
  // The table's end, the chart and the page's end.
  void footer();
  // A row for the point with `values` and its `plan`.
  void row(std::span<const double> values, const Plan& plan);
  // A row for the point with `values` whose plan could not be computed (`error`).
  void row(std::span<const double> values, std::string_view error);
  // Writes what is buffered to the stream.
  void flush();

 private:
  struct Mark {
    std::vector<double> values;
    std::optional<double> figure;
  };
  void add_row(std::span<const double> values, const Plan* plan, std::string_view error);
  [[nodiscard]] bool drawn(std::uint64_t point) const;

  std::ostream& m_out;
  const Scenario& m_scenario;
  std::vector<SweepAxis> m_axes;
  std::vector<std::uint64_t> m_counts;
  std::vector<std::uint64_t> m_strides;  // per axis: every m_strides[a]-th value is drawn
  bool m_wins;                           // the figure drawn: projected wins, else required leads
  std::string m_buffer;
  std::uint64_t m_point = 0;
  std::vector<Mark> m_marks;
};

// `text` safe in HTML text and attribute values: & < > " ' escaped, control
// characters other than tab and line feed shown as U+FFFD.
[[nodiscard]] std::string html_escape(std::string_view text);

}  // namespace leadplan
