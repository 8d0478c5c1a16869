#include "leadplan/load/scenario_loader.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <unordered_map>

#include <fmt/format.h>

#include "leadplan/load/suggest.hpp"
#include "leadplan/load/values.hpp"

namespace leadplan {

namespace {

constexpr std::array<std::string_view, 2> k_roundings = {"ceil", "none"};

// ISO 4217 codes in use (2026).
constexpr std::string_view k_currencies =
    "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN "
    "BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR "
    "FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD "
    "JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT "
    "MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG "
    "QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB "
    "TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VED VES VND VUV WST XAF XCD XCG XOF "
    "XPF YER ZAR ZMW ZWG ZWL";

// The most periods a timeline may plan (weekly for almost 200 years).
constexpr double k_max_periods = 10000.0;

// Overridden nodes carry a negative line: -(the 1-based index of their --set).
constexpr std::string_view k_override_file = "--set";

// The first control character in `text` (C0, DEL, C1, or a Unicode line or
// paragraph separator), or nullopt. `text` is valid UTF-8.
std::optional<std::uint32_t> find_control(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t length = 1;
    std::uint32_t code = c;
    if (c >= 0xF0) {
      length = 4;
      code = c & 0x07u;
    } else if (c >= 0xE0) {
      length = 3;
      code = c & 0x0Fu;
    } else if (c >= 0xC0) {
      length = 2;
      code = c & 0x1Fu;
    }
    for (std::size_t k = 1; k < length && i + k < text.size(); ++k) {
      code = (code << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3Fu);
    }
    const bool line_break_or_tab = code == '\n' || code == '\t';
    if ((code < 0x20 && !line_break_or_tab) || (code >= 0x7F && code <= 0x9F) || code == 0x2028 ||
        code == 0x2029) {
      return code;
    }
    i += length;
  }
  return std::nullopt;
}

// `YYYY-MM-DD` as a day number, or nullopt when it is no such date.
std::optional<DayNumber> parse_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return std::nullopt;
  }
  int parts[3] = {0, 0, 0};
  const std::size_t starts[3] = {0, 5, 8};
  const std::size_t lengths[3] = {4, 2, 2};
  for (std::size_t p = 0; p < 3; ++p) {
    for (std::size_t i = starts[p]; i < starts[p] + lengths[p]; ++i) {
      if (text[i] < '0' || text[i] > '9') {
        return std::nullopt;
      }
      parts[p] = parts[p] * 10 + (text[i] - '0');
    }
  }
  const std::chrono::year_month_day date{std::chrono::year(parts[0]),
                                         std::chrono::month(static_cast<unsigned>(parts[1])),
                                         std::chrono::day(static_cast<unsigned>(parts[2]))};
  if (!date.ok()) {
    return std::nullopt;
  }
  return static_cast<DayNumber>(std::chrono::sys_days(date).time_since_epoch().count());
}

std::string date_text(DayNumber day) {
  const std::chrono::year_month_day date{std::chrono::sys_days(std::chrono::days(day))};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
}

// The first day of the `period` that contains `day`.
DayNumber period_start(DayNumber day, Period period) {
  const std::chrono::sys_days days{std::chrono::days(day)};
  const std::chrono::year_month_day date{days};
  std::chrono::year_month_day first = date;
  switch (period) {
    case Period::week: {
      const unsigned weekday = std::chrono::weekday(days).iso_encoding();  // Monday 1
      return day - static_cast<DayNumber>(weekday - 1);
    }
    case Period::month:
      first = date.year() / date.month() / 1;
      break;
    case Period::quarter: {
      const unsigned month = (static_cast<unsigned>(date.month()) - 1) / 3 * 3 + 1;
      first = date.year() / std::chrono::month(month) / 1;
      break;
    }
    case Period::year:
      first = date.year() / 1 / 1;
      break;
  }
  return static_cast<DayNumber>(std::chrono::sys_days(first).time_since_epoch().count());
}

// Names well known to come in this order down a B2B funnel; a funnel that lists
// them bottom first was surely written upside down.
int known_rank(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; });
  static constexpr std::pair<std::string_view, int> k_ranks[] = {
      {"visitor", 0},       {"visitors", 0}, {"lead", 1},  {"leads", 1},      {"mql", 2},
      {"mqls", 2},          {"sal", 3},      {"sals", 3},  {"sql", 4},        {"sqls", 4},
      {"meeting", 5},       {"meetings", 5}, {"demo", 5},  {"demos", 5},      {"opportunity", 6},
      {"opportunities", 6}, {"opp", 6},      {"opps", 6},  {"proposal", 7},   {"proposals", 7},
      {"won", 8},           {"win", 8},      {"wins", 8},  {"closed_won", 8}, {"customer", 8},
      {"customers", 8},     {"deal", 8},     {"deals", 8},
  };
  for (const auto& [known, rank] : k_ranks) {
    if (lower == known) {
      return rank;
    }
  }
  return -1;
}

// Walks a Document and fills a Scenario, one reader per section; the keys of each
// section and the kind of each value come from the schema table.
class ScenarioReader {
 public:
  ScenarioReader(const Document& document, const std::string& file,
                 std::vector<Diagnostic>& diagnostics, const Schema& schema)
      : m_doc(document), m_file(file), m_diagnostics(diagnostics), m_schema(schema) {}

