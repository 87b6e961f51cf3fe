#!/usr/bin/env python3
"""Deterministic generator of realistic ASFF findings, one per line (NDJSON).

Mixes Security Hub control findings, GuardDuty-sourced and Inspector-sourced findings with
unicode text, escapes and repeated identities (later versions of the same finding), so that
benchmarks and tests exercise the paths real exports take.

    python3 Samples/generate_asff.py --count 100000 --seed 7 > corpus.ndjson
"""
import argparse
import json
import random
import sys

REGIONS = ["us-east-1", "us-east-2", "eu-west-1", "eu-central-1", "ap-southeast-2"]
CONTROLS = [("S3.1", "S3 general purpose buckets should have block public access settings enabled", "MEDIUM"),
            ("EC2.2", "VPC default security groups should not allow inbound or outbound traffic", "HIGH"),
            ("IAM.3", "IAM users' access keys should be rotated every 90 days or less", "MEDIUM"),
            ("CloudTrail.1", "CloudTrail should be enabled and configured with at least one multi-Region trail", "HIGH"),
            ("KMS.4", "AWS KMS key rotation should be enabled", "MEDIUM"),
            ("EC2.19", "Security groups should not allow unrestricted access to ports with high risk", "CRITICAL")]
GD_TYPES = [("UnauthorizedAccess:EC2/SSHBruteForce", "Initial Access", 5.0),
            ("Recon:IAMUser/MaliciousIPCaller.Custom", "Discovery", 5.0),
            ("CryptoCurrency:EC2/BitcoinTool.B!DNS", "Impact", 8.0),
            ("Trojan:EC2/DNSDataExfiltration", "Exfiltration", 8.0),
            ("Policy:S3/BucketBlockPublicAccessDisabled", "Defense Evasion", 2.0)]
PACKAGES = [("openssl", "3.0.2-0ubuntu1.10", "3.0.2-0ubuntu1.12"), ("log4j-core", "2.14.1", "2.17.1"),
            ("curl", "7.81.0-1ubuntu1.13", "7.81.0-1ubuntu1.15"), ("glibc", "2.35-0ubuntu3.1", "2.35-0ubuntu3.4")]
NOTES = ["Owner: équipe sécurité ☂", "línea con \"comillas\" y \\barras\\", "tab\tseparated\nnew line",
         "日本語のメモ", "emoji 🚨 alert", "plain note"]


def label(normalized):
    if normalized == 0:
        return "INFORMATIONAL"
    if normalized < 40:
        return "LOW"
    if normalized < 70:
        return "MEDIUM"
    if normalized < 90:
        return "HIGH"
    return "CRITICAL"


def iso(rng, day_offset=0):
    day = 1 + (rng.randrange(27) + day_offset) % 28
    return f"2026-{1 + rng.randrange(11):02d}-{day:02d}T{rng.randrange(24):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}.{rng.randrange(1000):03d}Z"


def account(rng):
    return f"{rng.randrange(10**11, 10**12):012d}"


