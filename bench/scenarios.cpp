#include "scenarios.hpp"

#include <fmt/format.h>

#include "leadplan/load/source.hpp"

namespace leadplan::bench {

std::string seed_text() {
  return read_source(LEADPLAN_SOURCE_DIR "/examples/seed.yaml").text;
}

std::string generated_text(std::size_t stages, std::size_t channels) {
  std::string text = fmt::format(
      "leadplan: 1\nname: generated, {} stages and {} channels\nperiod: month\n"
      "target:\n  revenue: 2500000\n  deal_size: 50000\nbudget: 5000000\nfunnel:\n"
      "  - stage: lead\n",
      stages, channels);
  // Rates near 1 keep twenty stages well inside the 1e15 limit.
  for (std::size_t i = 1; i < stages; ++i) {
    text += fmt::format("  - stage: s{}\n    rate: {}%\n", i, 50 + (i * 7) % 50);
    if (i % 4 == 0) {
      text += fmt::format("    benchmark: {}%\n", 60 + (i * 3) % 40);
    }
  }
  text += "channels:\n";
  for (std::size_t i = 0; i < channels; ++i) {
    text += fmt::format("  - name: channel_{}\n    cpl: {}\n", i, 20 + (i * 37) % 180);
    if (i % 2 == 0) {
      text += fmt::format("    mql_rate: {}%\n", 5 + (i * 13) % 40);
    }
    if (i % 5 == 0) {
      text += fmt::format("    max_leads: {}\n", 100 + (i * 11) % 900);
    }
  }
  return text;
}

}  // namespace leadplan::bench
