#include "leadplan/cli/common.hpp"

#include "leadplan/report/report.hpp"

#include <unistd.h>

#include <cstdlib>
#include <map>

#include <fmt/format.h>
#include <CLI/App.hpp>
#include <CLI/Config.hpp>
#include <CLI/Formatter.hpp>

#include "leadplan/cli/output.hpp"
#include "leadplan/engine/engine.hpp"
#include "leadplan/engine/timeline.hpp"
#include "leadplan/load/document.hpp"
#include "leadplan/load/schema.hpp"
#include "leadplan/report/format.hpp"
#include "leadplan/report/json_writer.hpp"

namespace leadplan::cli {

namespace {

const char* format_name(Format format) {
  switch (format) {
    case Format::table:
      return "table";
    case Format::json:
      return "json";
    case Format::csv:
      return "csv";
    case Format::markdown:
      return "markdown";
    case Format::jsonl:
      return "jsonl";
    case Format::html:
      return "html";
    case Format::xlsx:
      return "xlsx";
  }
  return "table";
}

// Sources read in this run, by diagnostic file name, for the excerpt under an error.
std::map<std::string, std::string>& sources() {
  static std::map<std::string, std::string> texts;
  return texts;
}

std::string_view line_of(const std::string& text, int line) {
  std::size_t start = 0;
  for (int i = 1; i < line; ++i) {
    start = text.find('\n', start);
    if (start == std::string::npos) {
      return {};
    }
    ++start;
  }
  const std::size_t end = text.find('\n', start);
  std::string_view view(text);
  view = view.substr(start, end == std::string::npos ? std::string_view::npos : end - start);
  if (!view.empty() && view.back() == '\r') {
    view.remove_suffix(1);
  }
  if (line == 1 && view.substr(0, 3) == "\xEF\xBB\xBF") {
    view.remove_prefix(3);  // the byte order mark is no character of the line
  }
  return view;
}

// The character at byte `i` of `text` as it may reach a terminal: itself, or
// `?` for what must not be sent raw (invalid UTF-8, control characters but tab,
// DEL, C1), so that a hostile file or name cannot move the cursor or recolour
// the terminal. `length` receives the bytes it spans.
std::string_view printable_character(std::string_view text, std::size_t i, std::size_t& length) {
  const auto c = static_cast<unsigned char>(text[i]);
  length = c < 0x80 ? 1 : c >= 0xF8 ? 0 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
  bool ok = length > 0 && i + length <= text.size();
  std::uint32_t code = length == 1 ? c : c & (0xFFu >> (length + 1));
  for (std::size_t k = 1; ok && k < length; ++k) {
    const auto next = static_cast<unsigned char>(text[i + k]);
    ok = (next & 0xC0) == 0x80;
    code = (code << 6) | (next & 0x3Fu);
  }
  if (!ok) {
    length = 1;
    return "?";
  }
  if ((code < 0x20 && code != '\t') || (code >= 0x7F && code <= 0x9F)) {
    return "?";
  }
  return text.substr(i, length);
}

// `text` safe for a terminal, tabs as spaces.
std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t length = 0;
  for (std::size_t i = 0; i < text.size(); i += length) {
    const std::string_view c = printable_character(text, i, length);
    out += c == "\t" ? std::string_view(" ") : c;
  }
  return out;
}

// The excerpt under a diagnostic: the source line and a caret under `column`
// (in characters), tabs kept so that the caret lines up; a line longer than
// k_width characters is cut to a window around the column, with `...`.
std::string excerpt_of(std::string_view line, int column) {
  constexpr std::size_t k_width = 160;   // longest line shown whole
  constexpr std::size_t k_window = 140;  // characters shown of a longer one
  constexpr std::size_t k_before = 60;   // of which before the caret
  const std::size_t caret = static_cast<std::size_t>(std::max(column - 1, 0));
  // Count the characters (only as far as needed: a line may be megabytes long).
  std::size_t count = 0;
  std::size_t length = 0;
  for (std::size_t i = 0; i < line.size() && count <= caret + k_width; i += length) {
    printable_character(line, i, length);
    ++count;
  }
  std::size_t begin = 0;
  std::size_t end = count;
  if (count > k_width) {
    begin = caret > k_before ? caret - k_before : 0;
    begin = std::min(begin, count - std::min(count, k_window));
    end = std::min(count, begin + k_window);
  }
  std::string text = begin > 0 ? "  ..." : "  ";
  std::string marker = begin > 0 ? "     " : "  ";
  std::size_t index = 0;
  for (std::size_t i = 0; i < line.size() && index < end; i += length, ++index) {
    const std::string_view c = printable_character(line, i, length);
    if (index < begin) {
      continue;
    }
    text += c;
    if (index < caret) {
      marker += c == "\t" ? '\t' : ' ';
    }
  }
  if (end < count || count > caret + k_width) {
    text += "...";
  }
  if (caret > end) {
    marker.append(caret - end, ' ');
  }
  return text + "\n" + marker + "^\n";
}

// GitHub's workflow-command escaping for property values and messages.
std::string github_escape(std::string_view text, bool property) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '%':
        out += "%25";
        break;
      case '\r':
        out += "%0D";
        break;
      case '\n':
        out += "%0A";
        break;
      case ':':
        out += property ? "%3A" : ":";
        break;
      case ',':
        out += property ? "%2C" : ",";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

// Whether diagnostics and failed checks are also GitHub annotations.
bool github_actions() {
  const char* github = std::getenv("GITHUB_ACTIONS");
  return github != nullptr && std::string_view(github) == "true";
}

// A GitHub `::error` workflow command for `file`, at `line`:`column` when `line` is
// 1 or more, else at the file.
std::string github_error(const std::string& file, int line, int column, std::string_view message) {
  const std::string place = line >= 1 ? fmt::format(",line={},col={}", line, column) : "";
  return fmt::format("::error file={}{}::{}\n", github_escape(printable(file), true), place,
                     github_escape(printable(message), false));
}

}  // namespace

