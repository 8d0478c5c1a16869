#include "leadplan/load/scenario_loader.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <unordered_map>

#include <fmt/format.h>

#include "leadplan/load/suggest.hpp"
#include "leadplan/load/values.hpp"

namespace leadplan {

namespace {

constexpr std::array<std::string_view, 10> k_top_keys = {"leadplan", "name",   "period", "currency",
                                                         "rounding", "target", "funnel", "budget",
                                                         "channels", "checks"};
constexpr std::array<std::string_view, 3> k_target_keys = {"wins", "revenue", "deal_size"};
constexpr std::array<std::string_view, 4> k_stage_keys = {"stage", "rate", "benchmark", "capacity"};
constexpr std::array<std::string_view, 5> k_channel_keys = {"name", "cpl", "mql_rate", "share",
                                                            "max_leads"};
constexpr std::array<std::string_view, 6> k_check_keys = {
    "min_coverage",      "min_allowable_cpl",         "max_required_leads",
    "max_budget_needed", "max_blended_effective_cpl", "channels_within_allowable"};
constexpr std::array<std::string_view, 4> k_periods = {"week", "month", "quarter", "year"};
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

// Walks a Document and fills a Scenario, one reader per section.
class ScenarioReader {
 public:
  ScenarioReader(const Document& document, const std::string& file,
                 std::vector<Diagnostic>& diagnostics)
      : m_doc(document), m_file(file), m_diagnostics(diagnostics) {}

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
    check_keys(root, k_top_keys, "the scenario");
    if (NodeId v = m_doc.find(root, "leadplan"); v != k_no_node) {
      read_version(v);
    }
    if (NodeId v = m_doc.find(root, "name"); v != k_no_node) {
      if (auto text = read_text(v, "name")) {
        scenario.name = std::string(*text);
      }
    }
    if (NodeId v = m_doc.find(root, "period"); v != k_no_node) {
      if (auto word = read_word(v, "period", k_periods)) {
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
    if (NodeId v = m_doc.find(root, "budget"); v != k_no_node) {
      scenario.budget_location = location(v);
      scenario.budget = read_number(v, "budget", ValueKind::money);
    }
    if (NodeId v = m_doc.find(root, "channels"); v != k_no_node) {
      scenario.channels_location = location(v);
      read_channels(v, scenario.channels);
    }
    if (NodeId v = m_doc.find(root, "checks"); v != k_no_node) {
      read_checks(v, scenario.checks);
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

  // Reports every key of `map` not in `allowed`, with a suggestion.
  template <std::size_t N>
  void check_keys(NodeId map, const std::array<std::string_view, N>& allowed,
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

  template <std::size_t N>
  std::optional<std::size_t> read_word(NodeId v, std::string_view key,
                                       const std::array<std::string_view, N>& words) {
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
    check_keys(v, k_target_keys, "`target`");
    const NodeId wins = m_doc.find(v, "wins");
    const NodeId revenue = m_doc.find(v, "revenue");
    const NodeId deal_size = m_doc.find(v, "deal_size");
    if (wins != k_no_node) {
      target.wins = read_number(wins, "wins", ValueKind::count);
    }
    if (revenue != k_no_node) {
      target.revenue = read_number(revenue, "revenue", ValueKind::money);
    }
    if (deal_size != k_no_node) {
      target.deal_size = read_number(deal_size, "deal_size", ValueKind::money);
    }
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
      check_keys(item, k_stage_keys, "a funnel stage");
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
        }
      } else {
        error(item, "a funnel stage needs a `stage` name");
      }
      const NodeId rate = m_doc.find(item, "rate");
      const NodeId benchmark = m_doc.find(item, "benchmark");
      if (first) {
        if (rate != k_no_node) {
          error(m_doc.find_key(item, "rate"),
                "the first stage takes no `rate`: it is where the funnel starts",
                "move this rate to the stage below");
        }
        if (benchmark != k_no_node) {
          error(m_doc.find_key(item, "benchmark"), "the first stage takes no `benchmark`");
        }
      } else {
        if (rate != k_no_node) {
          stage.rate_location = location(rate);
          if (auto r = read_number(rate, "rate", ValueKind::rate)) {
            stage.rate = *r;
          }
        } else {
          error(item, fmt::format("stage `{}` needs a `rate` (the conversion from the stage above)",
                                  stage.name.empty() ? std::string("?") : stage.name));
        }
        if (benchmark != k_no_node) {
          stage.benchmark = read_number(benchmark, "benchmark", ValueKind::rate);
        }
      }
      if (NodeId capacity = m_doc.find(item, "capacity"); capacity != k_no_node) {
        stage.capacity = read_number(capacity, "capacity", ValueKind::count);
      }
      stages.push_back(std::move(stage));
    }
  }

  void read_channels(NodeId v, std::vector<Channel>& channels) {
    if (!expect_kind(v, NodeKind::sequence, "channels", "a list of channels")) {
      return;
    }
    const DocNode& list = m_doc.node(v);
    channels.reserve(list.child_count);
    std::unordered_map<std::string_view, NodeId> seen;
    seen.reserve(list.child_count);
    double total_share = 0.0;
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
      check_keys(item, k_channel_keys, "a channel");
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
      if (NodeId cpl = m_doc.find(item, "cpl"); cpl != k_no_node) {
        channel.cpl = read_number(cpl, "cpl", ValueKind::money).value_or(0.0);
      } else {
        error(item, fmt::format("channel `{}` needs a `cpl` (cost per lead)",
                                channel.name.empty() ? std::string("?") : channel.name));
      }
      if (NodeId rate = m_doc.find(item, "mql_rate"); rate != k_no_node) {
        channel.mql_rate = read_number(rate, "mql_rate", ValueKind::rate);
      }
      if (NodeId share = m_doc.find(item, "share"); share != k_no_node) {
        channel.share = read_number(share, "share", ValueKind::share);
        total_share += channel.share.value_or(0.0);
      }
      if (NodeId cap = m_doc.find(item, "max_leads"); cap != k_no_node) {
        channel.max_leads = read_number(cap, "max_leads", ValueKind::count);
      }
      channels.push_back(std::move(channel));
    }
    if (total_share > 1.0 + 1e-9) {
      error(v,
            fmt::format("channel shares add up to {:.10g}%, more than 100%", total_share * 100.0),
            "lower the shares so they total 100% or less");
    }
  }

