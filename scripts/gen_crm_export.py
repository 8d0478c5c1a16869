#!/usr/bin/python3
"""Writes a simulated CRM export of leads, and optionally its spend file, for
`leadplan track`'s tests and benchmarks.

Each lead comes from a channel and moves down the funnel one step at a time:
it converts into the next stage with the channel's true rate, after a lag
drawn from a gamma distribution (shape 2) with the step's mean; a conversion
that would fall after the as-of date has not happened yet, so it is not in the
export. That is what biases a naive rate low and what the maturity rule of
CONTRACT section 9 corrects. Like real CRMs, some leads have a stage's date
left empty while a later one is set (a skipped stage).

Standard library only; the same arguments give the same bytes.

  /usr/bin/python3 scripts/gen_crm_export.py --rows 200000 --seed 7 -o leads.csv \\
      --spend spend.csv --truth truth.json
"""

import argparse
import csv
import datetime
import json
import random
import sys

# The funnel: stage names as a scenario would call them.
STAGES = ["lead", "mql", "sql", "meeting", "won"]

# Mean lag in days of each step (into mql, sql, meeting, won).
MEAN_LAG = [3.0, 10.0, 14.0, 30.0]

# Channel: (HubSpot `Original Source`, Salesforce `Lead Source`, share of leads,
#           true rate of each step, cost per lead).
CHANNELS = [
    ("Paid Search", "Paid Search", 0.30, [0.30, 0.40, 0.50, 0.25], 45.0),
    ("Organic Search", "Web", 0.25, [0.40, 0.45, 0.55, 0.30], 0.0),
    ("Paid Social", "Social Media", 0.15, [0.20, 0.30, 0.40, 0.20], 30.0),
    ("Offline Sources", "Trade Show", 0.10, [0.50, 0.50, 0.60, 0.35], 120.0),
    ("Referrals", "Partner Referral", 0.08, [0.45, 0.55, 0.60, 0.35], 60.0),
    ("Email Marketing", "Email", 0.07, [0.35, 0.35, 0.45, 0.25], 5.0),
    ("", "", 0.05, [0.25, 0.30, 0.40, 0.20], 0.0),  # no source recorded
]

# The share of leads whose CRM skipped a stage's date (the stage was reached).
SKIP_SHARE = 0.04

HUBSPOT_COLUMNS = [
    "Record ID", "First Name", "Last Name", "Email", "Company Name", "Job Title",
    "Create Date", "Became a Marketing Qualified Lead Date",
    "Became a Sales Qualified Lead Date", "Became an Opportunity Date",
    "Became a Customer Date", "Last Activity Date", "Original Source", "Lifecycle Stage",
]
HUBSPOT_LIFECYCLE = ["Lead", "Marketing Qualified Lead", "Sales Qualified Lead",
                     "Opportunity", "Customer"]

SALESFORCE_COLUMNS = [
    "Lead ID", "First Name", "Last Name", "Company", "Title", "Lead Source",
    "Created Date", "MQL Date", "SQL Date", "Opportunity Created Date", "Closed Won Date",
    "Last Modified Date", "Lead Status",
]
SALESFORCE_STATUS = ["Open - Not Contacted", "Working - Contacted", "Qualified",
                     "Opportunity", "Closed - Converted"]

FIRST_NAMES = ["Anna", "Ben", "Chloé", "David", "Elif", "Farid", "Greta", "Hiro", "Inès",
               "Jonas", "Kai", "Lena", "Mateo", "Nora", "Oskar", "Priya", "Quinn", "Rosa",
               "Søren", "Tariq", "Uma", "Víctor", "Wen", "Yusuf", "Zoë"]
LAST_NAMES = ["Müller", "Smith", "García", "O'Brien", "Nguyen", "Kowalski", "Rossi",
              "Johansson", "Dubois", "Tanaka", "Okafor", "Silva", "Novak", "Brown"]
COMPANY_WORDS = ["Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Hooli",
                 "Vandelay", "Soylent", "Tyrell", "Cyberdyne", "Wonka", "Gringotts"]
COMPANY_FORMS = ["Inc.", "LLC", "GmbH", "Ltd.", "S.A.", "AG", "Co."]
TITLES = ["CEO", "CTO", "VP Marketing", "Head of Sales", "Marketing Manager",
          "Director, Demand Generation", "Founder & CEO", "Operations Lead"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1000, help="leads to write (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--style", choices=["hubspot", "salesforce"], default="hubspot",
                        help="column names and date format (default hubspot)")
    parser.add_argument("--as-of", default="2027-03-15",
                        help="the export's day: no date after it (default 2027-03-15)")
    parser.add_argument("--days", type=int, default=180,
                        help="days of history: leads are created over them (default 180)")
    parser.add_argument("-o", "--output", default="-", help="the leads file (default stdout)")
    parser.add_argument("--spend", help="also write a spend file here (daily rows)")
    parser.add_argument("--spend-months", action="store_true",
                        help="write the spend file with a `month` column instead of `date`")
    parser.add_argument("--truth", help="also write the true rates and lags here (JSON)")
    return parser.parse_args()


def company(rng):
    name = rng.choice(COMPANY_WORDS)
    roll = rng.random()
    if roll < 0.4:
        return f"{name}, {rng.choice(COMPANY_FORMS)}"  # a comma: the field is quoted
    if roll < 0.45:
        return f'{name} "{rng.choice(COMPANY_WORDS)}" Holdings'  # doubled quotes
    if roll < 0.47:
        return f"{name}\n{rng.choice(COMPANY_FORMS)}"  # a line break inside quotes
    return f"{name} {rng.choice(COMPANY_FORMS)}"


