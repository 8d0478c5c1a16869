#pragma once
// Simulated CRM exports in memory, for the benchmarks of `track`'s reader, date
// parser and engine: the same shape as scripts/gen_crm_export.py's HubSpot
// style (14 columns, 6 of them dates, quoted company names and titles, some
// with commas, doubled quotes or a line break), about
// 150 bytes a row, made in C++ so that a benchmark needs no file.

#include <cstddef>
#include <cstdint>
#include <string>

#include "leadplan/engine/actuals.hpp"

namespace leadplan::bench {

// A HubSpot-style export of `rows` leads (header included), the same for the same arguments.
[[nodiscard]] std::string crm_export_text(std::size_t rows, std::uint64_t seed = 1);

// The column numbers of the export's stage dates (Create Date ... Became a Customer Date)
// and of `Original Source`.
inline constexpr std::size_t k_stage_columns[] = {6, 7, 8, 9, 10};
inline constexpr std::size_t k_source_column = 12;

// A table of `leads` simulated leads through `stages` stages over 180 days
// before 2027-03-15, with 7 channels, the same for the same arguments.
[[nodiscard]] LeadTable simulated_leads(std::size_t leads, std::size_t stages,
                                        std::uint64_t seed = 1);

// The day number of 2027-03-15, the simulations' as-of date.
inline constexpr std::int32_t k_bench_as_of = 20892;

}  // namespace leadplan::bench