  void read_checks(NodeId v, Limits& limits) {
    limits.location = location(v);
    if (!expect_kind(v, NodeKind::map, "checks", "a map of limits such as `min_coverage: 100%`")) {
      return;
    }
    check_keys(v, k_check_keys, "`checks`");
    // k_check_keys lists the limits in LimitKey's order.
    for (std::size_t i = 0; i < k_check_keys.size(); ++i) {
      if (const NodeId key = m_doc.find_key(v, k_check_keys[i]); key != k_no_node) {
        limits.key_locations[i] = location(key);
      }
    }
    const std::pair<std::string_view, std::pair<std::optional<double>*, ValueKind>> numeric[] = {
        {"min_coverage", {&limits.min_coverage, ValueKind::ratio}},
        {"min_allowable_cpl", {&limits.min_allowable_cpl, ValueKind::money}},
        {"max_required_leads", {&limits.max_required_leads, ValueKind::count}},
        {"max_budget_needed", {&limits.max_budget_needed, ValueKind::money}},
        {"max_blended_effective_cpl", {&limits.max_blended_effective_cpl, ValueKind::money}},
    };
    for (const auto& [key, target] : numeric) {
      if (NodeId value = m_doc.find(v, key); value != k_no_node) {
        *target.first = read_number(value, key, target.second);
      }
    }
    if (NodeId value = m_doc.find(v, "channels_within_allowable"); value != k_no_node) {
      const DocNode& n = m_doc.node(value);
      const std::string_view text = n.kind == NodeKind::scalar ? m_doc.text(value) : "";
      if (n.kind == NodeKind::scalar && !n.quoted && (text == "true" || text == "false")) {
        limits.channels_within_allowable = text == "true";
      } else {
        error(value, "`channels_within_allowable` must be `true` or `false`");
      }
    }
  }

