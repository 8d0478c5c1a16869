#include "leadplan/model/diagnostic.hpp"

#include <fmt/format.h>

#include "leadplan/util/text.hpp"

namespace leadplan {

namespace {

std::string summary(const std::vector<Diagnostic>& diagnostics) {
  return diagnostics.empty() ? std::string("input error") : format_diagnostic(diagnostics.front());
}

}  // namespace

InputError::InputError(std::vector<Diagnostic> diagnostics)
    : Error(summary(diagnostics)), m_diagnostics(std::move(diagnostics)) {}

PlanError::PlanError(SourceLocation where, const std::string& message)
    : Error(message), m_where(where) {}

std::string format_diagnostic(const Diagnostic& diagnostic) {
  std::string text = fmt::format("{}:{}:{}: error: {}", diagnostic.file, diagnostic.line,
                                 diagnostic.column, diagnostic.message);
  if (!diagnostic.hint.empty()) {
    text += fmt::format("; {}", diagnostic.hint);
  }
  // One line per problem, whatever a name or a file name holds.
  return one_line(text);
}

}  // namespace leadplan