def simulate(rng, created, as_of, rates):
    """The day each stage was reached (None: not, or not yet by as-of)."""
    reached = [created]
    moment = created
    for step, rate in enumerate(rates):
        if rng.random() >= rate:
            break
        moment = moment + datetime.timedelta(days=rng.gammavariate(2.0, MEAN_LAG[step] / 2.0))
        if moment > as_of:
            break
        reached.append(moment)
    return reached + [None] * (len(STAGES) - len(reached))


def write_leads(out, args, rng, as_of):
    hubspot = args.style == "hubspot"
    writer = csv.writer(out, lineterminator="\r\n" if not hubspot else "\n",
                        quoting=csv.QUOTE_MINIMAL if hubspot else csv.QUOTE_ALL)
    writer.writerow(HUBSPOT_COLUMNS if hubspot else SALESFORCE_COLUMNS)
    weights = [c[2] for c in CHANNELS]
    start = as_of - datetime.timedelta(days=args.days)
    seconds = args.days * 86400
    leads_per_day = {}
    for row in range(args.rows):
        channel = rng.choices(range(len(CHANNELS)), weights)[0]
        hub_source, sf_source, _, rates, _ = CHANNELS[channel]
        created = start + datetime.timedelta(seconds=rng.randrange(seconds))
        reached = simulate(rng, created, as_of, rates)
        day = created.date()
        leads_per_day[(channel, day)] = leads_per_day.get((channel, day), 0) + 1
        last = max(r for r in reached if r is not None)
        dates = list(reached)
        # A skipped stage: its date left empty while a later one is set.
        if rng.random() < SKIP_SHARE:
            inner = [i for i in range(1, len(STAGES) - 1)
                     if dates[i] is not None and dates[i + 1] is not None]
            if inner:
                dates[rng.choice(inner)] = None
        top = max(i for i, r in enumerate(reached) if r is not None)
        first = rng.choice(FIRST_NAMES)
        last_name = rng.choice(LAST_NAMES)
        if hubspot:
            cells = [d.strftime("%Y-%m-%d %H:%M") if d else "" for d in dates]
            activity = (last + datetime.timedelta(hours=rng.randrange(72)))
            activity = min(activity, as_of)
            writer.writerow([
                str(1000001 + row), first, last_name,
                f"{first.lower()}.{last_name.lower()}{row}@example.com", company(rng),
                rng.choice(TITLES), *cells, activity.strftime("%Y-%m-%d %H:%M"), hub_source,
                HUBSPOT_LIFECYCLE[top]])
        else:
            cells = [d.strftime("%Y-%m-%dT%H:%M:%S.000Z") if d else "" for d in dates]
            writer.writerow([
                f"00Q{row:015d}", first, last_name, company(rng), rng.choice(TITLES), sf_source,
                *cells, last.strftime("%Y-%m-%dT%H:%M:%S.000Z"), SALESFORCE_STATUS[top]])
    return leads_per_day


def write_spend(path, args, leads_per_day):
    """Spend by channel and day (or month): leads x the channel's CPL."""
    hubspot = args.style == "hubspot"
    totals = {}
    for (channel, day), leads in sorted(leads_per_day.items()):
        cpl = CHANNELS[channel][4]
        if cpl == 0:
            continue
        key = (channel, day.strftime("%Y-%m") if args.spend_months else day.isoformat())
        totals[key] = totals.get(key, 0.0) + leads * cpl
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["channel", "month" if args.spend_months else "date", "amount"])
        for (channel, when), amount in sorted(totals.items(), key=lambda kv: (kv[0][1], kv[0][0])):
            writer.writerow([CHANNELS[channel][0 if hubspot else 1], when, f"{amount:.2f}"])


def write_truth(path, args):
    """The true rates per channel and for the whole mix (the ratio of expected counts)."""
    hubspot = args.style == "hubspot"
    total_share = sum(c[2] for c in CHANNELS)
    channels = {}
    expected = [0.0] * len(STAGES)
    for name_hub, name_sf, share, rates, cpl in CHANNELS:
        name = (name_hub if hubspot else name_sf) or "(none)"
        channels[name] = {"share": share / total_share, "rates": rates, "cpl": cpl}
        flow = share / total_share
        expected[0] += flow
        for step, rate in enumerate(rates):
            flow *= rate
            expected[step + 1] += flow
    mix = [expected[i] / expected[i - 1] for i in range(1, len(STAGES))]
    truth = {"stages": STAGES, "mean_lag_days": MEAN_LAG, "rates": mix, "channels": channels,
             "skip_share": SKIP_SHARE, "rows": args.rows, "days": args.days,
             "as_of": args.as_of, "style": args.style,
             "columns": (HUBSPOT_COLUMNS[6:11] + [HUBSPOT_COLUMNS[12]]) if hubspot
             else (SALESFORCE_COLUMNS[6:11] + [SALESFORCE_COLUMNS[5]])}
    with open(path, "w", encoding="utf-8") as out:
        json.dump(truth, out, indent=2)
        out.write("\n")


def main():
    args = parse_args()
    rng = random.Random(args.seed)
    as_of = datetime.datetime.fromisoformat(args.as_of) + datetime.timedelta(days=1) \
        - datetime.timedelta(seconds=1)
    if args.output == "-":
        out = open(sys.stdout.fileno(), "w", newline="", encoding="utf-8", closefd=False)
    else:
        out = open(args.output, "w", newline="", encoding="utf-8")
    with out:
        leads_per_day = write_leads(out, args, rng, as_of)
    if args.spend:
        write_spend(args.spend, args, leads_per_day)
    if args.truth:
        write_truth(args.truth, args)


if __name__ == "__main__":
    main()
