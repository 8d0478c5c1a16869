#pragma once
// The time-phased plan (CONTRACT section 10, docs/timeline.md) in each format of
// `calc`: one function per format, which the plan's reports call once. Each does
// nothing (JSON: writes `null`) when the plan has no timeline.

#include <string>

#include "leadplan/model/plan.hpp"
#include "leadplan/model/scenario.hpp"

namespace leadplan {

class JsonWriter;

// Writes the key `timeline` and its object into the open object of `json`:
// `start`, `periods[]` (`label`, `start`, `counts[]`, `spend`, `allowable_cpl`),
// `before_start[]`, `total[]`; `null` without a timeline.
void write_timeline_json(JsonWriter& json, const Scenario& scenario, const Plan& plan);

// Appends the timeline table to `text`: the before-start row, one row per
// period (counts with one decimal, spend and allowable CPL when they apply),
// the total row; headers wrapped in `bold_on`/`bold_off`.
void append_timeline_table(std::string& text, const Scenario& scenario, const Plan& plan,
                           const std::string& bold_on = {}, const std::string& bold_off = {});

// Appends the same table as GitHub-flavoured Markdown to `text`.
void append_timeline_markdown(std::string& text, const Scenario& scenario, const Plan& plan);

// `csv` (a plan's whole CSV: one header, then records ending in LF) with the
// timeline added: five more columns, `period`, `period_start`, `count`,
// `period_spend`, `period_allowable_cpl` (empty on the other records), then one
// `period` record per period and stage, one `before_start` and one
// `timeline_total` record per stage. Unchanged without a timeline.
[[nodiscard]] std::string with_timeline_csv(std::string csv, const Scenario& scenario,
                                            const Plan& plan);

}  // namespace leadplan
