#include "crm_export.hpp"

#include <array>
#include <cmath>
#include <string_view>

#include "leadplan/util/dates.hpp"

namespace leadplan::bench {

namespace {

// splitmix64: small, fast and the same everywhere.
class Random {
 public:
  explicit Random(std::uint64_t seed) : m_state(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, 1).
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
  // Gamma with shape 2 and mean `mean`: the sum of two exponentials.
  double gamma2(double mean) {
    return -(mean / 2) * (std::log(1 - uniform()) + std::log(1 - uniform()));
  }

 private:
  std::uint64_t m_state;
};

struct ChannelTruth {
  std::string_view source;
  double share;
  std::array<double, 4> rates;
};

constexpr std::array<ChannelTruth, 7> k_channels{{
    {"Paid Search", 0.30, {0.30, 0.40, 0.50, 0.25}},
    {"Organic Search", 0.25, {0.40, 0.45, 0.55, 0.30}},
    {"Paid Social", 0.15, {0.20, 0.30, 0.40, 0.20}},
    {"Offline Sources", 0.10, {0.50, 0.50, 0.60, 0.35}},
    {"Referrals", 0.08, {0.45, 0.55, 0.60, 0.35}},
    {"Email Marketing", 0.07, {0.35, 0.35, 0.45, 0.25}},
    {"", 0.05, {0.25, 0.30, 0.40, 0.20}},
}};
constexpr std::array<double, 5> k_mean_lag{3, 10, 14, 30, 20};
constexpr int k_history_days = 180;

std::size_t pick_channel(Random& random) {
  double roll = random.uniform();
  for (std::size_t c = 0; c < k_channels.size(); ++c) {
    roll -= k_channels[c].share;
    if (roll < 0) {
      return c;
    }
  }
  return k_channels.size() - 1;
}

// The moments (in days since the epoch, with the time of day as the fraction)
// a lead reached each of `stages` stages; NaN when it did not by as-of.
template <std::size_t N>
void simulate(Random& random, std::size_t channel, std::array<double, N>& moments,
              std::size_t stages) {
  moments.fill(std::nan(""));
  double moment = k_bench_as_of + 1 - k_history_days * random.uniform();
  moments[0] = moment;
  for (std::size_t i = 1; i < stages; ++i) {
    const std::array<double, 4>& rates = k_channels[channel].rates;
    if (random.uniform() >= rates[std::min(i - 1, rates.size() - 1)]) {
      return;
    }
    moment += random.gamma2(k_mean_lag[std::min(i - 1, k_mean_lag.size() - 1)]);
    if (moment >= k_bench_as_of + 1) {
      return;
    }
    moments[i] = moment;
  }
}

void append_moment(std::string& out, double moment) {
  if (std::isnan(moment)) {
    return;
  }
  const double day = std::floor(moment);
  out += format_date(from_day_number(static_cast<std::int32_t>(day)));
  const int minutes = static_cast<int>((moment - day) * 1440);
  out += ' ';
  out += static_cast<char>('0' + minutes / 600);
  out += static_cast<char>('0' + minutes / 60 % 10);
  out += ':';
  out += static_cast<char>('0' + minutes % 60 / 10);
  out += static_cast<char>('0' + minutes % 10);
}

constexpr std::array<std::string_view, 8> k_first{"Anna", "Ben",  "Chloé", "David",
                                                  "Elif", "Hiro", "Søren", "Zoë"};
constexpr std::array<std::string_view, 6> k_last{"Müller",  "Smith",  "García",
                                                 "O'Brien", "Nguyen", "Tanaka"};
constexpr std::array<std::string_view, 7> k_company{
    "\"Acme, Inc.\"", "Globex GmbH", "\"Initech, LLC\"",     "\"Umbrella \"\"Blue\"\" Holdings\"",
    "Hooli Ltd.",     "Wonka AG",    "\"Vandelay\nImports\""};
constexpr std::array<std::string_view, 4> k_title{
    "CEO", "VP Marketing", "\"Director, Demand Generation\"", "Marketing Manager"};
constexpr std::array<std::string_view, 5> k_lifecycle{
    "Lead", "Marketing Qualified Lead", "Sales Qualified Lead", "Opportunity", "Customer"};

}  // namespace

std::string crm_export_text(std::size_t rows, std::uint64_t seed) {
  Random random(seed);
  std::string out;
  out.reserve(rows * 160 + 400);
  out +=
      "Record ID,First Name,Last Name,Email,Company Name,Job Title,Create Date,"
      "Became a Marketing Qualified Lead Date,Became a Sales Qualified Lead Date,"
      "Became an Opportunity Date,Became a Customer Date,Last Activity Date,Original Source,"
      "Lifecycle Stage\n";
  std::array<double, 6> moments{};
  for (std::size_t row = 0; row < rows; ++row) {
    const std::size_t channel = pick_channel(random);
    simulate(random, channel, moments, 5);
    const std::string_view first = k_first[random.below(k_first.size())];
    const std::string_view last = k_last[random.below(k_last.size())];
    out += std::to_string(1000001 + row);
    out += ',';
    out += first;
    out += ',';
    out += last;
    out += ',';
    out += "lead";
    out += std::to_string(row);
    out += "@example.com,";
    out += k_company[random.below(k_company.size())];
    out += ',';
    out += k_title[random.below(k_title.size())];
    double latest = moments[0];
    std::size_t top = 0;
    for (std::size_t i = 0; i < 5; ++i) {
      out += ',';
      append_moment(out, moments[i]);
      if (!std::isnan(moments[i])) {
        latest = moments[i];
        top = i;
      }
    }
    out += ',';
    append_moment(out, latest);
    out += ',';
    out += k_channels[channel].source;
    out += ',';
    out += k_lifecycle[top];
    out += '\n';
  }
  return out;
}

LeadTable simulated_leads(std::size_t leads, std::size_t stages, std::uint64_t seed) {
  Random random(seed);
  LeadTable table(stages);
  table.reserve(leads);
  std::array<double, 16> moments{};
  std::array<std::int32_t, 16> days{};
  for (std::size_t lead = 0; lead < leads; ++lead) {
    const std::size_t channel = pick_channel(random);
    simulate(random, channel, moments, stages);
    for (std::size_t i = 0; i < stages; ++i) {
      days[i] =
          std::isnan(moments[i]) ? k_no_date : static_cast<std::int32_t>(std::floor(moments[i]));
    }
    (void)table.add(static_cast<std::uint32_t>(channel),
                    std::span<const std::int32_t>(days.data(), stages));
  }
  return table;
}

}  // namespace leadplan::bench
