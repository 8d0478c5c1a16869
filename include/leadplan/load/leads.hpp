#pragma once
// The files of `leadplan track` read into what the actuals engine counts: a
// leads export into a LeadTable, a spend file into SpendEntry rows, each cell
// problem located at FILE:LINE:COLUMN and naming its column (CONTRACT section 9).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "leadplan/engine/actuals.hpp"
#include "leadplan/load/channel_map.hpp"
#include "leadplan/load/csv.hpp"
#include "leadplan/model/diagnostic.hpp"
#include "leadplan/model/scenario.hpp"

namespace leadplan {

// A leads export as the engine takes it.
struct LeadsFile {
  LeadTable table;
  // The earliest and latest date of any mapped stage column (nullopt: no date at all).
  std::optional<std::int32_t> earliest;
  std::optional<std::int32_t> latest;
};

// Reads the leads export `input`, whose columns `actuals` names for `stages`,
// mapping each channel value through `channels`. Every problem is appended to
// `problems` (stopping at k_max_collected); the table holds the rows read.
[[nodiscard]] LeadsFile read_leads(CsvInput input, const Actuals& actuals,
                                   const std::vector<Stage>& stages, ChannelMap& channels,
                                   std::vector<Diagnostic>& problems);

// Reads the spend file `input` (header `channel,date,amount` or
// `channel,month,amount`), mapping channel values through `channels`; problems
// are appended to `problems`.
[[nodiscard]] std::vector<SpendEntry> read_spend(CsvInput input, ChannelMap& channels,
                                                 std::vector<Diagnostic>& problems);

// Parses the `--as-of` argument `text` (a date cell's format); throws InputError
// located at `--as-of:1:1` when it is not one.
[[nodiscard]] std::int32_t parse_as_of(const std::string& text);

}  // namespace leadplan
