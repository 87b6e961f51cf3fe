#!/usr/bin/env python3
"""Deterministic ASFF corpus for bench/dedupe.sh.

--count N findings, of which --repeat-percent are repeats of identities already written:
a third re-delivered as they were, a third later with only volatile fields moved
(UpdatedAt, LastObservedAt, ProductFields count), a third later with a changed severity.
--ids-from/--distinct choose the identity range (the warm state uses a wider range with
older UpdatedAt). Output is compact NDJSON, about 1.5 KB a finding.
"""
import argparse
import json
import random
import sys


def finding(n, version, changed, rng_seed):
    rng = random.Random(rng_seed * 1_000_003 + n)
    account = "%012d" % (100000000000 + n % 977)
    region = ("us-east-1", "eu-west-1", "ap-southeast-2")[n % 3]
    severity = ("LOW", "MEDIUM", "HIGH", "CRITICAL")[(n + changed) % 4]
    normalized = {"LOW": 1, "MEDIUM": 40, "HIGH": 70, "CRITICAL": 90}[severity]
    day = 1 + version
    updated = "2024-03-%02dT%02d:%02d:%02d.%03dZ" % (day, n % 24, n % 60, (n * 7) % 60, n % 1000)
    control = "EC2.%d" % (1 + n % 25)
    instance = "i-%017x" % (n * 2654435761 % (1 << 68))
    doc = {
        "SchemaVersion": "2018-10-08",
        "Id": "arn:aws:securityhub:%s:%s:subscription/aws-foundational-security-best-practices/v/1.0.0/%s/finding/%08x-%04x-4%03x-8%03x-%012x"
              % (region, account, control, n, n % 65536, n % 4096, (n * 3) % 4096, n * 7919),
        "ProductArn": "arn:aws:securityhub:%s::product/aws/securityhub" % region,
        "ProductName": "Security Hub",
        "CompanyName": "AWS",
        "Region": region,
        "GeneratorId": "aws-foundational-security-best-practices/v/1.0.0/%s" % control,
        "AwsAccountId": account,
        "Types": ["Software and Configuration Checks/Industry and Regulatory Standards/AWS-Foundational-Security-Best-Practices"],
        "FirstObservedAt": "2024-02-01T00:00:00.000Z",
        "LastObservedAt": updated,
        "CreatedAt": "2024-02-01T00:00:00.000Z",
        "UpdatedAt": updated,
        "Severity": {"Product": normalized, "Label": severity, "Normalized": normalized, "Original": severity},
        "Title": "%s EC2 instances should not have a public IPv4 address" % control,
        "Description": "This control checks whether EC2 instances have a public IP address. The control fails if the publicIp field is present in the EC2 instance configuration item. Instance %s." % instance,
        "Remediation": {"Recommendation": {"Text": "For information on how to correct this issue, consult the AWS Security Hub controls documentation.",
                                           "Url": "https://docs.aws.amazon.com/console/securityhub/%s/remediation" % control}},
        "ProductFields": {"StandardsArn": "arn:aws:securityhub:::standards/aws-foundational-security-best-practices/v/1.0.0",
                          "ControlId": control, "RecommendationUrl": "https://docs.aws.amazon.com/console/securityhub/%s/remediation" % control,
                          "aws/securityhub/ProductName": "Security Hub", "aws/securityhub/CompanyName": "AWS",
                          "Resources:0/Id": "arn:aws:ec2:%s:%s:instance/%s" % (region, account, instance),
                          "aws/guardduty/service/count": str(1 + version)},
        "Resources": [{"Type": "AwsEc2Instance", "Id": "arn:aws:ec2:%s:%s:instance/%s" % (region, account, instance),
                       "Partition": "aws", "Region": region,
                       "Details": {"AwsEc2Instance": {"Type": "t3.micro", "ImageId": "ami-%017x" % rng.getrandbits(68),
                                                      "IpV4Addresses": ["10.%d.%d.%d" % (n % 256, (n >> 8) % 256, (n >> 16) % 256)],
                                                      "VpcId": "vpc-%08x" % (n % 9973), "SubnetId": "subnet-%08x" % (n % 7919)}}}],
        "Compliance": {"Status": "FAILED", "SecurityControlId": control},
        "WorkflowState": "NEW",
        "Workflow": {"Status": "NEW"},
        "RecordState": "ACTIVE",
        "FindingProviderFields": {"Severity": {"Label": severity, "Original": severity},
                                  "Types": ["Software and Configuration Checks/Industry and Regulatory Standards/AWS-Foundational-Security-Best-Practices"]},
    }
    return json.dumps(doc, separators=(",", ":"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--repeat-percent", type=int, default=30)
    parser.add_argument("--ids-from", type=int, default=0)
    parser.add_argument("--version", type=int, default=1, help="base version (day) of first sightings")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    out = sys.stdout
    next_id = args.ids_from
    written = []
    for _ in range(args.count):
        if written and rng.randrange(100) < args.repeat_percent:
            n = written[rng.randrange(len(written))]
            kind = rng.randrange(3)
            if kind == 0:
                line = finding(n, args.version, 0, args.seed)
            elif kind == 1:
                line = finding(n, args.version + 1 + rng.randrange(5), 0, args.seed)
            else:
                line = finding(n, args.version + 1 + rng.randrange(5), 1, args.seed)
        else:
            n = next_id
            next_id += 1
            written.append(n)
            line = finding(n, args.version, 0, args.seed)
        out.write(line)
        out.write("\n")


if __name__ == "__main__":
    main()
