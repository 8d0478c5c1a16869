#pragma once
// `leadplan schema`: the JSON Schema (draft-07) of the scenario format, generated
// from the schema table, for editors (yaml-language-server) and validators; and
// `leadplan schema --paths [SCENARIO]`, the `--set` paths (docs/editors.md).

#include <ostream>
#include <string>
#include <string_view>

#include "leadplan/cli/common.hpp"
#include "leadplan/load/schema.hpp"

namespace leadplan::cli {

// Where SchemaStore serves the schema: its `$id`, and the modeline `leadplan init` writes.
inline constexpr std::string_view k_schema_url = "https://json.schemastore.org/leadplan.json";

// Writes the JSON Schema of `schema` to `out`.
void write_json_schema(std::ostream& out, const Schema& schema);

// Options of `schema`.
struct SchemaOptions {
  bool paths = false;    // --paths: the --set paths instead of the schema
  std::string scenario;  // with --paths: the scenario whose paths are listed; empty: patterns
  std::string output;    // -o FILE
};

// Adds the `schema` subcommand to `app`; `exit_code` receives its result when it runs.
void setup_schema(CLI::App& app, int& exit_code);

// Runs `schema` with `options`: 0; throws InputError.
[[nodiscard]] int run_schema(const SchemaOptions& options);

}  // namespace leadplan::cli
