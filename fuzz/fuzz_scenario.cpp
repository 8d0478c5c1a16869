// libFuzzer target over the whole pipeline a scenario goes through: the loader
// (with --set overrides), the engine, every report and the diagnostics printer.
// It checks invariants, not only survival: a scenario that loads gives a plan
// whose figures are finite, whose required counts are positive and do not grow
// down the funnel, and whose JSON parses back to the same numbers.
//
// Input: the scenario text; lines after a line `#--set` are `--set` overrides
// (a YAML comment, so seeds stay valid scenarios). A scenario that starts with
// `#repeat ` is that line's rest, then everything after it repeated to 64 KiB
// (`#repeat x: [` and `,` make 64 KiB of `x: [,,,...`): a piece of text whose
// cost grows faster than its length then runs past the per-input time limit
// of scripts/fuzz.sh, where a few bytes of it would pass unnoticed.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "leadplan/cli/common.hpp"
#include "leadplan/engine/engine.hpp"
#include "leadplan/engine/optimize.hpp"
#include "leadplan/engine/timeline.hpp"
#include "leadplan/load/scenario_loader.hpp"
#include "leadplan/model/diagnostic.hpp"
#include "leadplan/report/html_report.hpp"
#include "leadplan/report/optimize_report.hpp"
#include "leadplan/report/report.hpp"

