"""Writes the deterministic mixed-format corpus for bench/normalize-formats.sh.

One NDJSON (or report) file per source format under the output directory, built from the
normalize test fixtures with identities, accounts, severities and times varied by a seeded
generator, so every run of the benchmark reads the same bytes."""
import copy
import gzip
import json
import os
import random
import sys

out, count, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
fixtures = os.path.join(os.path.dirname(__file__), "..", "Tests", "EndToEndTests", "Fixtures", "normalize")
rng = random.Random(seed)


def load(relative):
    with open(os.path.join(fixtures, relative), "rb") as handle:
        data = handle.read()
    if relative.endswith(".gz"):
        data = gzip.decompress(data)
    text = data.decode()
    try:
        return [json.loads(text)]
    except json.JSONDecodeError:
        return [json.loads(line) for line in text.splitlines() if line.strip()]


def hexid(n=32):
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def account():
    return str(rng.randrange(10**11, 10**12))


def stamp():
    return "2024-%02d-%02dT%02d:%02d:%02d.%03dZ" % (rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23),
                                                    rng.randint(0, 59), rng.randint(0, 59), rng.randint(0, 999))


def write(name, documents):
    with open(os.path.join(out, name), "w") as handle:
        for document in documents:
            handle.write(json.dumps(document, separators=(",", ":")) + "\n")


guardduty = [d for f in ("real/guardduty/finding-ec2-canary-stateless.json", "real/guardduty/finding-iam-recon-maliciousipcaller-custom.json",
                         "real/guardduty/finding-s3-pentest-parrotlinux.json", "authored/guardduty-export.jsonl.gz") for d in load(f)]
docs = []
for _ in range(count):
    finding = copy.deepcopy(rng.choice(guardduty))
    finding["id"] = hexid()
    finding["accountId"] = account()
    finding["arn"] = "arn:aws:guardduty:%s:%s:detector/%s/finding/%s" % (finding["region"], finding["accountId"], hexid(), finding["id"])
    finding["severity"] = rng.choice([2, 5, 5.5, 8, 8.9])
    finding["createdAt"] = finding["updatedAt"] = stamp()
    docs.append(finding)
write("guardduty.ndjson", docs)

inspector = [load(f)[0] for f in ("real/inspector2/eventbridge-ec2-package-vulnerability.json", "real/inspector2/eventbridge-ecr-package-vulnerability.json",
                                  "real/inspector2/eventbridge-ec2-network-reachability.json", "real/inspector2/eventbridge-lambda-code-vulnerability.json")]
docs = []
for _ in range(count):
    event = copy.deepcopy(rng.choice(inspector))
    event["account"] = event["detail"]["awsAccountId"] = account()
    event["detail"]["findingArn"] = "arn:aws:inspector2:%s:%s:finding/%s" % (event["region"], event["account"], hexid())
    event["detail"]["severity"] = rng.choice(["LOW", "MEDIUM", "HIGH", "CRITICAL"])
    docs.append(event)
write("inspector.ndjson", docs)

macie = load("authored/macie-eventbridge-sensitive-data.json") + [{"detail": load("authored/macie-policy-finding.json")[0], "detail-type": "Macie Finding", "source": "aws.macie"}]
docs = []
for _ in range(count):
    event = copy.deepcopy(rng.choice(macie))
    event["detail"]["id"] = hexid()
    event["detail"]["accountId"] = account()
    docs.append(event)
write("macie.ndjson", docs)

analyzer = load("authored/access-analyzer-eventbridge-external.json")[0]
docs = []
for _ in range(count):
    event = copy.deepcopy(analyzer)
    event["detail"]["id"] = "%s-%s-%s-%s-%s" % (hexid(8), hexid(4), hexid(4), hexid(4), hexid(12))
    event["detail"]["resource"] = "arn:aws:s3:::bucket-%s" % hexid(10)
    event["detail"]["isPublic"] = rng.random() < 0.2
    docs.append(event)
write("access-analyzer.ndjson", docs)

config = load("authored/config-eventbridge-compliance-change.json")[0]
docs = []
for _ in range(count):
    event = copy.deepcopy(config)
    instance = "i-" + hexid(17)
    event["detail"]["resourceId"] = instance
    event["detail"]["newEvaluationResult"]["evaluationResultIdentifier"]["evaluationResultQualifier"]["resourceId"] = instance
    event["detail"]["newEvaluationResult"]["complianceType"] = rng.choice(["COMPLIANT", "NON_COMPLIANT"])
    docs.append(event)
write("config.ndjson", docs)

ocsf = load("authored/ocsf-prowler-detection.json")[0] + load("authored/ocsf-classes.ndjson")[:3]
docs = []
for _ in range(count):
    finding = copy.deepcopy(rng.choice(ocsf))
    finding["finding_info"]["uid"] = "finding-" + hexid()
    finding["severity_id"] = rng.randint(1, 5)
    docs.append(finding)
write("ocsf.ndjson", docs)

trivy = load("authored/trivy-image.json")[0]
vulnerability = trivy["Results"][0]["Vulnerabilities"][0]
reports = []
for _ in range(max(1, count // 200)):
    report = copy.deepcopy(trivy)
    report["ArtifactName"] = "registry.example.com/app-%s:1.0" % hexid(6)
    vulns = []
    for _ in range(200):
        item = copy.deepcopy(vulnerability)
        item["VulnerabilityID"] = "CVE-2024-%05d" % rng.randint(1, 99999)
        item["PkgID"] = "pkg-%s@1.0" % hexid(6)
        vulns.append(item)
    report["Results"][0]["Vulnerabilities"] = vulns
    reports.append(report)
write("trivy.ndjson", reports)

grype = load("authored/grype-image.json")[0]
reports = []
for _ in range(max(1, count // 200)):
    report = copy.deepcopy(grype)
    report["source"]["target"]["userInput"] = "app-%s:1.0" % hexid(6)
    matches = []
    for _ in range(200):
        match = copy.deepcopy(grype["matches"][0])
        match["vulnerability"]["id"] = "CVE-2024-%05d" % rng.randint(1, 99999)
        match["artifact"]["purl"] = "pkg:deb/debian/lib%s@1.0" % hexid(6)
        matches.append(match)
    report["matches"] = matches
    reports.append(report)
write("grype.ndjson", reports)
