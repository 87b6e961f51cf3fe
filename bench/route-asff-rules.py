#!/usr/bin/env python3
"""Writes the ASFF rule sets of bench/route-asff.sh: for each operator, 1, 10, 100 and 1,000
named patterns built from values seen in the corpus (so rules match real findings), and a
`mixed` set cycling through the operators.

Usage: route-asff-rules.py CORPUS OUT_DIR
"""
import json
import random
import sys

corpus, out = sys.argv[1], sys.argv[2]
resource_ids, id_prefixes, wild_scopes, accounts = [], [], [], []
seen = set()
with open(corpus) as lines:
    for number, line in enumerate(lines):
        if number == 20000:
            break
        finding = json.loads(line)
        for resource in finding.get("Resources", []):
            if resource["Id"] not in seen:
                seen.add(resource["Id"])
                resource_ids.append(resource["Id"])
        finding_id = finding["Id"]
        prefix = finding_id[: finding_id.rfind("/") + 1]
        if prefix not in seen:
            seen.add(prefix)
            id_prefixes.append(prefix)
        scope = (finding["Region"], finding["AwsAccountId"])
        if scope not in seen:
            seen.add(scope)
            wild_scopes.append(scope)
            accounts.append(finding["AwsAccountId"])

rng = random.Random(7)
for values in (resource_ids, id_prefixes, wild_scopes, accounts):
    rng.shuffle(values)


def exact(i):
    return {"Resources": {"Id": [resource_ids[i % len(resource_ids)]]}}


def prefix(i):
    return {"Id": [{"prefix": id_prefixes[i % len(id_prefixes)]}]}


def numeric(i):
    low = 1024 + 64 * (i % 1000)
    return {"Network": {"SourcePort": [{"numeric": [">=", low, "<", low + 64]}]}}


def anything_but(i):
    return {"AwsAccountId": [{"anything-but": [accounts[i % len(accounts)]]}]}


def wildcard(i):
    region, account = wild_scopes[i % len(wild_scopes)]
    return {"Resources": {"Id": [{"wildcard": f"arn:aws:*:{region}:{account}:*"}]}}


def cidr(i):
    return {"Network": {"DestinationIpV4": [{"cidr": f"10.0.{i % 256}.{64 * (i // 256 % 4)}/26"}]}}


operators = {"exact": exact, "prefix": prefix, "numeric": numeric, "anything-but": anything_but,
             "wildcard": wildcard, "cidr": cidr}
generators = dict(operators)
generators["mixed"] = lambda i: list(operators.values())[i % len(operators)](i // len(operators))

for name, make in generators.items():
    for count in (1, 10, 100, 1000):
        rules = [{"name": f"{name}-{i}", "pattern": make(i)} for i in range(count)]
        with open(f"{out}/asff-{name}-{count}.json", "w") as file:
            json.dump(rules, file)
# The values of the single rules, for the jq baselines.
first = {name: make(0) for name, make in operators.items()}
with open(f"{out}/asff-first-rules.json", "w") as file:
    json.dump(first, file)