  Scenario read() {
    Scenario scenario;
    const NodeId root = m_doc.root();
    if (root == k_no_node) {
      return scenario;
    }
    if (m_doc.node(root).kind != NodeKind::map) {
      error(root, "a scenario must be a map of keys such as `target:` and `funnel:`",
            "see docs/scenario.md");
      return scenario;
    }
    check_keys(root, Section::scenario);
    read_numbers(root, Section::scenario, &scenario);
    if (NodeId v = m_doc.find(root, "leadplan"); v != k_no_node) {
      read_version(v);
    }
    if (NodeId v = m_doc.find(root, "name"); v != k_no_node) {
      if (auto text = read_text(v, "name")) {
        scenario.name = std::string(*text);
      }
    }
    if (NodeId v = m_doc.find(root, "period"); v != k_no_node) {
      if (auto word = read_word(v, "period", period_words())) {
        scenario.period = static_cast<Period>(*word);
      }
    }
    if (NodeId v = m_doc.find(root, "currency"); v != k_no_node) {
      read_currency(v, scenario.currency);
    }
    if (NodeId v = m_doc.find(root, "rounding"); v != k_no_node) {
      if (auto word = read_word(v, "rounding", k_roundings)) {
        scenario.rounding = static_cast<Rounding>(*word);
      }
    }
    if (NodeId v = m_doc.find(root, "target"); v != k_no_node) {
      read_target(v, scenario.target);
    } else {
      error(root, "missing required key `target`", "give `wins`, or `revenue` and `deal_size`");
    }
    if (NodeId v = m_doc.find(root, "funnel"); v != k_no_node) {
      scenario.funnel_location = location(v);
      read_funnel(v, scenario.stages);
    } else {
      error(root, "missing required key `funnel`", "list at least 2 stages, top first");
    }
    if (NodeId v = m_doc.find(root, "channels"); v != k_no_node) {
      scenario.channels_location = location(v);
      read_channels(v, scenario.stages, scenario.channels);
    }
    if (NodeId v = m_doc.find(root, "checks"); v != k_no_node) {
      read_checks(v, scenario.checks);
    }
    if (NodeId v = m_doc.find(root, "timeline"); v != k_no_node) {
      scenario.timeline = read_timeline(v, scenario.period, scenario.stages);
    }
    if (NodeId v = m_doc.find(root, "actuals"); v != k_no_node) {
      scenario.actuals = read_actuals(v, scenario.stages, scenario.channels);
    }
    for (const ScenarioRuleProblem& problem : scenario_rule_problems(scenario)) {
      if (m_diagnostics.size() < k_max_collected) {
        m_diagnostics.push_back(
            diagnostic_at(m_file, problem.where, problem.message, problem.hint));
      }
    }
    return scenario;
  }

 private:
  SourceLocation location(NodeId id) const {
    const DocNode& n = m_doc.node(id);
    return SourceLocation{n.line, n.column};
  }

  void error(NodeId at, std::string message, std::string hint = {}) {
    if (m_doc.node(at).reported) {
      return;  // an alias or a tag here was reported when the YAML was read
    }
    if (m_diagnostics.size() >= k_max_collected) {
      return;  // 50 are printed; past this many, collecting more only costs memory
    }
    m_diagnostics.push_back(
        diagnostic_at(m_file, location(at), std::move(message), std::move(hint)));
  }

