#!/usr/bin/env python3
"""Deterministic ASFF findings (~2.2 KB each) for bench/sink.sh: sink-corpus.py COUNT SEED > file.ndjson"""
import json, random, sys

count, seed = int(sys.argv[1]), int(sys.argv[2])
rng = random.Random(seed)
labels = [("INFORMATIONAL", 0), ("LOW", 20), ("MEDIUM", 40), ("HIGH", 70), ("CRITICAL", 90)]
types = ["Software and Configuration Checks/AWS Security Best Practices", "TTPs/Initial Access/UnauthorizedAccess:EC2-SSHBruteForce",
         "Software and Configuration Checks/Vulnerabilities/CVE", "Effects/Data Exposure", "Unusual Behaviors/User"]
regions = ["us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2"]
words = "instance bucket policy public access key rotation root account logging trail encryption network port open".split()
out = sys.stdout
for i in range(count):
    account = "%012d" % rng.randrange(10**11, 10**12)
    region = rng.choice(regions)
    label, normalized = rng.choice(labels)
    day = 1 + i % 28
    finding = {
        "SchemaVersion": "2018-10-08",
        "Id": "arn:aws:securityhub:%s:%s:finding/%08x-%04x" % (region, account, rng.getrandbits(32), i % 65536),
        "ProductArn": "arn:aws:securityhub:%s::product/aws/securityhub" % region,
        "ProductName": "Security Hub", "CompanyName": "AWS", "Region": region,
        "GeneratorId": "security-control/%s.%d" % (rng.choice(["EC2", "S3", "IAM", "KMS"]), rng.randrange(1, 30)),
        "AwsAccountId": account,
        "Types": [rng.choice(types)],
        "FirstObservedAt": "2024-03-%02dT10:00:00.000Z" % day,
        "LastObservedAt": "2024-03-%02dT11:00:00.000Z" % day,
        "CreatedAt": "2024-03-%02dT10:00:00.000Z" % day,
        "UpdatedAt": "2024-03-%02dT12:%02d:%02d.%03dZ" % (day, rng.randrange(60), rng.randrange(60), rng.randrange(1000)),
        "Severity": {"Label": label, "Normalized": normalized, "Original": label},
        "Title": " ".join(rng.choice(words) for _ in range(8)),
        "Description": " ".join(rng.choice(words) for _ in range(60)) + " = | \\ test",
        "Remediation": {"Recommendation": {"Text": "See the documentation.", "Url": "https://docs.aws.amazon.com/console/securityhub/%d" % i}},
        "ProductFields": {"aws/securityhub/ProductName": "Security Hub", "aws/securityhub/CompanyName": "AWS",
                          "RelatedAWSResources:0/name": "securityhub-rule-%d" % rng.randrange(1000),
                          "aws/securityhub/FindingId": "arn:aws:securityhub:%s::product/aws/securityhub/%d" % (region, i)},
        "Resources": [{"Type": "AwsEc2Instance", "Id": "arn:aws:ec2:%s:%s:instance/i-%017x" % (region, account, rng.getrandbits(68)),
                       "Partition": "aws", "Region": region,
                       "Tags": {"env": rng.choice(["prod", "dev", "test"]), "team": "team-%d" % rng.randrange(20)},
                       "Details": {"AwsEc2Instance": {"Type": "t3.micro", "ImageId": "ami-%08x" % rng.getrandbits(32),
                                                       "IpV4Addresses": ["10.%d.%d.%d" % (rng.randrange(256), rng.randrange(256), rng.randrange(256))],
                                                       "VpcId": "vpc-%08x" % rng.getrandbits(32), "SubnetId": "subnet-%08x" % rng.getrandbits(32),
                                                       "LaunchedAt": "2024-01-01T00:00:00.000Z"}}}],
        "Compliance": {"Status": rng.choice(["PASSED", "FAILED", "WARNING"]), "SecurityControlId": "EC2.%d" % rng.randrange(1, 30),
                       "AssociatedStandards": [{"StandardsId": "standards/aws-foundational-security-best-practices/v/1.0.0"}]},
        "WorkflowState": "NEW", "Workflow": {"Status": rng.choice(["NEW", "NOTIFIED", "RESOLVED", "SUPPRESSED"])},
        "RecordState": rng.choice(["ACTIVE", "ACTIVE", "ACTIVE", "ARCHIVED"]),
        "FindingProviderFields": {"Severity": {"Label": label, "Original": label}, "Types": ["Software and Configuration Checks"]},
    }
    out.write(json.dumps(finding, separators=(",", ":")))
    out.write("\n")
