#pragma once
// Scenarios for the benchmarks: the seed file, and large ones generated in memory.

#include <cstddef>
#include <string>

namespace leadplan::bench {

// The text of examples/seed.yaml.
[[nodiscard]] std::string seed_text();

// A valid scenario with `stages` funnel stages and `channels` channels (with a
// budget, some shares, mql rates and caps), as YAML text.
[[nodiscard]] std::string generated_text(std::size_t stages, std::size_t channels);

}  // namespace leadplan::bench