  // Reports every key of `map` that `allowed` does not hold, with a suggestion.
  void check_key_names(NodeId map, std::span<const std::string_view> allowed,
                       std::string_view where) {
    for (NodeId k = m_doc.node(map).first_child; k != k_no_node;) {
      const NodeId v = m_doc.node(k).next_sibling;
      if (m_doc.node(k).kind == NodeKind::scalar) {
        const std::string_view key = m_doc.text(k);
        if (key.empty()) {
          error(k, fmt::format("a key in {} is empty", where));
        } else if (key == "<<") {
          error(k, "YAML merge keys (`<<`) are not supported in a scenario", "write the keys out");
        } else if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
          const std::string_view near = closest_match(key, allowed);
          error(k, fmt::format("unknown key `{}` in {}", key, where),
                near.empty() ? fmt::format("expected one of: {}", fmt::join(allowed, ", "))
                             : fmt::format("did you mean `{}`?", near));
        }
      } else if (m_doc.node(k).kind == NodeKind::null) {
        error(k, fmt::format("a key in {} is empty", where));
      }
      k = v == k_no_node ? k_no_node : m_doc.node(v).next_sibling;
    }
  }

  // Reports every key of `map` that `section` of the schema does not have.
  void check_keys(NodeId map, Section section) {
    const std::vector<std::string_view> names = m_schema.names(section);
    check_key_names(map, names, section_title(section));
  }

  // Reads every number key of `section` that the schema stores generically into
  // `object`, the struct of that section.
  void read_numbers(NodeId map, Section section, void* object) {
    for (const KeySpec& spec : m_schema.keys()) {
      if (spec.section != section || spec.field == nullptr) {
        continue;
      }
      const NodeId value = m_doc.find(map, spec.name);
      if (value == k_no_node) {
        continue;
      }
      if (const std::optional<double> number = read_number(value, spec.name, spec.number)) {
        spec.field(object).set(*number);
      }
      if (spec.mark != nullptr) {
        *spec.mark(object) =
            section == Section::checks ? location(m_doc.find_key(map, spec.name)) : location(value);
      }
    }
  }

  bool expect_kind(NodeId v, NodeKind kind, std::string_view key, std::string_view what) {
    const DocNode& n = m_doc.node(v);
    if (n.kind == kind) {
      return true;
    }
    if (n.kind == NodeKind::null) {
      error(v, fmt::format("`{}` has no value", key),
            fmt::format("give {} or remove the key", what));
    } else {
      error(v, fmt::format("`{}` must be {}", key, what));
    }
    return false;
  }

  std::optional<std::string_view> read_text(NodeId v, std::string_view key) {
    if (!expect_kind(v, NodeKind::scalar, key, "text")) {
      return std::nullopt;
    }
    const std::string_view text = m_doc.text(v);
    if (text.empty()) {
      error(v, fmt::format("`{}` must not be empty", key));
      return std::nullopt;
    }
    // Names end up in tables, CSV rows and terminals: no control characters (a
    // quoted "\e" would drive the terminal). Line breaks and tabs are kept: CSV
    // quotes them, JSON escapes them, and the table and messages show them as \n.
    if (const auto control = find_control(text)) {
      error(v, fmt::format("`{}` must be printable text; it contains U+{:04X}", key, *control),
            "remove the control character");
      return std::nullopt;
    }
    return text;
  }

  // Where the node `id` was given, for "first on line 12" / "first given by --set 1".
  std::string first_place(NodeId id) const {
    const int line = m_doc.node(id).line;
    return line < 0 ? fmt::format("given by --set {}", -line) : fmt::format("on line {}", line);
  }

  std::optional<std::size_t> read_word(NodeId v, std::string_view key,
                                       std::span<const std::string_view> words) {
    const auto text = read_text(v, key);
    if (!text) {
      return std::nullopt;
    }
    const auto it = std::find(words.begin(), words.end(), *text);
    if (it != words.end()) {
      return static_cast<std::size_t>(it - words.begin());
    }
    const std::string_view near = closest_match(*text, words);
    error(v, fmt::format("`{}` must be one of {}, got `{}`", key, fmt::join(words, ", "), *text),
          near.empty() ? std::string() : fmt::format("did you mean `{}`?", near));
    return std::nullopt;
  }

  std::optional<double> read_number(NodeId v, std::string_view key, ValueKind kind) {
    const DocNode& n = m_doc.node(v);
    if (n.kind == NodeKind::map || n.kind == NodeKind::sequence) {
      error(v, fmt::format("`{}` must be a single value, not a {}", key,
                           n.kind == NodeKind::map ? "map" : "list"));
      return std::nullopt;
    }
    ValueResult r = parse_value(key, n.kind == NodeKind::null ? std::string_view() : m_doc.text(v),
                                n.quoted, kind);
    if (!r.value) {
      error(v, std::move(r.message), std::move(r.hint));
    }
    return r.value;
  }

  std::optional<bool> read_flag(NodeId v, std::string_view key) {
    const DocNode& n = m_doc.node(v);
    const std::string_view text = n.kind == NodeKind::scalar ? m_doc.text(v) : "";
    if (n.kind == NodeKind::scalar && !n.quoted && (text == "true" || text == "false")) {
      return text == "true";
    }
    error(v, fmt::format("`{}` must be `true` or `false`", key));
    return std::nullopt;
  }

  void read_version(NodeId v) {
    const DocNode& n = m_doc.node(v);
    const auto number =
        n.kind == NodeKind::scalar && !n.quoted ? parse_decimal(m_doc.text(v)) : std::nullopt;
    if (!number || *number != 1.0) {
      error(v,
            fmt::format("scenario format `leadplan: {}` is not supported",
                        n.kind == NodeKind::scalar ? m_doc.text(v) : std::string_view("...")),
            "this leadplan reads format 1; write `leadplan: 1`");
    }
  }

  void read_currency(NodeId v, std::string& currency) {
    const auto text = read_text(v, "currency");
    if (!text) {
      return;
    }
    if (is_currency_code(*text)) {
      currency = std::string(*text);
      return;
    }
    std::string upper(*text);
    std::transform(upper.begin(), upper.end(), upper.begin(),
                   [](char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c; });
    error(v, fmt::format("`currency` must be an ISO 4217 code such as USD or EUR, got `{}`", *text),
          is_currency_code(upper) ? fmt::format("did you mean `{}`?", upper) : std::string());
  }

  void read_target(NodeId v, Target& target) {
    target.location = location(v);
    if (!expect_kind(v, NodeKind::map, "target",
                     "a map with `wins`, or `revenue` and `deal_size`")) {
      return;
    }
    check_keys(v, Section::target);
    read_numbers(v, Section::target, &target);
    const NodeId wins = m_doc.find(v, "wins");
    const NodeId revenue = m_doc.find(v, "revenue");
    const NodeId deal_size = m_doc.find(v, "deal_size");
    if (wins != k_no_node && revenue != k_no_node) {
      error(m_doc.find_key(v, "revenue"),
            "`target` has both `wins` and `revenue`; give exactly one form of target",
            "keep `wins`, or `revenue` with `deal_size`");
    } else if (wins == k_no_node && revenue == k_no_node) {
      error(v, "`target` needs `wins`, or `revenue` and `deal_size`");
    } else if (revenue != k_no_node && deal_size == k_no_node) {
      error(v, "`target` has `revenue` but no `deal_size`",
            "add `deal_size` to turn revenue into wins");
    }
  }

  // The index of stage `name` in `stages`, or nullopt.
  static std::optional<std::size_t> stage_index(const std::vector<Stage>& stages,
                                                std::string_view name) {
    for (std::size_t i = 0; i < stages.size(); ++i) {
      if (stages[i].name == name) {
        return i;
      }
    }
    return std::nullopt;
  }

  // Calls `each(stage index, key node, value node)` for every key of the map `v`
  // (the value of `key`, whose keys name stages): an unknown stage, and the
  // first stage unless `first_allowed`, are reported.
  template <typename Each>
  void for_each_stage_key(NodeId v, std::string_view key, const std::vector<Stage>& stages,
                          bool first_allowed, Each each) {
    std::vector<std::string_view> names;
    names.reserve(stages.size());
    for (const Stage& stage : stages) {
      names.push_back(stage.name);
    }
    for (NodeId k = m_doc.node(v).first_child; k != k_no_node;) {
      const NodeId value = m_doc.node(k).next_sibling;
      const std::string_view name = m_doc.node(k).kind == NodeKind::scalar ? m_doc.text(k) : "";
      const std::optional<std::size_t> index = stage_index(stages, name);
      if (!index) {
        const std::string_view near = closest_match(name, names);
        error(k, fmt::format("`{}` names `{}`, which is not a stage of the funnel", key, name),
              near.empty() ? fmt::format("the stages are: {}", fmt::join(names, ", "))
                           : fmt::format("did you mean `{}`?", near));
      } else if (*index == 0 && !first_allowed) {
        error(k,
              fmt::format("`{}` cannot name the first stage `{}`: nothing converts into it", key,
                          name),
              "name a later stage");
      } else {
        each(*index, k, value);
      }
      k = value == k_no_node ? k_no_node : m_doc.node(value).next_sibling;
    }
  }

  void read_funnel(NodeId v, std::vector<Stage>& stages) {
    if (!expect_kind(v, NodeKind::sequence, "funnel", "a list of stages, top first")) {
      return;
    }
    const DocNode& list = m_doc.node(v);
    if (list.child_count < 2) {
      error(v, fmt::format("the funnel needs at least 2 stages, got {}", list.child_count),
            "list the stages top first, e.g. lead, mql, sql, meeting, won");
    }
    stages.reserve(list.child_count);
    std::unordered_map<std::string_view, NodeId> seen;
    std::vector<std::pair<int, NodeId>> known;  // well-known names' ranks, in funnel order
    for (NodeId item = list.first_child; item != k_no_node; item = m_doc.node(item).next_sibling) {
      const bool first = stages.empty();
      Stage stage;
      stage.location = location(item);
      if (m_doc.node(item).kind == NodeKind::null) {
        error(item, "a stage of `funnel` is empty", "write a stage such as `- stage: mql`");
        stages.push_back(stage);
        continue;
      }
      if (!expect_kind(item, NodeKind::map, "funnel", "a list of maps such as `- stage: mql`")) {
        stages.push_back(stage);
        continue;
      }
      check_keys(item, Section::stage);
      if (NodeId name = m_doc.find(item, "stage"); name != k_no_node) {
        if (auto text = read_text(name, "stage")) {
          stage.name = std::string(*text);
          const auto [it, inserted] = seen.emplace(*text, name);
          if (!inserted) {
            error(
                name,
                fmt::format("duplicate stage name `{}` (first {})", *text, first_place(it->second)),
                "stage names must be unique");
          }
          if (const int rank = known_rank(*text); rank >= 0) {
            known.emplace_back(rank, name);
          }
        }
      } else {
        error(item, "a funnel stage needs a `stage` name");
      }
      const NodeId rate = m_doc.find(item, "rate");
      const NodeId evidence = m_doc.find(item, "evidence");
      if (first) {
        for (std::string_view key : {"rate", "benchmark", "evidence"}) {
          if (const NodeId k = m_doc.find_key(item, key); k != k_no_node) {
            error(k,
                  key == "rate"
                      ? std::string("the first stage takes no `rate`: it is where the funnel "
                                    "starts")
                      : fmt::format("the first stage takes no `{}`", key),
                  key == "rate" ? "move this rate to the stage below" : "");
          }
        }
        if (NodeId capacity = m_doc.find(item, "capacity"); capacity != k_no_node) {
          stage.capacity = read_number(capacity, "capacity", ValueKind::count);
        }
        stages.push_back(std::move(stage));
        continue;
      }
      read_numbers(item, Section::stage, &stage);
      if (evidence != k_no_node) {
        read_evidence(evidence, rate != k_no_node, stage);
      } else if (rate == k_no_node) {
        error(item, fmt::format("stage `{}` needs a `rate` (the conversion from the stage above)",
                                stage.name.empty() ? std::string("?") : stage.name));
      }
      stages.push_back(std::move(stage));
    }
    // Well-known names bottom first (`won` above `lead`): the funnel is upside down.
    bool falling = known.size() >= 2;
    for (std::size_t i = 1; falling && i < known.size(); ++i) {
      falling = known[i].first < known[i - 1].first;
    }
    if (falling) {
      error(v,
            fmt::format("the funnel lists `{}` above `{}`: its stages are bottom first",
                        m_doc.text(known.front().second), m_doc.text(known.back().second)),
            "list the stages top first: the leads first, the won deals last");
    }
  }

  void read_evidence(NodeId v, bool has_rate, Stage& stage) {
    if (!expect_kind(v, NodeKind::map, "evidence",
                     "a map such as `{entered: 150, converted: 60}`")) {
      return;
    }
    check_keys(v, Section::evidence);
    Evidence evidence;
    evidence.location = location(v);
    const std::size_t problems = m_diagnostics.size();
    read_numbers(v, Section::evidence, &evidence);
    const NodeId entered = m_doc.find(v, "entered");
    const NodeId converted = m_doc.find(v, "converted");
    if (entered == k_no_node || converted == k_no_node) {
      error(v, "`evidence` needs `entered` and `converted`",
            "e.g. `evidence: {entered: 150, converted: 60}`");
      return;
    }
    if (m_diagnostics.size() != problems) {
      return;  // a count that did not read says it all
    }
    if (evidence.converted > evidence.entered) {
      error(converted,
            fmt::format("`converted` {} is more than `entered` {}", evidence.converted,
                        evidence.entered),
            "the converted entries are some of those that entered");
      return;
    }
    if (!has_rate) {
      if (!(evidence.converted > 0.0)) {
        error(converted,
              fmt::format("stage `{}` has no `rate`, and its evidence converted none",
                          stage.name.empty() ? std::string("?") : stage.name),
              "give a `rate` beside the evidence: a rate of 0 plans nothing");
        return;
      }
      stage.rate = evidence.converted / evidence.entered;
      stage.rate_location = location(converted);
    }
    stage.evidence = evidence;
  }

  void read_channels(NodeId v, const std::vector<Stage>& stages, std::vector<Channel>& channels) {
    if (!expect_kind(v, NodeKind::sequence, "channels", "a list of channels")) {
      return;
    }
    const DocNode& list = m_doc.node(v);
    channels.reserve(list.child_count);
    std::unordered_map<std::string_view, NodeId> seen;
    seen.reserve(list.child_count);
    for (NodeId item = list.first_child; item != k_no_node; item = m_doc.node(item).next_sibling) {
      Channel channel;
      channel.location = location(item);
      if (m_doc.node(item).kind == NodeKind::null) {
        error(item, "a channel of `channels` is empty",
              "write a channel such as `- name: webinars`");
        continue;
      }
      if (!expect_kind(item, NodeKind::map, "channels",
                       "a list of maps such as `- name: webinars`")) {
        continue;
      }
      check_keys(item, Section::channel);
      if (NodeId name = m_doc.find(item, "name"); name != k_no_node) {
        if (auto text = read_text(name, "name")) {
          channel.name = std::string(*text);
          const auto [it, inserted] = seen.emplace(*text, name);
          if (!inserted) {
            error(name,
                  fmt::format("duplicate channel name `{}` (first {})", *text,
                              first_place(it->second)),
                  "channel names must be unique");
          }
        }
      } else {
        error(item, "a channel needs a `name`");
      }
      read_numbers(item, Section::channel, &channel);
      const std::string shown_name = channel.name.empty() ? std::string("?") : channel.name;
      const NodeId tiers = m_doc.find(item, "cpl_tiers");
      if (tiers != k_no_node) {
        if (m_doc.find(item, "cpl") != k_no_node) {
          error(m_doc.find_key(item, "cpl_tiers"),
                fmt::format("channel `{}` has both `cpl` and `cpl_tiers`", shown_name),
                "keep one: `cpl` for one price, `cpl_tiers` for prices that rise with volume");
        }
        read_tiers(tiers, channel);
      } else if (m_doc.find(item, "cpl") == k_no_node) {
        error(item, fmt::format("channel `{}` needs a `cpl` (cost per lead)", shown_name));
      }
      read_channel_rates(item, stages, channel);
      if (channel.min_spend && channel.max_spend && *channel.min_spend > *channel.max_spend) {
        error(m_doc.find(item, "min_spend"),
              fmt::format("channel `{}` has a `min_spend` above its `max_spend`", shown_name),
              "lower `min_spend` or raise `max_spend`");
      }
      channels.push_back(std::move(channel));
    }
  }

  void read_tiers(NodeId v, Channel& channel) {
    if (!expect_kind(v, NodeKind::sequence, "cpl_tiers",
                     "a list of tiers such as `- {leads: 200, cpl: 90}`")) {
      return;
    }
    const DocNode& list = m_doc.node(v);
    if (list.child_count == 0) {
      error(v, "`cpl_tiers` is empty", "give at least one tier, e.g. `- {cpl: 90}`");
      return;
    }
    channel.cpl_tiers.reserve(list.child_count);
    NodeId previous = k_no_node;
    for (NodeId item = list.first_child; item != k_no_node; item = m_doc.node(item).next_sibling) {
      Tier tier;
      tier.location = location(item);
      if (!expect_kind(item, NodeKind::map, "cpl_tiers",
                       "a list of maps such as `- {leads: 200, cpl: 90}`")) {
        continue;
      }
      check_keys(item, Section::tier);
      read_numbers(item, Section::tier, &tier);
      const NodeId cpl = m_doc.find(item, "cpl");
      if (cpl == k_no_node) {
        error(item, "a tier of `cpl_tiers` needs a `cpl`");
      }
      const bool last = m_doc.node(item).next_sibling == k_no_node;
      if (!last && m_doc.find(item, "leads") == k_no_node) {
        error(item, "only the last tier of `cpl_tiers` may leave out `leads`",
              "say how many leads this tier sells, e.g. `leads: 200`");
      }
      if (previous != k_no_node && cpl != k_no_node && !channel.cpl_tiers.empty() &&
          tier.cpl < channel.cpl_tiers.back().cpl) {
        error(cpl,
              fmt::format("tier CPLs must not fall: {} after {}", m_doc.text(cpl),
                          m_doc.text(m_doc.find(previous, "cpl"))),
              "leads get dearer with volume, never cheaper; order the tiers by CPL");
      }
      if (cpl != k_no_node) {
        previous = item;
      }
      channel.cpl_tiers.push_back(tier);
    }
  }

  // `mql_rate` and `rates:` into Channel::rates, one per stage.
  void read_channel_rates(NodeId item, const std::vector<Stage>& stages, Channel& channel) {
    const NodeId mql_rate = m_doc.find(item, "mql_rate");
    const NodeId rates = m_doc.find(item, "rates");
    if (mql_rate == k_no_node && rates == k_no_node) {
      return;
    }
    channel.rates.assign(std::max<std::size_t>(stages.size(), 2), std::nullopt);
    if (mql_rate != k_no_node) {
      channel.mql_rate_key = true;
      channel.rates[1] = read_number(mql_rate, "mql_rate", ValueKind::rate);
    }
    if (rates == k_no_node ||
        !expect_kind(rates, NodeKind::map, "rates", "a map of stages such as `mql: 35%`")) {
      return;
    }
    for_each_stage_key(
        rates, "rates", stages, false, [&](std::size_t stage, NodeId key, NodeId value) {
          if (stage == 1 && mql_rate != k_no_node) {
            error(key,
                  fmt::format("channel `{}` gives its rate into `{}` twice: as "
                              "`mql_rate` and in `rates`",
                              channel.name, stages[1].name),
                  "keep one of them");
            return;
          }
          channel.rates[stage] =
              read_number(value, fmt::format("rates.{}", m_doc.text(key)), ValueKind::rate);
        });
  }

  void read_checks(NodeId v, Limits& limits) {
    limits.location = location(v);
    if (!expect_kind(v, NodeKind::map, "checks", "a map of limits such as `min_coverage: 100%`")) {
      return;
    }
    check_keys(v, Section::checks);
    read_numbers(v, Section::checks, &limits);
    if (NodeId value = m_doc.find(v, "channels_within_allowable"); value != k_no_node) {
      limits.key_locations[static_cast<std::size_t>(LimitKey::channels_within_allowable)] =
          location(m_doc.find_key(v, "channels_within_allowable"));
      limits.channels_within_allowable = read_flag(value, "channels_within_allowable");
    }
  }

  std::optional<Timeline> read_timeline(NodeId v, Period period, const std::vector<Stage>& stages) {
    if (!expect_kind(v, NodeKind::map, "timeline",
                     "a map with `start`, `periods` and optionally `wins` and `lags`")) {
      return std::nullopt;
    }
    Timeline timeline;
    timeline.location = location(v);
    check_keys(v, Section::timeline);
    read_numbers(v, Section::timeline, &timeline);
    if (NodeId start = m_doc.find(v, "start"); start != k_no_node) {
      timeline.start_location = location(start);
      read_start(start, period, timeline);
    } else {
      error(v, "`timeline` needs a `start`", "e.g. `start: 2027-01-01`");
    }
    const NodeId periods = m_doc.find(v, "periods");
    if (periods != k_no_node && timeline.periods > k_max_periods) {
      error(periods, fmt::format("`periods` must be at most 10000, got {}", m_doc.text(periods)),
            "plan at most 10,000 periods");
      timeline.periods = 0.0;
    }
    if (NodeId wins = m_doc.find(v, "wins"); wins != k_no_node) {
      timeline.wins_location = location(wins);
      read_timeline_wins(wins, periods != k_no_node, timeline);
    } else if (periods == k_no_node) {
      error(v, "`timeline` needs `periods` (or a `wins` list, one per period)",
            "e.g. `periods: 12`");
    }
    timeline.lags.resize(stages.size());
    if (NodeId lags = m_doc.find(v, "lags"); lags != k_no_node) {
      if (expect_kind(lags, NodeKind::map, "lags", "a map of stages such as `won: 45`")) {
        for_each_stage_key(lags, "lags", stages, false,
                           [&](std::size_t stage, NodeId key, NodeId value) {
                             timeline.lags[stage] = read_lag(m_doc.text(key), value);
                           });
      }
    }
    return timeline;
  }

  void read_start(NodeId v, Period period, Timeline& timeline) {
    const DocNode& n = m_doc.node(v);
    const std::string_view text = n.kind == NodeKind::scalar ? m_doc.text(v) : "";
    const std::optional<DayNumber> day = parse_date(text);
    if (!day) {
      error(v, fmt::format("`start` must be a date such as `2027-01-01`, got `{}`", text),
            "write the date as YYYY-MM-DD");
      return;
    }
    const DayNumber first = period_start(*day, period);
    if (first != *day) {
      error(v,
            fmt::format("`start` {} is not the first day of a {}", text,
                        period_words()[static_cast<std::size_t>(period)]),
            fmt::format("did you mean `{}`?", date_text(first)));
      return;
    }
    timeline.start = *day;
  }

  void read_timeline_wins(NodeId v, bool periods_given, Timeline& timeline) {
    if (!expect_kind(v, NodeKind::sequence, "wins", "a list of wins, one per period")) {
      return;
    }
    const DocNode& list = m_doc.node(v);
    const auto count = static_cast<double>(list.child_count);
    if (!periods_given) {
      timeline.periods = count;
      if (count == 0.0 || count > k_max_periods) {
        error(v, fmt::format("`wins` lists {} periods; a timeline has 1 to 10000", count));
        return;
      }
    } else if (timeline.periods > 0.0 && count != timeline.periods) {
      error(v, fmt::format("`wins` lists {} periods, but `periods` is {}", count, timeline.periods),
            fmt::format("give {} values, one per period", timeline.periods));
      return;
    }
    timeline.wins.reserve(list.child_count);
    bool any = false;
    for (NodeId item = list.first_child; item != k_no_node; item = m_doc.node(item).next_sibling) {
      const std::optional<double> wins = read_number(item, "wins", ValueKind::quantity);
      timeline.wins.push_back(wins.value_or(0.0));
      any = any || wins.value_or(0.0) > 0.0;
    }
    if (!any && count > 0.0) {
      error(v, "`wins` plans no win in any period", "give at least one period a win");
    }
  }

  Lag read_lag(std::string_view stage, NodeId v) {
    Lag lag;
    lag.location = location(v);
    const DocNode& n = m_doc.node(v);
    if (n.kind != NodeKind::sequence) {
      lag.days = read_number(v, fmt::format("lags.{}", stage), ValueKind::days);
      return lag;
    }
    double total = 0.0;
    for (NodeId item = n.first_child; item != k_no_node; item = m_doc.node(item).next_sibling) {
      const std::optional<double> share =
          read_number(item, fmt::format("lags.{}", stage), ValueKind::share);
      lag.shares.push_back(share.value_or(0.0));
      total += share.value_or(0.0);
    }
    if (n.child_count == 0) {
      error(v, fmt::format("`lags.{}` is an empty list", stage),
            "give the share converting 0, 1, 2... periods later, e.g. `[50%, 50%]`");
    } else if (std::fabs(total - 1.0) > 1e-9) {
      error(
          v,
          fmt::format("the shares of `lags.{}` add up to {:.10g}%, not 100%", stage, total * 100.0),
          "the shares say when every conversion happens: make them total 100%");
    }
    return lag;
  }

  std::optional<Actuals> read_actuals(NodeId v, const std::vector<Stage>& stages,
                                      const std::vector<Channel>& channels) {
    if (!expect_kind(v, NodeKind::map, "actuals",
                     "a map with `stages` and optionally `channel` and `channel_names`")) {
      return std::nullopt;
    }
    Actuals actuals;
    actuals.location = location(v);
    check_keys(v, Section::actuals);
    read_numbers(v, Section::actuals, &actuals);
    if (NodeId channel = m_doc.find(v, "channel"); channel != k_no_node) {
      if (auto text = read_text(channel, "channel")) {
        actuals.channel_column = std::string(*text);
      }
    }
    actuals.stage_columns.resize(stages.size());
    actuals.stage_column_locations.resize(stages.size());
    if (NodeId map = m_doc.find(v, "stages"); map != k_no_node) {
      if (expect_kind(map, NodeKind::map, "stages",
                      "a map from each stage to its column, such as `lead: Create Date`")) {
        for_each_stage_key(map, "stages", stages, true,
                           [&](std::size_t stage, NodeId key, NodeId value) {
                             actuals.stage_column_locations[stage] = location(value);
                             if (auto text = read_text(value, m_doc.text(key))) {
                               actuals.stage_columns[stage] = std::string(*text);
                             }
                           });
        for (std::size_t i = 0; i < stages.size(); ++i) {
          if (m_doc.find(map, stages[i].name) == k_no_node && !stages[i].name.empty()) {
            error(map,
                  fmt::format("`actuals.stages` gives no column for stage `{}`", stages[i].name),
                  "map every funnel stage to the column holding the date a lead reached it");
          }
        }
      }
    } else {
      error(v, "`actuals` needs `stages`",
            "map every funnel stage to the column holding its date, e.g. `lead: Create Date`");
    }
    if (NodeId map = m_doc.find(v, "channel_names"); map != k_no_node) {
      read_channel_names(map, channels, actuals);
    }
    if (NodeId maturity = m_doc.find(v, "maturity_days"); maturity != k_no_node) {
      if (m_doc.node(maturity).kind == NodeKind::map) {
        actuals.maturity_by_step.assign(stages.size(), std::nullopt);
        for_each_stage_key(maturity, "maturity_days", stages, false,
                           [&](std::size_t stage, NodeId key, NodeId value) {
                             actuals.maturity_by_step[stage] = read_number(
                                 value, fmt::format("maturity_days.{}", m_doc.text(key)),
                                 ValueKind::days);
                           });
      } else {
        actuals.maturity_days = read_number(maturity, "maturity_days", ValueKind::days);
      }
    }
    return actuals;
  }

  void read_channel_names(NodeId v, const std::vector<Channel>& channels, Actuals& actuals) {
    if (!expect_kind(v, NodeKind::map, "channel_names",
                     "a map from export values to channels, such as `Paid Search: paid_search`")) {
      return;
    }
    std::vector<std::string_view> names;
    names.reserve(channels.size());
    std::unordered_map<std::string_view, bool> known;
    known.reserve(channels.size());
    for (const Channel& channel : channels) {
      names.push_back(channel.name);
      known.emplace(channel.name, true);
    }
    for (NodeId k = m_doc.node(v).first_child; k != k_no_node;) {
      const NodeId value = m_doc.node(k).next_sibling;
      const std::string_view from = m_doc.node(k).kind == NodeKind::scalar ? m_doc.text(k) : "";
      if (auto to = read_text(value, from)) {
        if (!channels.empty() && !known.contains(*to)) {
          const std::string_view near = closest_match(*to, names);
          error(value,
                fmt::format("`channel_names` maps `{}` to `{}`, which is not a channel", from, *to),
                near.empty() ? fmt::format("the channels are: {}", fmt::join(names, ", "))
                             : fmt::format("did you mean `{}`?", near));
        } else {
          actuals.channel_names.emplace_back(std::string(from), std::string(*to));
        }
      }
      k = value == k_no_node ? k_no_node : m_doc.node(value).next_sibling;
    }
  }

  const Document& m_doc;
  const std::string& m_file;
  std::vector<Diagnostic>& m_diagnostics;
  const Schema& m_schema;
};

}  // namespace