def control_finding(rng, n):
    control, title, sev = rng.choice(CONTROLS)
    region, acct = rng.choice(REGIONS), account(rng)
    status = rng.choice(["FAILED", "FAILED", "PASSED", "WARNING"])
    fid = f"arn:aws:securityhub:{region}:{acct}:security-control/{control}/finding/{n:08x}-{rng.randrange(16**8):08x}"
    created = iso(rng)
    return {
        "SchemaVersion": "2018-10-08", "Id": fid,
        "ProductArn": f"arn:aws:securityhub:{region}::product/aws/securityhub",
        "ProductName": "Security Hub", "CompanyName": "AWS", "Region": region,
        "GeneratorId": f"security-control/{control}", "AwsAccountId": acct,
        "Types": ["Software and Configuration Checks/Industry and Regulatory Standards"],
        "FirstObservedAt": created, "LastObservedAt": created, "CreatedAt": created, "UpdatedAt": created,
        "Severity": {"Label": sev, "Normalized": {"INFORMATIONAL": 0, "LOW": 1, "MEDIUM": 40, "HIGH": 70, "CRITICAL": 90}[sev], "Original": sev},
        "Title": f"{control} {title}", "Description": f"This control checks whether {title.lower()}.",
        "Remediation": {"Recommendation": {"Text": "For information on how to correct this issue, consult the AWS Security Hub controls documentation.",
                                           "Url": f"https://docs.aws.amazon.com/console/securityhub/{control}/remediation"}},
        "ProductFields": {"RelatedAWSResources:0/name": "securityhub-check", "aws/securityhub/ProductName": "Security Hub",
                          "aws/securityhub/CompanyName": "AWS", "aws/securityhub/FindingId": f"arn:aws:securityhub:{region}::product/aws/securityhub/{fid}"},
        "Resources": [{"Type": "AwsS3Bucket" if control.startswith("S3") else "AwsEc2SecurityGroup",
                       "Id": f"arn:aws:s3:::bucket-{rng.randrange(5000)}" if control.startswith("S3") else f"arn:aws:ec2:{region}:{acct}:security-group/sg-{rng.randrange(16**8):08x}",
                       "Partition": "aws", "Region": region,
                       "Tags": {"Owner": rng.choice(NOTES), "Environment": rng.choice(["prod", "dev", "staging"])}}],
        "Compliance": {"Status": status, "SecurityControlId": control,
                       "AssociatedStandards": [{"StandardsId": "standards/aws-foundational-security-best-practices/v/1.0.0"}]},
        "WorkflowState": "NEW", "Workflow": {"Status": "RESOLVED" if status == "PASSED" else "NEW"},
        "RecordState": "ACTIVE",
        "FindingProviderFields": {"Severity": {"Label": sev, "Original": sev},
                                  "Types": ["Software and Configuration Checks/Industry and Regulatory Standards"]},
        "Note": {"Text": rng.choice(NOTES), "UpdatedBy": "secops", "UpdatedAt": created},
    }


def guardduty_finding(rng, n):
    gd_type, tactic, severity = rng.choice(GD_TYPES)
    region, acct = rng.choice(REGIONS), account(rng)
    normalized = int(severity * 10)
    detector = f"{rng.randrange(16**16):016x}"
    fid = f"arn:aws:guardduty:{region}:{acct}:detector/{detector}/finding/{n:032x}"
    created = iso(rng)
    ip = f"198.51.100.{rng.randrange(256)}"
    return {
        "SchemaVersion": "2018-10-08", "Id": fid,
        "ProductArn": f"arn:aws:securityhub:{region}::product/aws/guardduty",
        "ProductName": "GuardDuty", "CompanyName": "Amazon", "Region": region,
        "GeneratorId": f"arn:aws:guardduty:{region}:{acct}:detector/{detector}", "AwsAccountId": acct,
        "Types": [f"TTPs/{tactic}/{gd_type.replace('/', '-')}"],
        "FirstObservedAt": created, "LastObservedAt": created, "CreatedAt": created, "UpdatedAt": created,
        "Severity": {"Product": severity, "Label": label(normalized), "Normalized": normalized},
        "Title": f"{gd_type} observed from {ip}", "Description": f"{ip} is performing {gd_type} against a resource in account {acct}.",
        "SourceUrl": f"https://{region}.console.aws.amazon.com/guardduty/home?region={region}#/findings?search=id%3D{n:032x}",
        "ProductFields": {"aws/guardduty/service/count": str(rng.randrange(1, 500)),
                          "aws/guardduty/service/action/actionType": "NETWORK_CONNECTION",
                          "aws/guardduty/service/archived": "false"},
        "Network": {"Direction": "IN", "Protocol": "TCP", "SourceIpV4": ip, "SourcePort": rng.randrange(1024, 65535),
                    "DestinationIpV4": f"10.0.{rng.randrange(256)}.{rng.randrange(256)}", "DestinationPort": 22},
        "Resources": [{"Type": "AwsEc2Instance", "Id": f"arn:aws:ec2:{region}:{acct}:instance/i-{rng.randrange(16**17):017x}",
                       "Partition": "aws", "Region": region,
                       "Details": {"AwsEc2Instance": {"Type": "t3.micro", "ImageId": f"ami-{rng.randrange(16**8):08x}",
                                                      "IpV4Addresses": [f"10.0.{rng.randrange(256)}.{rng.randrange(256)}"],
                                                      "LaunchedAt": created}}}],
        "WorkflowState": "NEW", "Workflow": {"Status": "NEW"}, "RecordState": "ACTIVE",
        "FindingProviderFields": {"Severity": {"Label": label(normalized), "Original": str(severity)},
                                  "Types": [f"TTPs/{tactic}/{gd_type.replace('/', '-')}"]},
    }


