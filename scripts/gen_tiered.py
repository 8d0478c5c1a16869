#!/usr/bin/python3
"""A large valid scenario with tiered channels and spend bounds, for measuring
`leadplan optimize` (docs/performance.md#optimize).

    scripts/gen_tiered.py CHANNELS [TIERS] > big.yaml

Deterministic: the same text for the same arguments. Block YAML only (no flow
maps), so that leadplan's fast reader takes it.
"""
import sys


def main() -> int:
    if len(sys.argv) < 2:
        print("usage: gen_tiered.py CHANNELS [TIERS]", file=sys.stderr)
        return 2
    channels = int(sys.argv[1])
    tiers = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    out = [
        "name: tiered benchmark\n",
        "target:\n  wins: 500\n",
        "funnel:\n  - stage: lead\n  - stage: mql\n    rate: 20%\n",
        "  - stage: sql\n    rate: 40%\n  - stage: won\n    rate: 25%\n",
        f"budget: {channels * 1000}\n",
        "channels:\n",
    ]
    state = 12345
    for c in range(channels):
        state = (state * 6364136223846793005 + 1442695040888963407) % 2**64
        r = (state >> 11) / 2**53
        cpl = 20 + round(r * 180, 2)
        out.append(f"  - name: c{c}\n    mql_rate: {10 + (c * 7) % 40}%\n    cpl_tiers:\n")
        for t in range(tiers):
            if t + 1 < tiers:
                out.append(f"      - leads: {50 + (c * 13 + t * 17) % 200}\n        cpl: {cpl:.2f}\n")
            else:
                out.append(f"      - cpl: {cpl:.2f}\n")
            cpl *= 1.25
        if c % 7 == 0:
            out.append("    min_spend: 200\n")
        if c % 5 == 0:
            out.append("    max_spend: 5000\n")
        if c % 11 == 0:
            out.append("    max_leads: 300\n")
    sys.stdout.write("".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