Scenario build_scenario(const Document& document, const std::string& file,
                        std::vector<Diagnostic>& diagnostics, const Schema& schema) {
  return ScenarioReader(document, file, diagnostics, schema).read();
}

std::vector<ScenarioRuleProblem> scenario_rule_problems(const Scenario& scenario) {
  std::vector<ScenarioRuleProblem> problems;
  double total_share = 0.0;
  double total_min_spend = 0.0;
  for (const Channel& channel : scenario.channels) {
    total_share += channel.share.value_or(0.0);
    total_min_spend += channel.min_spend.value_or(0.0);
  }
  if (total_share > 1.0 + 1e-9) {
    problems.push_back(
        {scenario.channels_location,
         fmt::format("channel shares add up to {:.10g}%, more than 100%", total_share * 100.0),
         "lower the shares so they total 100% or less"});
  }
  if (scenario.budget && total_min_spend > *scenario.budget * (1.0 + 1e-9)) {
    problems.push_back(
        {scenario.channels_location,
         fmt::format("the channels' `min_spend` add up to {:.10g}, more than the budget of {:.10g} "
                     "(by {:.10g})",
                     total_min_spend, *scenario.budget, total_min_spend - *scenario.budget),
         "lower the minimums or raise the budget"});
  }
  return problems;
}