def inspector_finding(rng, n):
    pkg, installed, fixed = rng.choice(PACKAGES)
    region, acct = rng.choice(REGIONS), account(rng)
    score = round(rng.uniform(2.0, 10.0), 1)
    normalized = int(round(score * 10))
    cve = f"CVE-20{rng.randrange(18, 26)}-{rng.randrange(1000, 50000)}"
    created = iso(rng)
    fid = f"arn:aws:inspector2:{region}:{acct}:finding/{n:032x}"
    return {
        "SchemaVersion": "2018-10-08", "Id": fid,
        "ProductArn": f"arn:aws:securityhub:{region}::product/aws/inspector",
        "ProductName": "Inspector", "CompanyName": "Amazon", "Region": region,
        "GeneratorId": "AWSInspector", "AwsAccountId": acct,
        "Types": ["Software and Configuration Checks/Vulnerabilities/CVE"],
        "FirstObservedAt": created, "LastObservedAt": created, "CreatedAt": created, "UpdatedAt": created,
        "Severity": {"Label": label(normalized), "Normalized": normalized, "Original": label(normalized)},
        "Title": f"{cve} - {pkg}", "Description": f"A flaw was found in {pkg}. \"Quoted\" text, a backslash \\ and unicode — ok.",
        "Remediation": {"Recommendation": {"Text": f"Upgrade {pkg} to {fixed} or later."}},
        "ProductFields": {"aws/inspector/FindingStatus": "ACTIVE", "aws/inspector/inspectorScore": str(score),
                          "aws/inspector/resources/1/resourceDetails/awsEc2InstanceDetails/platform": "UBUNTU_22_04"},
        "Resources": [{"Type": "AwsEc2Instance", "Id": f"arn:aws:ec2:{region}:{acct}:instance/i-{rng.randrange(16**17):017x}",
                       "Partition": "aws", "Region": region}],
        "WorkflowState": "NEW", "Workflow": {"Status": "NEW"}, "RecordState": "ACTIVE",
        "Vulnerabilities": [{"Id": cve, "VulnerablePackages": [{"Name": pkg, "Version": installed, "FixedInVersion": fixed,
                                                                 "PackageManager": "OS", "Remediation": f"apt-get install {pkg}"}],
                             "Cvss": [{"Version": "3.1", "BaseScore": score,
                                       "BaseVector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "Source": "NVD"}],
                             "Vendor": {"Name": "NVD", "Url": f"https://nvd.nist.gov/vuln/detail/{cve}", "VendorSeverity": label(normalized)},
                             "ReferenceUrls": [f"https://nvd.nist.gov/vuln/detail/{cve}"],
                             "FixAvailable": "YES", "ExploitAvailable": rng.choice(["YES", "NO"]),
                             "EpssScore": round(rng.random(), 5)}],
        "FindingProviderFields": {"Severity": {"Label": label(normalized), "Original": label(normalized)},
                                  "Types": ["Software and Configuration Checks/Vulnerabilities/CVE"]},
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=float, default=0.1, help="share of lines that are a later version of an earlier finding")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    makers = [control_finding, guardduty_finding, inspector_finding]
    recent = []
    out = sys.stdout
    for n in range(args.count):
        if recent and rng.random() < args.repeat:
            finding = dict(rng.choice(recent))
            finding["UpdatedAt"] = iso(rng, 1)
            finding["LastObservedAt"] = finding["UpdatedAt"]
        else:
            finding = rng.choice(makers)(rng, n)
            recent.append(finding)
            if len(recent) > 1000:
                recent.pop(0)
        out.write(json.dumps(finding, ensure_ascii=False, separators=(",", ":")))
        out.write("\n")


if __name__ == "__main__":
    main()