  const Document& m_doc;
  const std::string& m_file;
  std::vector<Diagnostic>& m_diagnostics;
};

// Splits `path` at dots.
std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (;;) {
    const std::size_t dot = path.find('.', start);
    parts.push_back(
        path.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) {
      return parts;
    }
    start = dot + 1;
  }
}

// The item of list `list` whose `name_key` is `name`, or k_no_node.
NodeId find_named(const Document& doc, NodeId list, std::string_view name_key,
                  std::string_view name) {
  if (list == k_no_node || doc.node(list).kind != NodeKind::sequence) {
    return k_no_node;
  }
  for (NodeId item = doc.node(list).first_child; item != k_no_node;
       item = doc.node(item).next_sibling) {
    const NodeId n = doc.find(item, name_key);
    if (n != k_no_node && doc.node(n).kind == NodeKind::scalar && doc.text(n) == name) {
      return item;
    }
  }
  return k_no_node;
}

std::vector<std::string_view> names_in(const Document& doc, NodeId list,
                                       std::string_view name_key) {
  std::vector<std::string_view> names;
  if (list == k_no_node || doc.node(list).kind != NodeKind::sequence) {
    return names;
  }
  for (NodeId item = doc.node(list).first_child; item != k_no_node;
       item = doc.node(item).next_sibling) {
    const NodeId n = doc.find(item, name_key);
    if (n != k_no_node && doc.node(n).kind == NodeKind::scalar) {
      names.push_back(doc.text(n));
    }
  }
  return names;
}

// Sets `key` of map `map` to `value`, adding the entry when absent; the new or
// changed value node is marked as coming from --set number `index`.
void set_entry(Document& doc, NodeId map, std::string_view key, std::string_view value, int index) {
  NodeId target = doc.find(map, key);
  if (target == k_no_node) {
    const NodeId k = doc.add_scalar(key, false, -index, 1);
    target = doc.add_scalar(value, false, -index, 1);
    doc.append_child(map, k);
    doc.append_child(map, target);
    return;
  }
  doc.set_scalar(target, value, false);
  // Lists and maps replaced by a scalar keep no children.
  DocNode& n = const_cast<DocNode&>(doc.node(target));
  n.first_child = n.last_child = k_no_node;
  n.child_count = 0;
  n.line = -index;
  n.column = 1;
}

}  // namespace

