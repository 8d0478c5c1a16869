#include "leadplan/cli/schema.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <CLI/App.hpp>

#include "leadplan/cli/output.hpp"
#include "leadplan/load/document.hpp"
#include "leadplan/load/scenario_loader.hpp"
#include "leadplan/load/set_paths.hpp"
#include "leadplan/load/source.hpp"
#include "leadplan/load/values.hpp"
#include "leadplan/report/json_writer.hpp"

namespace leadplan::cli {

namespace {

// Percentages as the loader reads them (docs/scenario.md, "Percentages"): a
// decimal without exponent or leading zero, optional spaces, then `%`. ECMA 262
// and Python regular expressions alike.
constexpr std::string_view k_percent_number = R"((?:\.[0-9]+|(?:0|[1-9][0-9]*)(?:\.[0-9]*)?))";
constexpr std::string_view k_not_zero = R"((?!0*\.?0* *%$))";
// At most 100: 100, 100.0..., or below 100 with any fraction.
constexpr std::string_view k_to_100 = R"((?:100(?:\.0*)?|[1-9]?[0-9](?:\.[0-9]*)?|\.[0-9]+))";
// Below 100.
constexpr std::string_view k_below_100 = R"((?:[1-9]?[0-9](?:\.[0-9]*)?|\.[0-9]+))";

// What a value of text may hold: no control character but tab and line feed
// (docs/scenario.md, "text").
constexpr std::string_view k_printable =
    "^[^\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\u2028\\u2029]+$";

// A bare ratio above this is a forgotten `%` (load/values.cpp).
constexpr double k_max_bare_ratio = 10.0;

std::string percent_pattern(ValueKind kind) {
  switch (kind) {
    case ValueKind::rate:
      return fmt::format("^\\+?{}{} *%$", k_not_zero, k_to_100);
    case ValueKind::share:
      return fmt::format("^\\+?{} *%$", k_to_100);
    case ValueKind::probability:
      return fmt::format("^\\+?{}{} *%$", k_not_zero, k_below_100);
    default:  // ratio: any percentage above 0
      return fmt::format("^\\+?{}{} *%$", k_not_zero, k_percent_number);
  }
}

bool takes_percent(ValueKind kind) {
  return kind == ValueKind::rate || kind == ValueKind::share || kind == ValueKind::ratio ||
         kind == ValueKind::probability;
}

// The numeric part of a value of `kind`: type and bounds (`maximum` below the kind's when > 0).
void number_bounds(JsonWriter& w, ValueKind kind, double maximum) {
  const bool whole = kind == ValueKind::whole || kind == ValueKind::positive_whole;
  w.field("type", whole ? "integer" : "number");
  switch (kind) {
    case ValueKind::rate:
      w.field("exclusiveMinimum", 0.0);
      w.field("maximum", 1.0);
      break;
    case ValueKind::share:
      w.field("minimum", 0.0);
      w.field("maximum", 1.0);
      break;
    case ValueKind::probability:
      w.field("exclusiveMinimum", 0.0);
      w.field("exclusiveMaximum", 1.0);
      break;
    case ValueKind::ratio:
      w.field("exclusiveMinimum", 0.0);
      w.field("maximum", k_max_bare_ratio);
      break;
    case ValueKind::money:
    case ValueKind::count:
      w.field("exclusiveMinimum", 0.0);
      w.field("maximum", maximum > 0.0 ? maximum : k_max_value);
      break;
    case ValueKind::quantity:
    case ValueKind::days:
    case ValueKind::whole:
      w.field("minimum", 0.0);
      w.field("maximum", maximum > 0.0 ? maximum : k_max_value);
      break;
    case ValueKind::positive_whole:
      w.field("minimum", 1.0);
      w.field("maximum", maximum > 0.0 ? maximum : k_max_value);
      break;
  }
}

// The body (no braces) of the schema of one number of `kind`.
void number_schema(JsonWriter& w, ValueKind kind, double maximum) {
  if (!takes_percent(kind)) {
    number_bounds(w, kind, maximum);
    return;
  }
  w.key("anyOf");
  w.begin_array();
  w.begin_object();
  number_bounds(w, kind, maximum);
  w.end_object();
  w.begin_object();
  w.field("type", "string");
  w.field("pattern", std::string_view(percent_pattern(kind)));
  w.end_object();
  w.end_array();
}

// Every ISO 4217 code the loader takes, asked of the loader itself.
const std::vector<std::string>& currency_codes() {
  static const std::vector<std::string> codes = [] {
    std::vector<std::string> out;
    std::string code = "AAA";
    for (char a = 'A'; a <= 'Z'; ++a) {
      for (char b = 'A'; b <= 'Z'; ++b) {
        for (char c = 'A'; c <= 'Z'; ++c) {
          code[0] = a;
          code[1] = b;
          code[2] = c;
          if (is_currency_code(code)) {
            out.push_back(code);
          }
        }
      }
    }
    return out;
  }();
  return codes;
}

// The body of the schema of one scalar of `kind` (numbers of `number` kind).
void scalar_schema(JsonWriter& w, const KeySpec& k, Scalar kind, ValueKind number) {
  switch (kind) {
    case Scalar::number:
      number_schema(w, number, k.maximum);
      break;
    case Scalar::text:
      // Any scalar is text (`name: 2027`); a string holds no control character.
      w.key("type");
      w.begin_array();
      for (const char* type : {"string", "number", "boolean"}) {
        w.value(type);
      }
      w.end_array();
      w.field("pattern", k_printable);
      break;
    case Scalar::word:
      w.field("type", "string");
      w.key("enum");
      w.begin_array();
      for (const std::string_view word : k.words) {
        w.value(word);
      }
      w.end_array();
      break;
    case Scalar::currency:
      w.field("type", "string");
      w.key("enum");
      w.begin_array();
      for (const std::string& code : currency_codes()) {
        w.value(std::string_view(code));
      }
      w.end_array();
      break;
    case Scalar::version:
      w.key("enum");
      w.begin_array();
      w.value(1.0);
      w.end_array();
      break;
    case Scalar::flag:
      w.field("type", "boolean");
      break;
    case Scalar::date:
      w.field("type", "string");
      w.field("format", "date");
      w.field("pattern", "^[0-9]{4}-[0-9]{2}-[0-9]{2}$");
      break;
    case Scalar::none:
      break;
  }
}

// `default` as JSON: a number when it reads as one, else text.
void default_value(JsonWriter& w, std::string_view text) {
  if (const std::optional<double> number = parse_decimal(text)) {
    w.field("default", *number);
  } else {
    w.field("default", text);
  }
}

void required_list(JsonWriter& w, const std::vector<std::string_view>& names) {
  w.key("required");
  w.begin_array();
  for (const std::string_view name : names) {
    w.value(name);
  }
  w.end_array();
}

class SchemaWriter {
 public:
  SchemaWriter(JsonWriter& w, const Schema& schema) : m_w(w), m_schema(schema) {}

