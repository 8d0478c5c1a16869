#pragma once
// `--format xlsx` in an executable built without libxlsxwriter (the static one).

#include <string>

namespace leadplan::cli {

// Checks that a workbook may be written where `output` goes (never raw to a
// terminal: throws Error, exit 2), then, when this executable has no XLSX writer,
// runs `leadplan-xlsx` beside it with this run's arguments; returns only when the
// writer is linked in. Throws Error when neither is there.
void prepare_xlsx(const std::string& output);

}  // namespace leadplan::cli
