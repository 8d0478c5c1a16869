#pragma once
// Plan -> an XLSX workbook that is the plan as a live spreadsheet model (CONTRACT
// 13, docs/reports.md): an Inputs sheet with every scenario value, Plan and
// Channels sheets whose cells are formulas over the inputs, each with leadplan's
// figure as its cached value. Built on libxlsxwriter, in its own library
// (leadplan_xlsx): Debian ships libxlsxwriter shared only, so the static
// executable leaves it out and hands `--format xlsx` to `leadplan-xlsx`.

#include <ostream>

#include "leadplan/model/plan.hpp"
#include "leadplan/model/scenario.hpp"

namespace leadplan {

// Writes the workbook of `plan` for `scenario` to `out` (the bytes of an .xlsx
// file, the same bytes for the same input). Declared weak: null in an executable
// linked without leadplan_xlsx.
[[gnu::weak]] void write_xlsx(std::ostream& out, const Scenario& scenario, const Plan& plan);

}  // namespace leadplan