namespace {

using namespace leadplan;

// Fails the run loudly: libFuzzer records the input as a crash.
[[noreturn]] void violated(const char* what) {
  std::fprintf(stderr, "invariant violated: %s\n", what);
  std::abort();
}

void expect(bool condition, const char* what) {
  if (!condition) {
    violated(what);
  }
}

bool finite(const std::optional<double>& x) {
  return !x || std::isfinite(*x);
}

// Every diagnostic names its place (1-based) and says something.
void check_diagnostics(const std::vector<Diagnostic>& diagnostics, const Source& source,
                       std::size_t overrides) {
  expect(!diagnostics.empty(), "an InputError carries at least one diagnostic");
  const auto lines = static_cast<int>(std::count(source.text.begin(), source.text.end(), '\n')) + 1;
  for (const Diagnostic& d : diagnostics) {
    expect(d.line >= 1 && d.column >= 1, "diagnostic lines and columns are 1-based");
    expect(!d.message.empty(), "a diagnostic has a message");
    if (d.file == source.name) {
      expect(d.line <= lines + 1, "a diagnostic's line is in the file");
    } else {
      expect(d.file == "--set", "a diagnostic is in the file or in a --set");
      expect(d.line <= static_cast<int>(std::max<std::size_t>(overrides, 1)),
             "a --set diagnostic names an existing --set");
    }
  }
  // The printers: text with excerpts, and JSON that parses back.
  std::ostringstream text;
  cli::print_diagnostics(text, diagnostics, cli::DiagnosticsMode::text, true);
  expect(!text.str().empty(), "diagnostics print something");
  std::ostringstream json;
  cli::print_diagnostics(json, diagnostics, cli::DiagnosticsMode::json, false);
  const nlohmann::json parsed = nlohmann::json::parse(json.str());
  const auto& list = parsed.at("diagnostics");
  expect(list.size() == std::min(diagnostics.size(), k_max_diagnostics),
         "JSON diagnostics are capped");
  expect(parsed.at("omitted").get<std::size_t>() + list.size() == diagnostics.size(),
         "JSON diagnostics count the rest");
  for (const auto& d : list) {
    expect(d.at("line").get<int>() >= 1 && d.at("column").get<int>() >= 1,
           "JSON places are 1-based");
    expect(!d.at("message").get<std::string>().empty(), "JSON diagnostics have messages");
  }
}

void check_plan(const Scenario& s, const Plan& plan) {
  const std::size_t n = s.stages.size();
  expect(n >= 2 && plan.stages.size() == n, "a plan has a figure per stage, at least 2");
  expect(plan.wins == plan.stages[n - 1].required, "the last stage requires the target wins");
  for (std::size_t i = 0; i < n; ++i) {
    const double required = plan.stages[i].required;
    expect(std::isfinite(required) && required > 0.0 && required <= k_max_count,
           "required counts are finite, positive, at most 1e15");
    if (i > 0) {
      expect(plan.stages[i - 1].required >= required,
             "required counts do not grow down the funnel");
      expect(s.stages[i].rate > 0.0 && s.stages[i].rate <= 1.0, "rates are in (0, 1]");
    }
    if (s.rounding == Rounding::ceil && i + 1 < n) {
      expect(required == std::floor(required),
             "with rounding ceil, counts above the target are whole");
    }
    expect(finite(plan.stages[i].allowable_cost), "allowable costs are finite");
    expect(plan.stages[i].allowable_cost.has_value() == s.budget.has_value(),
           "allowable costs exactly with a budget");
  }
  expect(finite(plan.allowable_cpl) && finite(plan.revenue), "target figures are finite");
  expect(plan.channels.size() == s.channels.size(), "a plan has a figure per channel");
  for (const ChannelPlan& c : plan.channels) {
    expect(std::isfinite(c.effective_cpl) && c.effective_cpl > 0.0, "effective CPLs are finite");
    expect(finite(c.budget) && finite(c.leads) && finite(c.spend), "channel figures are finite");
    expect(!c.leads || (*c.leads >= 0.0 && *c.leads <= k_max_count), "channel leads are in range");
  }
  expect(plan.mix.has_value() == !s.channels.empty(), "a mix exactly with channels");
  if (plan.mix) {
    const Mix& m = *plan.mix;
    for (const auto& f : {m.leads, m.spend, m.blended_cpl, m.blended_effective_cpl,
                          m.projected_wins, m.coverage, m.budget_needed}) {
      expect(finite(f), "mix figures are finite");
    }
    for (double p : m.projected) {
      expect(std::isfinite(p) && p >= 0.0, "projected counts are finite");
    }
    expect(m.projected.empty() || m.projected.size() == n, "projected counts per stage");
  }
  expect(plan.bottleneck.stage < n, "the bottleneck is a stage");
  expect(plan.bottleneck.kind == BottleneckKind::capacity || plan.bottleneck.stage >= 1,
         "a conversion bottleneck is a step");
  expect(std::isfinite(plan.bottleneck.ratio), "the bottleneck ratio is finite");
}

// The JSON report parses back, with the same figures and no null where a figure is due.
void check_json(const Scenario& s, const Plan& plan) {
  std::ostringstream out;
  write_json(out, s, plan);
  const nlohmann::json json = nlohmann::json::parse(out.str());
  expect(json.at("contract") == 2, "contract is 2");
  const auto& stages = json.at("stages");
  expect(stages.size() == s.stages.size(), "JSON has every stage");
  for (std::size_t i = 0; i < stages.size(); ++i) {
    const auto& required = stages[i].at("required");
    expect(required.is_number(), "required is a number in JSON");
    expect(required.get<double>() == plan.stages[i].required, "required reads back exactly");
    expect(stages[i].at("name").get<std::string>() == s.stages[i].name, "names read back");
  }
  expect(json.at("target").at("wins").get<double>() == plan.wins, "wins read back exactly");
  expect(json.at("channels").size() == s.channels.size(), "JSON has every channel");
  for (const auto& channel : json.at("channels")) {
    expect(channel.at("effective_cpl").is_number(), "effective_cpl is a number");
  }
  expect(json.at("bottleneck").at("kind").is_string(), "the bottleneck has a kind");
}

// The human formats render without throwing and never print inf or nan figures.
// Names could contain "inf" themselves: the check renders a copy whose names are
// neutral, so any "inf" or "nan" left can only be a figure.
void check_human_formats(const Scenario& s, const Plan& plan) {
  Scenario neutral = s;
  neutral.name = "x";
  for (std::size_t i = 0; i < neutral.stages.size(); ++i) {
    neutral.stages[i].name = "s" + std::to_string(i);
  }
  for (std::size_t i = 0; i < neutral.channels.size(); ++i) {
    neutral.channels[i].name = "c" + std::to_string(i);
  }
  for (const Scenario* scenario : {&s, static_cast<const Scenario*>(&neutral)}) {
    std::ostringstream table;
    write_table(table, *scenario, plan, TableStyle{scenario == &s});
    std::ostringstream csv;
    write_csv(csv, *scenario, plan);
    std::ostringstream markdown;
    write_markdown(markdown, *scenario, plan);
    std::ostringstream html;
    write_html(html, *scenario, plan);
    // Names are user input: escaped, no markup of theirs reaches the page.
    expect(html.str().find("<script") == std::string::npos,
           "html has no script, whatever the names");
    if (scenario == &neutral) {
      for (const std::string& text : {table.str(), csv.str(), markdown.str(), html.str()}) {
        expect(text.find("inf") == std::string::npos && text.find("nan") == std::string::npos,
               "human formats print no inf or nan");
      }
    }
  }
}

// The optimum (docs/optimize.md): finite, within the budget and the channels'
// bounds, never below the shares when no minimum binds them; its reports print
// no inf or nan figure and its JSON parses.
void check_optimize(const Scenario& s, const Plan& plan) {
  if (s.channels.empty()) {
    return;
  }
  const Objective wins{"wins", s.stages.size() - 1, false};
  const OptimizeMode mode = s.budget ? OptimizeMode::budget : OptimizeMode::target;
  const Optimum o = optimize(s, plan, wins, mode);
  bool minimums = false;
  for (std::size_t i = 0; i < s.channels.size(); ++i) {
    const ChannelAllocation& c = o.channels[i];
    for (double f : {c.spend, c.leads, c.value, c.current_spend, c.current_value}) {
      expect(std::isfinite(f) && f >= 0.0, "optimize: channel figures are finite");
    }
    if (s.channels[i].max_spend) {
      expect(c.spend <= *s.channels[i].max_spend * (1.0 + 1e-9), "optimize: within max_spend");
    }
    minimums = minimums || s.channels[i].min_spend.has_value();
  }
  expect(std::isfinite(o.value) && std::isfinite(o.spend), "optimize: totals are finite");
  if (mode == OptimizeMode::budget) {
    expect(o.spend <= *s.budget * (1.0 + 1e-9), "optimize: within the budget");
    expect(minimums || o.value >= o.current_value * (1.0 - 1e-9),
           "optimize: never below the shares");
  }
  Scenario neutral = s;
  neutral.name = "x";
  for (std::size_t i = 0; i < neutral.stages.size(); ++i) {
    neutral.stages[i].name = "s" + std::to_string(i);
  }
  for (std::size_t i = 0; i < neutral.channels.size(); ++i) {
    neutral.channels[i].name = "c" + std::to_string(i);
  }
  std::ostringstream table;
  write_optimize_table(table, neutral, o, TableStyle{false});
  std::ostringstream csv;
  write_optimize_csv(csv, neutral, o);
  std::ostringstream markdown;
  write_optimize_markdown(markdown, neutral, o);
  for (const std::string& text : {table.str(), csv.str(), markdown.str()}) {
    expect(text.find("inf") == std::string::npos && text.find("nan") == std::string::npos,
           "optimize prints no inf or nan");
  }
  std::ostringstream json;
  write_optimize_json(json, s, o);
  expect(
      nlohmann::json::parse(json.str()).at("optimize").at("channels").size() == s.channels.size(),
      "optimize JSON has every channel");
}

// `text`, or, when it starts with `#repeat `, its first line's rest followed by
// the lines after it repeated to 64 KiB.
std::string expanded(std::string_view text) {
  constexpr std::string_view k_repeat = "#repeat ";
  constexpr std::size_t k_size = std::size_t{64} * 1024;
  if (text.substr(0, k_repeat.size()) != k_repeat) {
    return std::string(text);
  }
  const std::size_t newline = text.find('\n');
  if (newline == std::string_view::npos || newline + 1 == text.size()) {
    return std::string(text);
  }
  std::string out(text.substr(k_repeat.size(), newline - k_repeat.size()));
  const std::string_view unit = text.substr(newline + 1);
  out.reserve(k_size + unit.size());
  while (out.size() < k_size) {
    out += unit;
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  constexpr std::string_view k_marker = "\n#--set\n";
  const std::size_t marker = input.find(k_marker);
  Source source{"fuzz.yaml", expanded(input.substr(0, marker))};
  std::vector<Override> overrides;
  if (marker != std::string_view::npos) {
    std::string_view rest = input.substr(marker + k_marker.size());
    while (!rest.empty() && overrides.size() < 8) {
      const std::size_t end = rest.find('\n');
      const std::string line(rest.substr(0, end));
      rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
      try {
        overrides.push_back(parse_overrides({line}).front());
      } catch (const InputError& e) {
        expect(!e.diagnostics().empty(), "a bad --set is reported");
      }
    }
  }
  cli::remember_source(source);
  Scenario scenario;
  try {
    scenario = load_scenario(source, overrides);
  } catch (const InputError& e) {
    check_diagnostics(e.diagnostics(), source, overrides.size());
    return 0;
  }
  Plan plan;
  if (const auto problem = evaluate(scenario, plan)) {
    expect(!problem->message.empty(), "a plan problem says what it is");
    return 0;
  }
  if (scenario.timeline) {  // as `analyse` does for calc (docs/timeline.md)
    if (const auto problem = compute_timeline(scenario, plan, plan.timeline.emplace())) {
      expect(!problem->message.empty(), "a timeline problem says what it is");
      return 0;
    }
  }
  check_plan(scenario, plan);
  check_json(scenario, plan);
  check_human_formats(scenario, plan);
  check_optimize(scenario, plan);
  // evaluate() reuses the plan's storage: a second run gives the same plan.
  Plan again = plan;
  expect(!evaluate(scenario, again), "evaluate is deterministic");
  expect(again.stages.size() == plan.stages.size() && again.wins == plan.wins, "same plan twice");
  return 0;
}