  // The body of the object schema of `section`: properties, required, the rules
  // across keys (the `either` rules of not_first keys only when `later_entry`).
  void section_body(Section section) {
    m_w.field("type", "object");
    m_w.key("properties");
    m_w.begin_object();
    std::vector<std::string_view> required;
    for (const KeySpec& k : m_schema.keys()) {
      if (k.section != section) {
        continue;
      }
      m_w.key(k.name);
      m_w.begin_object();
      key_body(k);
      m_w.end_object();
      if (k.required) {
        required.push_back(k.name);
      }
    }
    m_w.end_object();
    m_w.field("additionalProperties", false);
    if (!required.empty()) {
      required_list(m_w, required);
    }
    std::vector<const KeySpec*> rules;
    for (const KeySpec& k : m_schema.keys()) {
      if (k.section == section &&
          ((!k.either.empty() && !k.not_on_first_entry()) || !k.needs.empty())) {
        rules.push_back(&k);
      }
    }
    if (rules.empty()) {
      return;
    }
    // `revenue` needs `deal_size`.
    bool any_needs = false;
    for (const KeySpec* k : rules) {
      any_needs = any_needs || !k->needs.empty();
    }
    if (any_needs) {
      m_w.key("dependencies");
      m_w.begin_object();
      for (const KeySpec* k : rules) {
        if (!k->needs.empty()) {
          m_w.key(k->name);
          m_w.begin_array();
          m_w.value(k->needs);
          m_w.end_array();
        }
      }
      m_w.end_object();
    }
    either_rules(rules);
  }

