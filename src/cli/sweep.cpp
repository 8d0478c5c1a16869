#include "leadplan/cli/sweep.hpp"

#include <unistd.h>

#include <algorithm>
#include <charconv>

#include <fmt/format.h>
#include <CLI/App.hpp>

#include "leadplan/cli/output.hpp"
#include "leadplan/engine/engine.hpp"
#include "leadplan/engine/grid.hpp"
#include "leadplan/load/paths.hpp"
#include "leadplan/load/source.hpp"
#include "leadplan/report/html_report.hpp"
#include "leadplan/report/sweep_report.hpp"

namespace leadplan::cli {

namespace {

// Diagnostics about `--vary` options name the option as their file and the
// option's position (1-based) as their line, as `--set` ones do.
constexpr std::string_view k_vary_file = "--vary";
constexpr std::string_view k_set_file = "--set";

// One `--vary PATH=FROM:TO:STEP` option, read.
struct VaryOption {
  std::string path;
  std::string range;
  PathInfo info;
};

// One axis of the grid, resolved on the loaded scenario.
struct GridAxis {
  std::string path;
  ValueKind kind = ValueKind::count;
  std::string key;  // as messages name it ("rate")
  Range range;
  NumericField field;
  bool affects_rules = false;  // a share, the budget or a minimum spend: rules across keys
};

Diagnostic vary_error(std::size_t index, int column, std::string message, std::string hint = {}) {
  return Diagnostic{std::string(k_vary_file), static_cast<int>(index), column, std::move(message),
                    std::move(hint)};
}

std::vector<VaryOption> read_specs(const std::vector<std::string>& varies) {
  std::vector<VaryOption> specs;
  std::vector<Diagnostic> problems;
  for (std::size_t i = 0; i < varies.size(); ++i) {
    const std::string& argument = varies[i];
    const std::size_t equals = argument.find('=');
    if (equals == std::string::npos || equals == 0) {
      problems.push_back(vary_error(
          i + 1, 1, fmt::format("`--vary {}` must have the form PATH=FROM:TO:STEP", argument),
          "e.g. `--vary funnel.mql.rate=10%:40%:5%`"));
      continue;
    }
    VaryOption spec{argument.substr(0, equals), argument.substr(equals + 1), {}};
    spec.info = describe_path(spec.path);
    if (spec.info.known && (!spec.info.kind || !spec.info.varies)) {
      problems.push_back(vary_error(
          i + 1, 1,
          spec.info.kind ? fmt::format("`{}` cannot be varied", spec.path)
                         : fmt::format("`{}` is not a number and cannot be varied", spec.path),
          "vary a rate, an amount or a count, e.g. `budget` or "
          "`funnel.mql.rate`"));
      continue;
    }
    for (const VaryOption& before : specs) {
      if (before.path == spec.path) {
        problems.push_back(vary_error(i + 1, 1, fmt::format("`{}` is varied twice", spec.path),
                                      "give one `--vary` per path"));
      }
    }
    specs.push_back(std::move(spec));
  }
  if (!problems.empty()) {
    throw InputError(std::move(problems));
  }
  return specs;
}

// Loads the scenario with the `--set` overrides, then each varied path set to a
// valid stand-in value with `--set` semantics (a target form switches, a missing
// key is added); the loader's problems with those paths are reported as `--vary` ones.
Scenario load(const Source& source, const std::vector<std::string>& sets,
              const std::vector<VaryOption>& specs) {
  std::vector<Override> overrides = parse_overrides(sets);
  overrides.reserve(sets.size() + specs.size());
  for (const VaryOption& spec : specs) {
    overrides.push_back(
        Override{spec.path, placeholder_value(spec.info.kind.value_or(ValueKind::count))});
  }
  try {
    return load_scenario(source, overrides);
  } catch (const InputError& e) {
    std::vector<Diagnostic> diagnostics = e.diagnostics();
    const auto set_count = static_cast<int>(sets.size());
    for (Diagnostic& d : diagnostics) {
      if (d.file == k_set_file && d.line > set_count) {
        d.file = std::string(k_vary_file);
        d.line -= set_count;
      }
    }
    throw InputError(std::move(diagnostics));
  }
}

std::vector<GridAxis> resolve_axes(Scenario& scenario, const std::vector<VaryOption>& specs) {
  std::vector<GridAxis> axes;
  std::vector<Diagnostic> problems;
  std::uint64_t points = 1;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const VaryOption& spec = specs[i];
    const std::optional<NumericField> field = resolve_numeric_path(scenario, spec.path);
    if (!field || !spec.info.kind) {
      problems.push_back(vary_error(i + 1, 1, fmt::format("unknown path `{}`", spec.path)));
      continue;
    }
    const std::string& key = spec.info.key;
    RangeResult parsed = parse_range(spec.range, key, *spec.info.kind);
    if (!parsed.range) {
      problems.push_back(vary_error(i + 1, static_cast<int>(spec.path.size()) + 2,
                                    std::move(parsed.message), std::move(parsed.hint)));
      continue;
    }
    const std::uint64_t count = parsed.range->count();
    points = count > k_max_sweep_points ? k_max_sweep_points + 1
                                        : std::min(points * count, k_max_sweep_points + 1);
    const bool affects_rules = *spec.info.kind == ValueKind::share || spec.info.key == "budget" ||
                               spec.info.key == "min_spend";
    axes.push_back(GridAxis{spec.path, *spec.info.kind, key, *parsed.range, *field, affects_rules});
  }
  if (problems.empty() && points > k_max_sweep_points) {
    problems.push_back(
        vary_error(1, 1, fmt::format("the grid has more than {} points", k_max_sweep_points),
                   "use fewer values per axis: a larger STEP or a narrower range"));
  }
  if (!problems.empty()) {
    throw InputError(std::move(problems));
  }
  return axes;
}

// "\rsweep: 42% (420,000 of 1,000,000 points)" on stderr, redrawn each percent.
class Progress {
 public:
  Progress(std::uint64_t total, bool enabled) : m_total(total), m_enabled(enabled) {
    if (m_enabled) {
      draw(0);
    }
  }
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;
  ~Progress() {
    if (m_enabled) {
      write("\r\x1b[K");
    }
  }

