// leadplan_gen_scenario CHANNELS [STAGES]: a large valid scenario on stdout, for
// scripts/bench.sh (the same text the loader benchmarks parse in memory).

#include <cstdio>
#include <cstdlib>
#include <string>

#include "scenarios.hpp"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fputs("usage: leadplan_gen_scenario CHANNELS [STAGES]\n", stderr);
    return 2;
  }
  const auto channels = static_cast<std::size_t>(std::strtoull(argv[1], nullptr, 10));
  const auto stages = argc > 2 ? static_cast<std::size_t>(std::strtoull(argv[2], nullptr, 10)) : 5;
  const std::string text = leadplan::bench::generated_text(stages, channels);
  std::fwrite(text.data(), 1, text.size(), stdout);
  return 0;
}