 private:
  // `allOf` the `either` rules of `keys`, when any has one.
  void either_rules(const std::vector<const KeySpec*>& keys) {
    if (std::none_of(keys.begin(), keys.end(),
                     [](const KeySpec* k) { return !k->either.empty(); })) {
      return;
    }
    m_w.key("allOf");
    m_w.begin_array();
    for (const KeySpec* k : keys) {
      if (!k->either.empty()) {
        either_rule(*k);
      }
    }
    m_w.end_array();
  }

  // One of `k` and its `either` is there (`oneOf` when never both).
  void either_rule(const KeySpec& k) {
    m_w.begin_object();
    m_w.key(k.exclusive ? "oneOf" : "anyOf");
    m_w.begin_array();
    for (const std::string_view name : {k.name, k.either}) {
      m_w.begin_object();
      required_list(m_w, {name});
      m_w.end_object();
    }
    m_w.end_array();
    m_w.end_object();
  }

  void key_body(const KeySpec& k) {
    m_w.field("description", k.description);
    if (!k.default_text.empty()) {
      default_value(m_w, k.default_text);
    }
    switch (k.shape) {
      case Shape::scalar:
        if (k.alternative == Shape::stage_map) {
          m_w.key("anyOf");
          m_w.begin_array();
          m_w.begin_object();
          scalar_schema(m_w, k, k.scalar, k.number);
          m_w.end_object();
          m_w.begin_object();
          stage_map(k, k.alternative_number, std::nullopt);
          m_w.end_object();
          m_w.end_array();
        } else {
          scalar_schema(m_w, k, k.scalar, k.number);
        }
        break;
      case Shape::section:
        section_body(k.child);
        break;
      case Shape::entries:
        entries(k);
        break;
      case Shape::stage_map:
        stage_map(k, k.number, k.alternative);
        break;
      case Shape::text_map:
        m_w.field("type", "object");
        m_w.key("additionalProperties");
        m_w.begin_object();
        scalar_schema(m_w, k, Scalar::text, k.number);
        m_w.end_object();
        break;
      case Shape::list:
        m_w.field("type", "array");
        if (k.min_items > 0) {
          m_w.field("minItems", static_cast<double>(k.min_items));
        }
        m_w.key("items");
        m_w.begin_object();
        scalar_schema(m_w, k, k.scalar, k.number);
        m_w.end_object();
        break;
    }
  }

  // A map from stage names to values of `kind` (or, with `alternative` a list,
  // to a non-empty list of shares instead).
  void stage_map(const KeySpec& k, ValueKind kind, std::optional<Shape> alternative) {
    m_w.field("type", "object");
    m_w.key("additionalProperties");
    m_w.begin_object();
    if (alternative == Shape::list) {
      m_w.key("anyOf");
      m_w.begin_array();
      m_w.begin_object();
      scalar_schema(m_w, k, k.scalar, kind);
      m_w.end_object();
      m_w.begin_object();
      m_w.field("type", "array");
      m_w.field("minItems", 1.0);
      m_w.key("items");
      m_w.begin_object();
      number_schema(m_w, k.alternative_number, 0.0);
      m_w.end_object();
      m_w.end_object();
      m_w.end_array();
    } else {
      scalar_schema(m_w, k, k.scalar, kind);
    }
    m_w.end_object();
  }