  void update(std::uint64_t done) {
    if (m_enabled && done >= m_next) {
      draw(done);
    }
  }

 private:
  void draw(std::uint64_t done) {
    const std::uint64_t percent = done * 100 / m_total;
    m_next = (percent + 1) * m_total / 100;
    constexpr int k_width = 30;
    const auto filled = static_cast<int>(percent * k_width / 100);
    write(fmt::format("\rsweep [{}{}] {:3}% ({} of {} points)",
                      std::string(static_cast<std::size_t>(filled), '#'),
                      std::string(static_cast<std::size_t>(k_width - filled), ' '), percent, done,
                      m_total));
  }

  static void write(std::string_view text) {
    // Best effort: a progress bar that cannot be drawn is no error.
    [[maybe_unused]] const ssize_t written = ::write(STDERR_FILENO, text.data(), text.size());
  }

  std::uint64_t m_total;
  std::uint64_t m_next = 0;
  bool m_enabled;
};

SweepFormat sweep_format(Format format) {
  switch (format) {
    case Format::csv:
      return SweepFormat::csv;
    case Format::json:
      return SweepFormat::json;
    case Format::jsonl:
      return SweepFormat::jsonl;
    case Format::markdown:
      return SweepFormat::markdown;
    case Format::table:
    case Format::html:  // HtmlSweepWriter
    case Format::xlsx:  // offered by calc only
      break;
  }
  return SweepFormat::table;
}

// The first rule across keys (shares above 100% in total...) the point breaks,
// worded as the loader words it; empty when none.
std::string rule_problem(const Scenario& scenario) {
  const std::vector<ScenarioRuleProblem> problems = scenario_rule_problems(scenario);
  return problems.empty() ? std::string() : problems.front().message;
}

}  // namespace

