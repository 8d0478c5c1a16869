#pragma once
// `leadplan track SCENARIO --leads FILE [--spend FILE] [--as-of DATE]`: the
// CRM's actuals against the plan (CONTRACT section 9).

#include <optional>
#include <string>
#include <vector>

#include "leadplan/cli/common.hpp"
#include "leadplan/engine/actuals.hpp"

namespace leadplan::cli {

enum class TrackFormat { table, json, csv, markdown, scenario };

// The files `track` (and `check --leads`) read beside the scenario.
struct ActualsFiles {
  std::string leads;  // a path, or `-` for stdin; empty: none
  std::string spend;  // empty: none
  std::string as_of;  // empty: the latest date in the export
};

// Options of `track`.
struct TrackOptions {
  std::string scenario;  // a path, or `-` for stdin
  ActualsFiles files;
  TrackFormat format = TrackFormat::table;
  CommonOptions common;
};

// The actuals of an analysed scenario, with its channels' names (final order).
struct Tracking {
  ActualFigures figures;
  std::vector<std::string> channel_names;
  std::vector<bool> in_plan;
  std::string leads_file;  // as diagnostics name it
  bool spend = false;
};

// Adds `--leads`, `--spend` and `--as-of` to `command`, bound to `files`.
void add_actuals_options(CLI::App& command, ActualsFiles& files, bool leads_required);

// Reads `files` against `analysis`: every problem of the scenario's `actuals:`,
// the export and the spend file in one InputError.
[[nodiscard]] Tracking track_actuals(const Analysis& analysis, const ActualsFiles& files);

// Adds the `track` subcommand to `app`; `exit_code` receives its result when it runs.
void setup_track(CLI::App& app, int& exit_code);

// Runs `track` with `options`: 0; throws InputError.
[[nodiscard]] int run_track(const TrackOptions& options);

}  // namespace leadplan::cli