  // A list of maps of `k.child`; keys not on the first entry are ruled out there,
  // and their `either` rules hold on every later entry.
  void entries(const KeySpec& k) {
    m_w.field("type", "array");
    if (k.min_items > 0) {
      m_w.field("minItems", static_cast<double>(k.min_items));
    }
    m_w.key("items");
    m_w.begin_object();
    section_body(k.child);
    m_w.end_object();
    std::vector<const KeySpec*> not_first;
    for (const KeySpec& c : m_schema.keys()) {
      if (c.section == k.child && c.not_on_first_entry()) {
        not_first.push_back(&c);
      }
    }
    if (not_first.empty()) {
      return;
    }
    m_w.key("allOf");
    m_w.begin_array();
    m_w.begin_object();
    m_w.key("items");
    m_w.begin_array();
    m_w.begin_object();  // the first entry: none of them
    m_w.key("not");
    m_w.begin_object();
    m_w.key("anyOf");
    m_w.begin_array();
    for (const KeySpec* c : not_first) {
      m_w.begin_object();
      required_list(m_w, {c->name});
      m_w.end_object();
    }
    m_w.end_array();
    m_w.end_object();
    m_w.end_object();
    m_w.end_array();
    if (std::any_of(not_first.begin(), not_first.end(),
                    [](const KeySpec* c) { return !c->either.empty(); })) {
      m_w.key("additionalItems");
      m_w.begin_object();
      either_rules(not_first);
      m_w.end_object();
    }
    m_w.end_object();
    m_w.end_array();
  }

  JsonWriter& m_w;
  const Schema& m_schema;
};

}  // namespace

void write_json_schema(std::ostream& out, const Schema& schema) {
  JsonWriter w(out);
  w.begin_object();
  w.field("$schema", "http://json-schema.org/draft-07/schema#");
  w.field("$id", k_schema_url);
  w.field("title", "leadplan scenario");
  w.field("description",
          "A leadplan scenario (format 1, contract 2): a revenue target worked back through the "
          "funnel to leads, budget and channels. Generated by `leadplan schema`; the keys are "
          "described in docs/scenario.md.");
  SchemaWriter(w, schema).section_body(Section::scenario);
  w.end_object();
  w.flush();
  out << '\n';
}

void setup_schema(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<SchemaOptions>();
  CLI::App* command = app.add_subcommand(
      "schema",
      "Print the JSON Schema of the scenario format (for editors), or with --paths the "
      "--set paths");
  command
      ->add_option("scenario", options->scenario,
                   "With --paths: the scenario whose paths are listed, or - for stdin")
      ->option_text("[SCENARIO]");
  command->add_flag("--paths", options->paths,
                    "List the paths --set takes, one a line (a scenario's own, or the patterns)");
  command
      ->add_option("-o,--output", options->output,
                   "Write to FILE (replaced atomically) instead of stdout")
      ->option_text("FILE");
  command->callback([options, &exit_code]() { exit_code = run_schema(*options); });
}

int run_schema(const SchemaOptions& options) {
  if (!options.scenario.empty() && !options.paths) {
    throw InputError({Diagnostic{options.scenario, 1, 1,
                                 "`leadplan schema` takes a scenario only with `--paths`",
                                 "`leadplan schema --paths SCENARIO` lists its --set paths"}});
  }
  Output output(options.output);
  std::ostream& out = output.stream();
  if (!options.paths) {
    write_json_schema(out, builtin_schema());
  } else if (options.scenario.empty()) {
    for (const std::string& path : set_paths(builtin_schema())) {
      out << path << '\n';
    }
  } else {
    const Source source = read_source(options.scenario);
    std::vector<Diagnostic> diagnostics;
    const Document document = parse_document(source.name, source.text, diagnostics);
    if (!diagnostics.empty()) {
      remember_source(source);
      throw InputError(std::move(diagnostics));
    }
    for (const std::string& path : set_paths(builtin_schema(), &document)) {
      out << path << '\n';
    }
  }
  output.commit();
  return 0;
}

}  // namespace leadplan::cli
