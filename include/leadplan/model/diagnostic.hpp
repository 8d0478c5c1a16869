#pragma once
// Located input problems and the project's error hierarchy.

#include <stdexcept>
#include <string>
#include <vector>

#include "leadplan/model/scenario.hpp"

namespace leadplan {

// One problem in an input, at `line`:`column` (1-based) of `file`, with an optional `hint`.
struct Diagnostic {
  std::string file;
  int line = 1;
  int column = 1;
  std::string message;
  std::string hint;  // e.g. "write 20% or 0.2"; empty when none helps
};

// Base of the errors leadplan throws on purpose.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Thrown when the input (scenario, overrides, options) has one or more problems: exit 2.
class InputError : public Error {
 public:
  explicit InputError(std::vector<Diagnostic> diagnostics);
  [[nodiscard]] const std::vector<Diagnostic>& diagnostics() const { return m_diagnostics; }

 private:
  std::vector<Diagnostic> m_diagnostics;
};

// Thrown when the plan cannot be computed from valid-looking input (overflow): exit 2.
class PlanError : public Error {
 public:
  PlanError(SourceLocation where, const std::string& message);
  [[nodiscard]] SourceLocation where() const { return m_where; }

 private:
  SourceLocation m_where;
};

// Thrown when leadplan cannot do its job for reasons outside the input (disk full): exit 2.
class FatalError : public Error {
 public:
  using Error::Error;
};

// `diagnostic` as one line: `FILE:LINE:COLUMN: error: MESSAGE[; HINT]`.
[[nodiscard]] std::string format_diagnostic(const Diagnostic& diagnostic);

}  // namespace leadplan
