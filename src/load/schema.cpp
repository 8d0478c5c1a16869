#include "leadplan/load/schema.hpp"

#include <array>

#include <fmt/format.h>

namespace leadplan {

namespace {

// The struct a member pointer belongs to.
template <typename T>
struct MemberOf;
template <typename Owner, typename Value>
struct MemberOf<Value Owner::*> {
  using owner = Owner;
};

// The number `Member` of its section's struct, for KeySpec::field.
template <auto Member>
NumericField number_of(void* object) {
  using Owner = typename MemberOf<decltype(Member)>::owner;
  return NumericField(&(static_cast<Owner*>(object)->*Member));
}

// The location `Member` of its section's struct, for KeySpec::mark.
template <auto Member>
SourceLocation* mark_of(void* object) {
  using Owner = typename MemberOf<decltype(Member)>::owner;
  return &(static_cast<Owner*>(object)->*Member);
}

// Where the limit `key` of `checks:` was written.
template <LimitKey key>
SourceLocation* limit_mark(void* object) {
  return &static_cast<Limits*>(object)->key_locations[static_cast<std::size_t>(key)];
}

constexpr std::array<std::string_view, 4> k_periods = {"week", "month", "quarter", "year"};
constexpr std::array<std::string_view, 2> k_roundings = {"ceil", "none"};

// A number key of `section`.
constexpr KeySpec number(Section section, std::string_view name, ValueKind kind,
                         NumericField (*field)(void*), std::string_view description,
                         bool varies = true) {
  KeySpec k;
  k.section = section;
  k.name = name;
  k.scalar = Scalar::number;
  k.number = kind;
  k.field = field;
  k.varies = varies;
  k.description = description;
  return k;
}

// A scalar key of `section` that is not a number.
constexpr KeySpec scalar(Section section, std::string_view name, Scalar kind,
                         std::string_view description) {
  KeySpec k;
  k.section = section;
  k.name = name;
  k.scalar = kind;
  k.description = description;
  return k;
}

// A key of `section` whose value is a container of `shape`.
constexpr KeySpec container(Section section, std::string_view name, Shape shape, Section child,
                            std::string_view description) {
  KeySpec k;
  k.section = section;
  k.name = name;
  k.shape = shape;
  k.child = child;
  k.description = description;
  return k;
}

constexpr KeySpec with_default(KeySpec k, std::string_view text) {
  k.default_text = text;
  return k;
}

constexpr KeySpec required(KeySpec k) {
  k.required = true;
  return k;
}

constexpr KeySpec marked(KeySpec k, SourceLocation* (*mark)(void*)) {
  k.mark = mark;
  return k;
}

constexpr KeySpec words(KeySpec k, std::span<const std::string_view> list) {
  k.words = list;
  return k;
}

// A map (or list) whose values are `kind`: `channels[].rates`, `timeline.wins`.
constexpr KeySpec values(KeySpec k, Scalar scalar_kind, ValueKind kind, bool varies) {
  k.scalar = scalar_kind;
  k.number = kind;
  k.varies = varies;
  return k;
}

constexpr KeySpec or_also(KeySpec k, Shape shape, ValueKind kind) {
  k.alternative = shape;
  k.alternative_number = kind;
  return k;
}

constexpr KeySpec naming(KeySpec k) {
  k.names_entry = true;
  return k;
}

constexpr KeySpec not_first(KeySpec k) {
  k.not_first = true;
  return k;
}

// The section needs `k` or `other`; `exclusive`: never both.
constexpr KeySpec or_instead(KeySpec k, std::string_view other, bool exclusive) {
  k.either = other;
  k.exclusive = exclusive;
  return k;
}

constexpr KeySpec needing(KeySpec k, std::string_view other) {
  k.needs = other;
  return k;
}

constexpr KeySpec at_least(KeySpec k, std::uint32_t items) {
  k.min_items = items;
  return k;
}

constexpr KeySpec at_most(KeySpec k, double value) {
  k.maximum = value;
  return k;
}

using S = Section;
using V = ValueKind;

// clang-format off
const KeySpec k_keys[] = {
    // The top level.
    with_default(scalar(S::scenario, "leadplan", Scalar::version,
        "The scenario format version; only 1 exists."), "1"),
    scalar(S::scenario, "name", Scalar::text, "A label printed at the top of every report."),
    with_default(words(scalar(S::scenario, "period", Scalar::word,
        "The planning period: the target, budget and capacities are per period."), k_periods),
        "month"),
    with_default(scalar(S::scenario, "currency", Scalar::currency,
        "The ISO 4217 code of every amount; used for formatting only."), "USD"),
    with_default(words(scalar(S::scenario, "rounding", Scalar::word,
        "`ceil` rounds each required count up to a whole number; `none` keeps fractions."),
        k_roundings), "ceil"),
    required(container(S::scenario, "target", Shape::section, S::target,
        "The goal: `wins`, or `revenue` and `deal_size`.")),
    at_least(required(container(S::scenario, "funnel", Shape::entries, S::stage,
        "The stages, top first: at least 2; the first takes leads, the last is the won deal.")),
        2),
    marked(number(S::scenario, "budget", V::money, number_of<&Scenario::budget>,
        "The lead-generation budget for one period."), mark_of<&Scenario::budget_location>),
    container(S::scenario, "channels", Shape::entries, S::channel,
        "The lead sources that spend the budget."),
    container(S::scenario, "checks", Shape::section, S::checks,
        "Limits that `leadplan check` enforces."),
    container(S::scenario, "timeline", Shape::section, S::timeline,
        "A plan period by period, with the lags of the sales cycle."),
    container(S::scenario, "actuals", Shape::section, S::actuals,
        "Where a CRM export holds each lead's channel and stage dates (`leadplan track`)."),

    // target
    or_instead(number(S::target, "wins", V::count, number_of<&Target::wins>,
        "Wins to plan for in one period; need not be whole."), "revenue", true),
    needing(number(S::target, "revenue", V::money, number_of<&Target::revenue>,
        "Revenue to plan for; needs `deal_size` (wins = revenue / deal_size)."), "deal_size"),
    number(S::target, "deal_size", V::money, number_of<&Target::deal_size>,
        "The revenue of one won deal."),
    marked(number(S::target, "confidence", V::probability, number_of<&Target::confidence>,
        "Plan for the odds of hitting `wins`, not the average: the counts that hit it this often."),
        mark_of<&Target::confidence_location>),

    // funnel[]
    naming(required(scalar(S::stage, "stage", Scalar::text,
        "The stage's name, unique in the funnel."))),
    or_instead(not_first(marked(number(S::stage, "rate", V::rate, number_of<&Stage::rate>,
        "The conversion from the stage above into this one; not on the first stage."),
        mark_of<&Stage::rate_location>)), "evidence", false),
    not_first(number(S::stage, "benchmark", V::rate, number_of<&Stage::benchmark>,
        "What good looks like for this step; the bottleneck is the step furthest below its own.")),
    number(S::stage, "capacity", V::count, number_of<&Stage::capacity>,
        "The most this stage can take in one period (meetings the team can hold)."),
    not_first(container(S::stage, "evidence", Shape::section, S::evidence,
        "What the rate was measured on; its uncertainty then enters the odds.")),

    // funnel[].evidence
    required(number(S::evidence, "entered", V::whole, number_of<&Evidence::entered>,
        "Entries into the stage above that were followed.", false)),
    required(number(S::evidence, "converted", V::whole, number_of<&Evidence::converted>,
        "How many of them converted into this stage.", false)),

    // channels[]
    naming(required(scalar(S::channel, "name", Scalar::text,
        "The channel's name, unique among channels."))),
    or_instead(number(S::channel, "cpl", V::money, number_of<&Channel::cpl>,
        "The cost per lead (or give `cpl_tiers`)."), "cpl_tiers", true),
    at_least(container(S::channel, "cpl_tiers", Shape::entries, S::tier,
        "Costs per lead that rise with volume, in order; the last tier may leave out `leads`."),
        1),
    values(scalar(S::channel, "mql_rate", Scalar::number,
        "This channel's conversion into the funnel's second stage (default: the funnel's)."),
        Scalar::number, V::rate, true),
    not_first(values(container(S::channel, "rates", Shape::stage_map, S::channel,
        "This channel's own conversion into later stages, by stage name; other steps follow the "
        "funnel."), Scalar::number, V::rate, true)),
    number(S::channel, "share", V::share, number_of<&Channel::share>,
        "This channel's fraction of the budget; channels without one split what is left equally."),
    number(S::channel, "max_leads", V::count, number_of<&Channel::max_leads>,
        "The most leads this channel can deliver in one period."),
    number(S::channel, "min_spend", V::money, number_of<&Channel::min_spend>,
        "The least `leadplan optimize` may spend on this channel."),
    number(S::channel, "max_spend", V::money, number_of<&Channel::max_spend>,
        "The most this channel may spend, in the mix and in `leadplan optimize`."),

    // channels[].cpl_tiers[]
    number(S::tier, "leads", V::count, number_of<&Tier::leads>,
        "How many leads this tier sells; every tier but the last needs it."),
    required(number(S::tier, "cpl", V::money, number_of<&Tier::cpl>,
        "The cost of each lead of this tier; never below an earlier tier's.")),

    // checks
    marked(number(S::checks, "min_coverage", V::ratio, number_of<&Limits::min_coverage>,
        "The least coverage (projected second-stage entries / required) the mix may have."),
        limit_mark<LimitKey::min_coverage>),
    marked(number(S::checks, "min_allowable_cpl", V::money,
        number_of<&Limits::min_allowable_cpl>, "The least allowable CPL the plan may leave."),
        limit_mark<LimitKey::min_allowable_cpl>),
    marked(number(S::checks, "max_required_leads", V::count,
        number_of<&Limits::max_required_leads>, "The most leads the plan may require."),
        limit_mark<LimitKey::max_required_leads>),
    marked(number(S::checks, "max_budget_needed", V::money,
        number_of<&Limits::max_budget_needed>, "The most budget the mix may need."),
        limit_mark<LimitKey::max_budget_needed>),
    marked(number(S::checks, "max_blended_effective_cpl", V::money,
        number_of<&Limits::max_blended_effective_cpl>,
        "The most the mix may pay per second-stage entry."),
        limit_mark<LimitKey::max_blended_effective_cpl>),
    marked(scalar(S::checks, "channels_within_allowable", Scalar::flag,
        "`true`: every channel's cost per second-stage entry within the allowable cost."),
        limit_mark<LimitKey::channels_within_allowable>),
    marked(number(S::checks, "min_pace", V::ratio, number_of<&Limits::min_pace>,
        "The least pace (actual / plan to date) every stage may have (`check --leads`)."),
        limit_mark<LimitKey::min_pace>),
    marked(number(S::checks, "max_cpl_actual", V::money, number_of<&Limits::max_cpl_actual>,
        "The most the actual cost per lead may be (`check --leads --spend`)."),
        limit_mark<LimitKey::max_cpl_actual>),
    marked(number(S::checks, "min_mix_efficiency", V::rate,
        number_of<&Limits::min_mix_efficiency>,
        "The least value the shares may buy against the optimal allocation of the same budget."),
        limit_mark<LimitKey::min_mix_efficiency>),
    marked(number(S::checks, "min_p_target", V::probability, number_of<&Limits::min_p_target>,
        "The least probability of hitting the target the plan may have."),
        limit_mark<LimitKey::min_p_target>),

    // timeline
    required(marked(scalar(S::timeline, "start", Scalar::date,
        "The first day of the first period (YYYY-MM-DD; a Monday for weeks)."),
        mark_of<&Timeline::start_location>)),
    or_instead(at_most(number(S::timeline, "periods", V::positive_whole,
        number_of<&Timeline::periods>,
        "How many periods to plan, at most 10,000 (default: as many as `wins` lists).", false),
        10000), "wins", false),
    at_least(marked(values(container(S::timeline, "wins", Shape::list, S::timeline,
        "Wins per period (each 0 or more); default: the target's wins every period."),
        Scalar::number, V::quantity, false), mark_of<&Timeline::wins_location>), 1),
    not_first(or_also(values(container(S::timeline, "lags", Shape::stage_map, S::timeline,
        "When each step converts, by stage: mean days after the stage above, or the shares "
        "converting 0, 1, 2... periods later."), Scalar::number, V::days, true),
        Shape::list, V::share)),

    // actuals
    scalar(S::actuals, "channel", Scalar::text,
        "The column naming each lead's channel (without it every lead is `(none)`)."),
    required(values(container(S::actuals, "stages", Shape::stage_map, S::actuals,
        "For every funnel stage, the column holding the date a lead reached it."),
        Scalar::text, V::count, false)),
    container(S::actuals, "channel_names", Shape::text_map, S::actuals,
        "Values of the channel column mapped to the scenario's channels (exact match)."),
    not_first(or_also(values(scalar(S::actuals, "maturity_days", Scalar::number,
        "Days a lead needs before its step counts in an observed rate (default: the 90th "
        "percentile of that step's lags); a number, or a map of stages."),
        Scalar::number, V::days, false), Shape::stage_map, V::days)),
    with_default(number(S::actuals, "min_sample", V::positive_whole,
        number_of<&Actuals::min_sample>,
        "The fewest mature leads a step needs before its observed rate is used.", false), "30"),
};
// clang-format on

const Schema k_builtin(k_keys);

constexpr std::string_view kind_text(ValueKind kind) {
  switch (kind) {
    case ValueKind::rate:
      return "rate";
    case ValueKind::share:
      return "share";
    case ValueKind::ratio:
      return "ratio";
    case ValueKind::money:
      return "money";
    case ValueKind::count:
      return "count";
    case ValueKind::probability:
      return "probability";
    case ValueKind::quantity:
      return "quantity";
    case ValueKind::days:
      return "days";
    case ValueKind::whole:
    case ValueKind::positive_whole:
      return "whole number";
  }
  return "number";
}

std::string scalar_text(Scalar scalar, ValueKind kind) {
  switch (scalar) {
    case Scalar::number:
      return std::string(kind_text(kind));
    case Scalar::text:
      return "text";
    case Scalar::word:
      return "word";
    case Scalar::currency:
      return "code";
    case Scalar::version:
      return "number";
    case Scalar::flag:
      return "boolean";
    case Scalar::date:
      return "date";
    case Scalar::none:
      break;
  }
  return "";
}

std::string shape_text(const KeySpec& k, Shape shape, ValueKind kind) {
  switch (shape) {
    case Shape::scalar:
      return scalar_text(k.scalar, kind);
    case Shape::section:
      return "map";
    case Shape::entries:
      return "list of maps";
    case Shape::stage_map:
      return fmt::format("map: stage → {}", scalar_text(k.scalar, kind));
    case Shape::text_map:
      return "map: text → text";
    case Shape::list:
      return fmt::format("list of {}", kind_text(kind));
  }
  return "";
}

// How `--set` and `--vary` reach the key, as a path pattern below `prefix`.
std::string reach_text(const KeySpec& k) {
  const bool numbers = k.scalar == Scalar::number;
  switch (k.shape) {
    case Shape::scalar:
      return k.varies && numbers ? "set, vary" : "set";
    case Shape::stage_map:
      return k.varies && numbers ? "set, vary (`.STAGE`)" : "set (`.STAGE`)";
    case Shape::text_map:
      return "set (`.VALUE`)";
    case Shape::list:
      return "set (`.INDEX`)";
    case Shape::section:
    case Shape::entries:
      break;
  }
  return "-";
}

}  // namespace

const KeySpec* Schema::find(Section section, std::string_view name) const {
  for (const KeySpec& k : m_keys) {
    if (k.section == section && k.name == name) {
      return &k;
    }
  }
  return nullptr;
}

std::vector<std::string_view> Schema::names(Section section) const {
  std::vector<std::string_view> out;
  for (const KeySpec& k : m_keys) {
    if (k.section == section) {
      out.push_back(k.name);
    }
  }
  return out;
}

const Schema& builtin_schema() {
  return k_builtin;
}

std::span<const std::string_view> period_words() {
  return k_periods;
}

std::string_view section_title(Section section) {
  switch (section) {
    case Section::scenario:
      return "the scenario";
    case Section::target:
      return "`target`";
    case Section::stage:
      return "a funnel stage";
    case Section::evidence:
      return "`evidence`";
    case Section::channel:
      return "a channel";
    case Section::tier:
      return "a tier of `cpl_tiers`";
    case Section::checks:
      return "`checks`";
    case Section::timeline:
      return "`timeline`";
    case Section::actuals:
      return "`actuals`";
  }
  return "the scenario";
}

std::string_view section_path(Section section) {
  switch (section) {
    case Section::scenario:
      return "";
    case Section::target:
      return "target";
    case Section::stage:
      return "funnel[]";
    case Section::evidence:
      return "funnel[].evidence";
    case Section::channel:
      return "channels[]";
    case Section::tier:
      return "channels[].cpl_tiers[]";
    case Section::checks:
      return "checks";
    case Section::timeline:
      return "timeline";
    case Section::actuals:
      return "actuals";
  }
  return "";
}

std::string_view entry_name_key(const Schema& schema, Section section) {
  for (const KeySpec& k : schema.keys()) {
    if (k.section == section && k.names_entry) {
      return k.name;
    }
  }
  return {};
}

std::string schema_markdown(const Schema& schema) {
  std::string out;
  for (std::size_t s = 0; s < k_section_count; ++s) {
    const auto section = static_cast<Section>(s);
    const std::string_view path = section_path(section);
    out += fmt::format("#### {}\n\n", path.empty() ? "Top level" : fmt::format("`{}`", path));
    out += "| key | kind | required | default | `--set` / `--vary` | description |\n";
    out += "|---|---|---|---|---|---|\n";
    for (const KeySpec& k : schema.keys()) {
      if (k.section != section) {
        continue;
      }
      std::string kind = shape_text(k, k.shape, k.number);
      if (k.alternative) {
        kind += fmt::format(" or {}", shape_text(k, *k.alternative, k.alternative_number));
      }
      if (!k.words.empty()) {
        kind += ": ";
        for (std::size_t i = 0; i < k.words.size(); ++i) {
          kind += fmt::format("{}`{}`", i == 0 ? "" : ", ", k.words[i]);
        }
      }
      out += fmt::format(
          "| `{}` | {} | {} | {} | {} | {} |\n", k.name, kind, k.required ? "yes" : "no",
          k.default_text.empty() ? std::string("-") : fmt::format("`{}`", k.default_text),
          reach_text(k), k.description);
    }
    out += "\n";
  }
  return out;
}

}  // namespace leadplan