void add_common_options(CLI::App& command, CommonOptions& options,
                        const std::vector<Format>& formats, bool color) {
  std::vector<std::pair<std::string, Format>> names;
  for (Format f : formats) {
    names.emplace_back(format_name(f), f);
  }
  add_choice_option(command, "--format", options.format, names, "Output format", "FORMAT");
  add_output_options(command, options, color);
}

void add_output_options(CLI::App& command, CommonOptions& options, bool color) {
  command
      .add_option("-o,--output", options.output,
                  "Write the report to FILE (replaced atomically; - for stdout) instead of stdout")
      ->option_text("FILE")
      ->check(
          [](const std::string& value) {
            return value.empty() ? std::string(
                                       "the file name is empty; give a path, or - for "
                                       "standard output")
                                 : std::string();
          },
          "FILE");
  command
      .add_option("--set", options.sets,
                  "Override one scalar of the scenario: PATH=VALUE (repeatable), "
                  "e.g. funnel.mql.rate=25%")
      ->option_text("PATH=VALUE")
      ->allow_extra_args(false);
  if (!color) {
    return;
  }
  add_choice_option(
      command, "--color", options.color,
      {{"auto", ColorMode::automatic}, {"always", ColorMode::always}, {"never", ColorMode::never}},
      "Colour in the table (never with NO_COLOR set)", "WHEN");
}

Analysis analyse(const std::string& path, const std::vector<std::string>& sets) {
  const std::vector<Override> overrides = parse_overrides(sets);
  Analysis analysis{read_source(path), {}, {}};
  remember_source(analysis.source);
  analysis.scenario = load_scenario(analysis.source, overrides);
  std::optional<PlanProblem> problem = evaluate(analysis.scenario, analysis.plan);
  if (!problem && analysis.scenario.timeline) {  // CONTRACT 10, docs/timeline.md
    problem = compute_timeline(analysis.scenario, analysis.plan, analysis.plan.timeline.emplace());
  }
  if (problem) {
    std::vector<Diagnostic> located{diagnostic_at(
        analysis.source.name, problem->where, problem->message,
        problem->hint.empty()
            ? std::string("leadplan plans up to 1e15 of anything; check the rates and target")
            : problem->hint)};
    to_character_columns(analysis.source.text, analysis.source.name, located);
    throw InputError(std::move(located));
  }
  return analysis;
}

