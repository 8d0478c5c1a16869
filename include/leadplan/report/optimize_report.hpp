#pragma once
// Optimum -> text: the reports of `leadplan optimize` (CONTRACT section 11,
// docs/optimize.md), in table, JSON, CSV and Markdown.

#include <ostream>

#include "leadplan/engine/optimize.hpp"
#include "leadplan/model/scenario.hpp"
#include "leadplan/report/report.hpp"

namespace leadplan {

// The optimum as advice: per channel current against optimal spend and value,
// the gain, the moves, the marginal cost; colour per `style`.
void write_optimize_table(std::ostream& out, const Scenario& scenario, const Optimum& optimum,
                          const TableStyle& style);

// The JSON object `{contract, scenario, optimize: {...}}`, numbers at full precision.
void write_optimize_json(std::ostream& out, const Scenario& scenario, const Optimum& optimum);

// RFC 4180: a header row, one `channel` row per channel, then one `total` row
// holding the figures of the whole allocation.
void write_optimize_csv(std::ostream& out, const Scenario& scenario, const Optimum& optimum);

// The table's content as GitHub-flavoured Markdown.
void write_optimize_markdown(std::ostream& out, const Scenario& scenario, const Optimum& optimum);

}  // namespace leadplan
