#include "leadplan/cli/common.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>

#include <CLI/App.hpp>
#include <CLI/Config.hpp>
#include <CLI/Formatter.hpp>
#include <fmt/format.h>

#include "leadplan/engine/engine.hpp"
#include "leadplan/load/document.hpp"
#include "leadplan/report/json_writer.hpp"

namespace leadplan::cli {

namespace {

const char* format_name(Format format) {
  switch (format) {
    case Format::table: return "table";
    case Format::json: return "json";
    case Format::csv: return "csv";
    case Format::markdown: return "markdown";
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
  return view;
}

// GitHub's workflow-command escaping for property values and messages.
std::string github_escape(std::string_view text, bool property) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      case ':': out += property ? "%3A" : ":"; break;
      case ',': out += property ? "%2C" : ","; break;
      default: out.push_back(c);
    }
  }
  return out;
}

}  // namespace

void add_common_options(CLI::App& command, CommonOptions& options,
                        const std::vector<Format>& formats) {
  std::vector<std::pair<std::string, Format>> names;
  for (Format f : formats) {
    names.emplace_back(format_name(f), f);
  }
  add_choice_option(command, "--format", options.format, names, "Output format", "FORMAT");
  command.add_option("-o,--output", options.output,
                     "Write the report to FILE (replaced atomically) instead of stdout")
      ->option_text("FILE");
  command.add_option("--set", options.sets,
                     "Override one scalar of the scenario: PATH=VALUE (repeatable), "
                     "e.g. funnel.mql.rate=25%")
      ->option_text("PATH=VALUE")
      ->allow_extra_args(false);
  add_choice_option(command, "--color", options.color,
                    {{"auto", ColorMode::automatic}, {"always", ColorMode::always},
                     {"never", ColorMode::never}},
                    "Colour in the table (never with NO_COLOR set)", "WHEN");
}

Analysis analyse(const std::string& path, const std::vector<std::string>& sets) {
  const std::vector<Override> overrides = parse_overrides(sets);
  Analysis analysis{read_source(path), {}, {}};
  remember_source(analysis.source);
  analysis.scenario = load_scenario(analysis.source, overrides);
  if (auto problem = evaluate(analysis.scenario, analysis.plan)) {
    throw InputError({diagnostic_at(analysis.source.name, problem->where, problem->message,
                                    "leadplan plans up to 1e15 of anything; check the rates and target")});
  }
  return analysis;
}

bool use_color(const CommonOptions& options) {
  if (options.color == ColorMode::never || options.format != Format::table ||
      !options.output.empty()) {
    return false;
  }
  // NO_COLOR wins over everything, --color always included (CONTRACT section 5).
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && no_color[0] != '\0') {
    return false;
  }
  return options.color == ColorMode::always || ::isatty(STDOUT_FILENO) == 1;
}

Output::Output(std::string path) : m_path(std::move(path)) {
  if (m_path.empty()) {
    return;
  }
  // The temporary file sits beside the target so that rename() is atomic.
  const std::size_t slash = m_path.rfind('/');
  const std::string folder = slash == std::string::npos ? std::string(".") : m_path.substr(0, slash + 1);
  std::string pattern = (slash == std::string::npos ? std::string("./") : folder) + ".leadplan-XXXXXX";
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  const int fd = ::mkstemp(name.data());
  if (fd < 0) {
    throw InputError({Diagnostic{m_path, 1, 1,
                                 fmt::format("cannot write the report: {}", std::strerror(errno)),
                                 {}}});
  }
  ::close(fd);
  m_temporary = name.data();
  m_file = std::make_unique<std::ofstream>(m_temporary, std::ios::binary | std::ios::trunc);
}

Output::~Output() {
  if (!m_temporary.empty() && !m_committed) {
    m_file.reset();
    ::unlink(m_temporary.c_str());
  }
}

std::ostream& Output::stream() { return m_file ? *m_file : std::cout; }

void Output::commit() {
  if (!m_file) {
    std::cout.flush();
    if (!std::cout) {
      throw FatalError("cannot write the report to stdout");
    }
    return;
  }
  m_file->flush();
  const bool ok = static_cast<bool>(*m_file);
  m_file.reset();
  if (!ok) {
    throw FatalError(fmt::format("cannot write the report to {}", m_path));
  }
  // mkstemp creates 0600; a report is an ordinary file (0666 less the umask).
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::chmod(m_temporary.c_str(), 0666 & ~mask);
  if (std::rename(m_temporary.c_str(), m_path.c_str()) != 0) {
    throw FatalError(fmt::format("cannot write the report to {}: {}", m_path, std::strerror(errno)));
  }
  m_committed = true;
}

void remember_source(const Source& source) { sources()[source.name] = source.text; }

void print_diagnostics(std::ostream& err, const std::vector<Diagnostic>& diagnostics,
                       DiagnosticsMode mode, bool excerpt) {
  const std::size_t shown = std::min(diagnostics.size(), k_max_diagnostics);
  if (mode == DiagnosticsMode::json) {
    std::string out = "{\"diagnostics\": [";
    for (std::size_t i = 0; i < diagnostics.size(); ++i) {
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
    out += diagnostics.empty() ? "]}\n" : "\n]}\n";
    err << out;
    return;
  }
  const char* github = std::getenv("GITHUB_ACTIONS");
  const bool annotate = github != nullptr && std::string_view(github) == "true";
  std::string out;
  for (std::size_t i = 0; i < shown; ++i) {
    const Diagnostic& d = diagnostics[i];
    out += format_diagnostic(d);
    out += '\n';
    if (excerpt) {
      const auto it = sources().find(d.file);
      if (it != sources().end()) {
        const std::string_view line = line_of(it->second, d.line);
        if (!line.empty()) {
          out += fmt::format("  {}\n  {}^\n", line,
                             std::string(static_cast<std::size_t>(std::max(d.column - 1, 0)), ' '));
        }
      }
    }
    if (annotate) {
      out += fmt::format("::error file={},line={},col={}::{}\n", github_escape(d.file, true), d.line,
                         d.column,
                         github_escape(d.hint.empty() ? d.message : d.message + "; " + d.hint, false));
    }
  }
  if (diagnostics.size() > shown) {
    const std::size_t rest = diagnostics.size() - shown;
    out += fmt::format("leadplan: {} more error{} not shown{}\n", rest, rest == 1 ? "" : "s",
                       diagnostics.size() >= k_max_collected ? " (reading stopped there)" : "");
  }
  err << out;
}

}  // namespace leadplan::cli