void setup_sweep(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<SweepOptions>();
  CLI::App* command = app.add_subcommand(
      "sweep", "The plan over a grid of values: one row per point (first --vary outermost)");
  command->add_option("scenario", options->scenario, "Scenario file (YAML), or - for stdin")
      ->required()
      ->option_text("SCENARIO");
  command
      ->add_option("--vary", options->varies,
                   "Vary one numeric value: PATH=FROM:TO:STEP (repeatable, one per axis), "
                   "e.g. funnel.mql.rate=10%:40%:5%")
      ->required()
      ->option_text("PATH=FROM:TO:STEP")
      ->allow_extra_args(false);
  command->add_flag("--no-progress", options->no_progress,
                    "No progress bar on stderr (drawn only on a terminal, for large grids)");
  add_common_options(
      *command, options->common,
      {Format::table, Format::json, Format::jsonl, Format::csv, Format::markdown, Format::html});
  command->callback([options, &exit_code]() { exit_code = run_sweep(*options); });
}

int run_sweep(const SweepOptions& options) {
  const std::vector<VaryOption> specs = read_specs(options.varies);
  // Opened before the grid is computed: a bad -o fails before any work.
  Output output(options.common.output);
  const Source source = read_source(options.scenario);
  remember_source(source);
  Scenario scenario = load(source, options.common.sets, specs);
  const std::vector<GridAxis> axes = resolve_axes(scenario, specs);

  std::uint64_t total = 1;
  std::vector<SweepAxis> columns;
  std::vector<std::uint64_t> counts;
  bool checks_rules = false;
  for (const GridAxis& axis : axes) {
    total *= axis.range.count();
    counts.push_back(axis.range.count());
    columns.push_back(SweepAxis{axis.path,
                                axis.kind == ValueKind::rate || axis.kind == ValueKind::share ||
                                    axis.kind == ValueKind::ratio ||
                                    axis.kind == ValueKind::probability,
                                axis.kind == ValueKind::money});
    checks_rules = checks_rules || axis.affects_rules;
  }

  const bool to_terminal = writes_to_stdout(options.common.output) && ::isatty(STDOUT_FILENO) == 1;
  // The grid walked into either writer: the streamed formats, or the HTML page.
  const auto walk = [&](auto& writer) {
    writer.header();
    Progress progress(total, !options.no_progress && total >= k_progress_points &&
                                 ::isatty(STDERR_FILENO) == 1 && !to_terminal);

    // An axis's value, field and validity are updated only when its index moves.
    const std::size_t n = axes.size();
    std::vector<double> values(n, 0.0);
    std::vector<std::string> problems(n);
    std::string rule;
    Plan plan;
    GridWalker grid(counts);
    std::uint64_t point = 0;
    do {
      bool rules_changed = point == 0;
      for (std::size_t a = grid.changed_from(); a < n; ++a) {
        const GridAxis& axis = axes[a];
        const std::uint64_t at = grid.index()[a];
        values[a] = axis.range.value(at);
        axis.field.set(values[a]);
        rules_changed = rules_changed || axis.affects_rules;
        if (check_range(axis.key, values[a], axis.range.percent(), axis.kind, {}).value) {
          problems[a].clear();
        } else {
          // The message with its hint: "`rate` `20` is above 1; write `20%` or `0.2`".
          ValueResult bad = check_range(axis.key, values[a], axis.range.percent(), axis.kind,
                                        axis.range.text(at));
          problems[a] = bad.hint.empty() ? std::move(bad.message) : bad.message + "; " + bad.hint;
        }
      }
      if (checks_rules && rules_changed) {
        rule = rule_problem(scenario);
      }
      const auto invalid = std::find_if(problems.begin(), problems.end(),
                                        [](const std::string& p) { return !p.empty(); });
      if (invalid != problems.end()) {
        writer.row(values, *invalid);
      } else if (!rule.empty()) {
        writer.row(values, rule);
      } else if (const std::optional<PlanProblem> problem = evaluate(scenario, plan)) {
        writer.row(values, problem->message);
      } else {
        writer.row(values, plan);
      }
      progress.update(++point);
    } while (grid.next());
    writer.footer();
    writer.flush();
  };
  if (options.common.format == Format::html) {
    HtmlSweepWriter writer(output.stream(), scenario, std::move(columns), counts);
    walk(writer);
  } else {
    SweepWriter writer(output.stream(), sweep_format(options.common.format), scenario,
                       std::move(columns), use_color(options.common));
    walk(writer);
  }
  output.commit();
  return 0;
}

}  // namespace leadplan::cli