bool use_color(const CommonOptions& options) {
  if (options.color == ColorMode::never || options.format != Format::table ||
      !writes_to_stdout(options.output)) {
    return false;
  }
  // NO_COLOR wins over everything, --color always included (CONTRACT section 5).
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && no_color[0] != '\0') {
    return false;
  }
  return options.color == ColorMode::always || ::isatty(STDOUT_FILENO) == 1;
}

void remember_source(const Source& source) {
  sources()[source.name] = source.text;
}

void print_diagnostics(std::ostream& err, const std::vector<Diagnostic>& diagnostics,
                       DiagnosticsMode mode, bool excerpt) {
  const std::size_t shown = std::min(diagnostics.size(), k_max_diagnostics);
  if (mode == DiagnosticsMode::json) {
    std::string out = "{\"diagnostics\": [";
    for (std::size_t i = 0; i < shown; ++i) {
      const Diagnostic& d = diagnostics[i];
      out += i == 0 ? "\n  {" : ",\n  {";
      out += "\"file\": ";
      append_json_string(out, d.file);
      out += fmt::format(", \"line\": {}, \"column\": {}, \"severity\": \"error\", \"message\": ",
                         d.line, d.column);
      append_json_string(out, d.message);
      out += ", \"hint\": ";
      if (d.hint.empty()) {
        out += "null";
      } else {
        append_json_string(out, d.hint);
      }
      out += "}";
    }
    out +=
        fmt::format("{}], \"omitted\": {}}}\n", shown == 0 ? "" : "\n", diagnostics.size() - shown);
    err << out;
    return;
  }
  const bool annotate = github_actions();
  std::string out;
  for (std::size_t i = 0; i < shown; ++i) {
    const Diagnostic& d = diagnostics[i];
    out += printable(format_diagnostic(d));
    out += '\n';
    if (excerpt) {
      const auto it = sources().find(d.file);
      if (it != sources().end()) {
        const std::string_view line = line_of(it->second, d.line);
        if (!line.empty()) {
          out += excerpt_of(line, d.column);
        }
      }
    }
    if (annotate) {
      out += github_error(d.file, std::max(d.line, 1), d.column,
                          d.hint.empty() ? d.message : d.message + "; " + d.hint);
    }
  }
  if (diagnostics.size() > shown) {
    const std::size_t rest = diagnostics.size() - shown;
    out += fmt::format("leadplan: {} more error{} not shown{}\n", rest, rest == 1 ? "" : "s",
                       diagnostics.size() >= k_max_collected ? " (reading stopped there)" : "");
  }
  err << out;
}

std::string check_annotation(std::string_view name, std::string_view message) {
  return fmt::format("check `{}` failed: {}", name, message);
}

void annotate_failed_checks(std::ostream& err, const std::string& file, const Scenario& scenario,
                            const Plan& plan, const std::vector<CheckResult>& checks) {
  if (!github_actions()) {
    return;
  }
  std::string out;
  for (const CheckResult& c : checks) {
    if (c.passed) {
      continue;
    }
    // A limit is a key of `checks:` in the schema, which knows where it was written;
    // a built-in check (budget, capacity) has no line of its own.
    SourceLocation at;
    if (const KeySpec* key = builtin_schema().find(Section::checks, c.name);
        key != nullptr && key->mark != nullptr) {
      Limits limits = scenario.checks;
      at = *key->mark(&limits);
      if (at.line == 0) {
        at = scenario.checks.location;
      }
    }
    const std::string message = check_detail(scenario, plan, c);
    out += github_error(file, at.line, at.column, check_annotation(c.name, message));
  }
  err << out;
}

}  // namespace leadplan::cli