std::vector<Override> parse_overrides(const std::vector<std::string>& arguments) {
  std::vector<Override> overrides;
  std::vector<Diagnostic> problems;
  overrides.reserve(arguments.size());
  int index = 0;
  for (const std::string& argument : arguments) {
    ++index;
    const std::size_t equals = argument.find('=');
    if (equals == std::string::npos || equals == 0) {
      if (problems.size() < k_max_collected) {
        problems.push_back(
            Diagnostic{std::string(k_override_file), index, 1,
                       fmt::format("`--set {}` must have the form PATH=VALUE", argument),
                       "e.g. `--set funnel.mql.rate=25%`"});
      }
      continue;
    }
    overrides.push_back(Override{argument.substr(0, equals), argument.substr(equals + 1)});
  }
  if (!problems.empty()) {
    throw InputError(std::move(problems));
  }
  return overrides;
}

Diagnostic diagnostic_at(const std::string& file, SourceLocation where, std::string message,
                         std::string hint) {
  if (where.line < 0) {
    return Diagnostic{std::string(k_override_file), -where.line, where.column, std::move(message),
                      std::move(hint)};
  }
  if (where.line == 0) {
    return Diagnostic{file, 1, 1, std::move(message), std::move(hint)};
  }
  return Diagnostic{file, where.line, where.column, std::move(message), std::move(hint)};
}