Scenario build_scenario(const Document& document, const std::string& file,
                        std::vector<Diagnostic>& diagnostics) {
  return ScenarioReader(document, file, diagnostics).read();
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
      problems.push_back(
          Diagnostic{std::string(k_override_file), index, 1,
                     fmt::format("`--set {}` must have the form PATH=VALUE", argument),
                     "e.g. `--set funnel.mql.rate=25%`"});
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

void apply_overrides(Document& document, const std::string& /*file*/,
                     const std::vector<Override>& overrides, std::vector<Diagnostic>& diagnostics) {
  const NodeId root = document.root();
  if (root == k_no_node || document.node(root).kind != NodeKind::map) {
    return;  // the scenario's own error is reported by build_scenario
  }
  int index = 0;
  for (const Override& o : overrides) {
    ++index;
    const std::vector<std::string_view> parts = split_path(o.path);
    auto fail = [&](std::size_t part, std::string message, std::string hint = {}) {
      int column = 1;
      for (std::size_t i = 0; i < part; ++i) {
        column += static_cast<int>(parts[i].size()) + 1;
      }
      diagnostics.push_back(Diagnostic{std::string(k_override_file), index, column,
                                       std::move(message), std::move(hint)});
    };
    auto suggest = [](std::string_view word, std::span<const std::string_view> words) {
      const std::string_view near = closest_match(word, words);
      return near.empty() ? std::string() : fmt::format("did you mean `{}`?", near);
    };
    if (!is_clean_text(o.value) || o.value.find('\n') != std::string::npos) {
      fail(0, fmt::format("the value of `--set {}` is not one line of valid UTF-8 text", o.path),
           "remove the line break or control character");
      continue;
    }
    const std::string_view head = parts[0];
    if (std::find(k_top_keys.begin(), k_top_keys.end(), head) == k_top_keys.end()) {
      fail(0, fmt::format("unknown path `{}`", o.path), suggest(head, k_top_keys));
      continue;
    }
    if (head == "funnel" || head == "channels") {
      const bool funnel = head == "funnel";
      if (parts.size() != 3) {
        fail(0, fmt::format("unknown path `{}`: write `{}.NAME.KEY`", o.path, head),
             funnel ? "e.g. `funnel.mql.rate=25%`" : "e.g. `channels.webinars.cpl=90`");
        continue;
      }
      const std::string_view name_key = funnel ? "stage" : "name";
      const NodeId list = document.find(root, head);
      const NodeId item = find_named(document, list, name_key, parts[1]);
      if (item == k_no_node || document.node(item).kind != NodeKind::map) {
        const std::vector<std::string_view> names = names_in(document, list, name_key);
        fail(1,
             fmt::format("unknown path `{}`: no {} named `{}`", o.path,
                         funnel ? "stage" : "channel", parts[1]),
             suggest(parts[1], names));
        continue;
      }
      const std::span<const std::string_view> keys =
          funnel ? std::span<const std::string_view>(k_stage_keys)
                 : std::span<const std::string_view>(k_channel_keys);
      if (std::find(keys.begin(), keys.end(), parts[2]) == keys.end()) {
        fail(2, fmt::format("unknown path `{}`", o.path), suggest(parts[2], keys));
        continue;
      }
      set_entry(document, item, parts[2], o.value, index);
      continue;
    }
    if (head == "target" || head == "checks") {
      const bool target = head == "target";
      const std::span<const std::string_view> keys =
          target ? std::span<const std::string_view>(k_target_keys)
                 : std::span<const std::string_view>(k_check_keys);
      if (parts.size() != 2 || std::find(keys.begin(), keys.end(), parts[1]) == keys.end()) {
        fail(parts.size() > 1 ? 1 : 0, fmt::format("unknown path `{}`", o.path),
             parts.size() > 1 ? suggest(parts[1], keys) : std::string());
        continue;
      }
      NodeId map = document.find(root, head);
      if (map == k_no_node) {
        const NodeId k = document.add_scalar(head, false, -index, 1);
        map = document.add_node(NodeKind::map, -index, 1);
        document.append_child(root, k);
        document.append_child(root, map);
      } else if (document.node(map).kind != NodeKind::map) {
        continue;  // build_scenario reports the malformed section itself
      }
      if (target) {
        // Setting one form of the target replaces the other: wins and revenue
        // never both stand, and deal_size stays to convert between them.
        if (parts[1] == "wins") {
          document.erase(map, "revenue");
        } else if (parts[1] == "revenue") {
          document.erase(map, "wins");
        }
      }
      set_entry(document, map, parts[1], o.value, index);
      continue;
    }
    if (parts.size() != 1) {
      fail(1, fmt::format("unknown path `{}`: `{}` is a single value", o.path, head));
      continue;
    }
    set_entry(document, root, head, o.value, index);
  }
}

Scenario load_scenario(const Source& source, const std::vector<Override>& overrides) {
  std::vector<Diagnostic> diagnostics;
  Document document = parse_document(source.name, source.text, diagnostics);
  Scenario scenario;
  // A document read to its end is validated even when it had problems (a
  // duplicate key, a tag), so that one run reports every problem in the file.
  if (document.complete()) {
    apply_overrides(document, source.name, overrides, diagnostics);
    scenario = build_scenario(document, source.name, diagnostics);
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
