#pragma once
// The reports of `leadplan track` (CONTRACT section 9, docs/track.md): the
// actuals against the plan as a table, JSON, CSV, Markdown, or the scenario
// again with its observed rates (`--format scenario`).

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "leadplan/engine/actuals.hpp"
#include "leadplan/model/plan.hpp"
#include "leadplan/model/scenario.hpp"
#include "leadplan/report/report.hpp"

namespace leadplan {

// What a track report shows: the scenario, its plan, the actuals, and the
// channels' names and planned flags by channel index (ChannelMap's final order).
struct TrackReport {
  const Scenario& scenario;
  const Plan& plan;
  const ActualFigures& figures;
  std::vector<std::string> channel_names;
  std::vector<bool> in_plan;
  std::uint64_t min_sample = 30;  // `actuals.min_sample`
  bool spend = false;             // a spend file was given
  std::string leads_file;         // as diagnostics name it
};

// Writes `report` as the JSON object of CONTRACT section 9 (`contract`, `scenario`, `track`).
void write_track_json(std::ostream& out, const TrackReport& report);

// Writes `report` as tables for the terminal: the pace per stage, the channel x
// metric matrix, lead times, and where the funnel leaks in words.
void write_track_table(std::ostream& out, const TrackReport& report, const TableStyle& style);

// Writes `report` as CSV (RFC 4180): one header, a `kind` column (`track`,
// `stage`, `channel`, `channel_stage`, `bottleneck`), every record the same fields.
void write_track_csv(std::ostream& out, const TrackReport& report);

// Writes `report` as GitHub-flavoured Markdown, the table's content.
void write_track_markdown(std::ostream& out, const TrackReport& report);

// Writes the scenario of `report` as YAML with every rate whose step has at
// least `min_sample` mature leads replaced by the observed rate, with its
// evidence (`evidence: {entered, converted}`), ready for `calc`.
void write_track_scenario(std::ostream& out, const TrackReport& report);

// The calendar period of the dates library that a scenario's `period` names.
[[nodiscard]] PeriodKind period_kind(Period period);

// Where the funnel leaks, in sentences: lead volume against its pace, the
// weakest step against its planned rate, and which gap is larger.
[[nodiscard]] std::vector<std::string> track_findings(const TrackReport& report);

}  // namespace leadplan