Scenario load_scenario(const Source& source, const std::vector<Override>& overrides,
                       const Schema& schema) {
  std::vector<Diagnostic> diagnostics;
  Document document = parse_document(source.name, source.text, diagnostics);
  Scenario scenario;
  // A document read to its end is validated even when it had problems (a
  // duplicate key, a tag), so that one run reports every problem in the file.
  if (document.complete()) {
    apply_overrides(document, overrides, diagnostics, schema);
    scenario = build_scenario(document, source.name, diagnostics, schema);
  }
  if (!diagnostics.empty()) {
    to_character_columns(source.text, source.name, diagnostics);
    std::stable_sort(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& a, const Diagnostic& b) {
                       const bool a_set = a.file == k_override_file;
                       const bool b_set = b.file == k_override_file;
                       if (a_set != b_set) {
                         return b_set;  // the scenario's own problems first
                       }
                       return a.line != b.line ? a.line < b.line : a.column < b.column;
                     });
    throw InputError(std::move(diagnostics));
  }
  return scenario;
}

bool is_currency_code(std::string_view code) {
  if (code.size() != 3) {
    return false;
  }
  for (std::size_t i = 0; i + 3 <= k_currencies.size(); i += 4) {
    if (k_currencies.substr(i, 3) == code) {
      return true;
    }
  }
  return false;
}

}  // namespace leadplan
