#!/usr/bin/env python3
"""Deterministic inventories and intelligence for bench/enrich.sh, shaped like the real files:
list-accounts output, an account map, an asset map, a CISA KEV catalog, a FIRST EPSS file, an
IP reputation list, and CVSS vectors for `enrich --score`. Identities seen in the corpus are
included so that lookups hit.

    python3 bench/enrich_corpus.py CORPUS OUTDIR
"""
import gzip
import json
import random
import sys

corpus, out = sys.argv[1], sys.argv[2]
rng = random.Random(11)
accounts, resources, cves = [], [], []
seen = set()
with open(corpus) as f:
    for line in f:
        finding = json.loads(line)
        if finding["AwsAccountId"] not in seen:
            seen.add(finding["AwsAccountId"])
            accounts.append(finding["AwsAccountId"])
        resources.extend(r["Id"] for r in finding["Resources"])
        cves.extend(v["Id"] for v in finding.get("Vulnerabilities", []))

while len(accounts) < 10_000:
    candidate = f"{rng.randrange(10**11, 10**12):012d}"
    if candidate not in seen:
        seen.add(candidate)
        accounts.append(candidate)
accounts = accounts[:10_000]
with open(f"{out}/accounts.json", "w") as f:
    json.dump({"Accounts": [{"Id": a, "Arn": f"arn:aws:organizations::111111111111:account/o-bench/{a}",
                             "Email": f"owner{i}@example.com", "Name": f"account-{i}", "Status": "ACTIVE",
                             "JoinedMethod": "CREATED", "JoinedTimestamp": 1481835795.536}
                            for i, a in enumerate(accounts)]}, f, indent=1)
with open(f"{out}/account-map.csv", "w") as f:
    f.write("id,name,owner,environment,ou\n")
    for i, a in enumerate(accounts):
        f.write(f"{a},,team-{i % 97}@example.com,{['prod', 'staging', 'dev'][i % 3]},ou-bench-{i % 41}\n")

unique = list(dict.fromkeys(resources))
with open(f"{out}/assets.csv", "w") as f:
    f.write("resource,criticality,reach,tags\n")
    n = 0
    for r in unique[:1_000_000]:
        f.write(f"{r},{['high', 'medium', 'low', ''][n % 4]},{['internal', 'none', 'internet', ''][n % 4]},owner=team-{n % 97}\n")
        n += 1
    while n < 1_000_000:
        f.write(f"arn:aws:ec2:us-east-1:{accounts[n % len(accounts)]}:instance/i-{n:017x},{['high', 'medium', 'low'][n % 3]},,\n")
        n += 1

unique_cves = list(dict.fromkeys(cves))
kev = unique_cves[:600] + [f"CVE-20{10 + i % 15}-{10000 + i}" for i in range(600)]
with open(f"{out}/kev.json", "w") as f:
    json.dump({"title": "CISA Catalog of Known Exploited Vulnerabilities", "catalogVersion": "2026.05.18",
               "dateReleased": "2026-05-18T16:00:00.0000Z", "count": len(kev),
               "vulnerabilities": [{"cveID": c, "vendorProject": "Vendor", "product": "Product",
                                    "vulnerabilityName": f"Vulnerability {i}", "dateAdded": "2022-01-28",
                                    "shortDescription": "A flaw that is exploited in the wild.",
                                    "requiredAction": "Apply updates per vendor instructions.", "dueDate": "2022-02-18",
                                    "knownRansomwareCampaignUse": "Unknown" if i % 5 else "Known", "notes": "",
                                    "cwes": ["CWE-20"]} for i, c in enumerate(kev)]}, f, indent=4)

epss_ids = unique_cves + [f"CVE-{1999 + i % 27}-{i:05d}" for i in range(250_000 - len(unique_cves))]
with gzip.open(f"{out}/epss.csv.gz", "wt", compresslevel=6) as f:
    f.write("#model_version:v2025.03.14,score_date:2026-05-18T00:00:00Z\ncve,epss,percentile\n")
    for i, c in enumerate(epss_ids):
        f.write(f"{c},{rng.random():.5f},{rng.random():.5f}\n")

with open(f"{out}/bad-ips.txt", "w") as f:
    f.write("# bench reputation list\n198.51.100.0/25\n203.0.113.0/24\n")
    for i in range(5000):
        f.write(f"{rng.randrange(1, 224)}.{rng.randrange(256)}.{rng.randrange(256)}.0/24\n")

v3 = [("AV", "NALP"), ("AC", "LH"), ("PR", "NLH"), ("UI", "NR"), ("S", "UC"), ("C", "HLN"), ("I", "HLN"), ("A", "HLN")]
v4 = [("AV", "NALP"), ("AC", "LH"), ("AT", "NP"), ("PR", "NLH"), ("UI", "NPA"), ("VC", "HLN"), ("VI", "HLN"),
      ("VA", "HLN"), ("SC", "HLN"), ("SI", "HLN"), ("SA", "HLN")]
with open(f"{out}/vectors-v31.txt", "w") as f:
    for i in range(1_000_000):
        f.write("CVSS:3.1/" + "/".join(f"{m}:{rng.choice(vs)}" for m, vs in v3)
                + ("/E:F/RL:O/RC:C" if i % 4 == 0 else "") + ("/CR:H/MAV:A" if i % 8 == 0 else "") + "\n")
with open(f"{out}/vectors-v40.txt", "w") as f:
    for i in range(1_000_000):
        f.write("CVSS:4.0/" + "/".join(f"{m}:{rng.choice(vs)}" for m, vs in v4) + ("/E:A" if i % 4 == 0 else "") + "\n")
