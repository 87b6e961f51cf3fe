import XCTest
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The three pipelines (exported-logs, cron-batch, siem-feed) and the GNU parallel recipe, run as
/// users run them, on the bundled samples and generated exports, with the debug executables.
final class PipelineTests: XCTestCase {
    let bin = Tools.binaries.path
    /// The scanner reports and some CLI outputs among the samples name no account or region.
    let sampleDefaults = ["--account", "123456789012", "--region", "us-east-1"]

    /// The identities (ProductArn TAB Id) normalize finds in `inputs` (files, or directories
    /// searched as the pipelines search them): the store must end with one row for each.
    func identities(of inputs: [String]) throws -> Set<String> {
        var files: [String] = []
        for input in inputs {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory), isDirectory.boolValue else {
                files.append(input)
                continue
            }
            for relative in try FileManager.default.subpathsOfDirectory(atPath: input).sorted() {
                let name = (relative as NSString).lastPathComponent
                var isSubdirectory: ObjCBool = false
                guard !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }), !name.hasSuffix(".tmp"), !name.hasSuffix(".part"),
                      FileManager.default.fileExists(atPath: input + "/" + relative, isDirectory: &isSubdirectory),
                      !isSubdirectory.boolValue else { continue }
                files.append(input + "/" + relative)
            }
        }
        let normalized = try Tools.run("normalize", sampleDefaults + files)
        XCTAssertEqual(normalized.status, 0, normalized.stderr)
        return Set(try normalized.lines.map { line -> String in
            let finding = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            return "\(finding["ProductArn"]!)\t\(finding["Id"]!)"
        })
    }

    // MARK: - exported-logs

    func testExportedLogsRunsTheSuiteOnTheSamples() throws {
        let directory = try makeTemporaryDirectory()
        let out = directory + "/out"
        let result = try Pipeline.run("Pipelines/exported-logs", ["--bin", bin, "--out", out, "--now", Pipeline.now]
                                      + sampleDefaults + [Pipeline.path("Samples/exports")], in: directory)
        XCTAssertEqual(result.status, 0, result.stderr)

        // The store: one row per identity in the samples, each finding carrying every stage's fields.
        let expected = try identities(of: [Pipeline.path("Samples/exports")])
        let stored = try Pipeline.query(out + "/findings.db", "SELECT product_arn, id FROM findings")
        XCTAssertEqual(Set(stored), expected)
        XCTAssertEqual(stored.count, expected.count)
        let findings = try Pipeline.query(out + "/findings.db", "SELECT finding FROM findings").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
        let fields = findings.map { $0["UserDefinedFields"] as? [String: String] ?? [:] }
        XCTAssertTrue(fields.allSatisfy { $0["dedupe.first"] == "2026-05-18T00:00:00.000Z" || $0["dedupe.first"] == Pipeline.now },
                      "dedupe stamps every finding: \(fields.first ?? [:])")
        XCTAssertTrue(fields.contains { $0["account.name"] == "Payments Production" }, "enrich names accounts from Samples/config")
        XCTAssertTrue(fields.contains { $0["rule.elevated"] == "true" }, "the sample automation rule elevated a production finding")
        let routedRules = Set(fields.compactMap { $0["route.rule"] })
        XCTAssertTrue(routedRules.isSuperset(of: ["critical-to-pager", "threats-to-soc", "failed-controls-to-compliance"]), "\(routedRules)")
        XCTAssertFalse(routedRules.contains("archive-low-noise"), "a disabled rule routes nothing")
        let notified = findings.filter { ($0["Workflow"] as? [String: Any])?["Status"] as? String == "NOTIFIED" }
        XCTAssertTrue(notified.contains { (($0["Note"] as? [String: Any])?["Text"] as? String)?.hasPrefix("remediate: planned") == true })

        // The routes: each rule's file target got what its rule matched.
        let pager = try Pipeline.objects(out + "/routes/pager.ndjson")
        XCTAssertEqual(pager.count, fields.filter { $0["route.rule"] == "critical-to-pager" }.count)
        XCTAssertTrue(pager.allSatisfy { ($0["summary"] as? String)?.hasPrefix("CRITICAL in ") == true }, "the input transformer ran")
        let soc = try Pipeline.objects(out + "/routes/soc.ndjson")
        XCTAssertEqual(soc.count, fields.filter { $0["route.rule"] == "threats-to-soc" }.count)

        // The plan: one record per planned action, playbooks from Samples/config, nothing executed.
        let plan = try Pipeline.objects(out + "/plan.ndjson")
        XCTAssertFalse(plan.isEmpty)
        let samplePlaybooks: Set = ["ec2-revoke-unrestricted-ingress", "ec2-default-security-group-close", "cloudtrail-enable",
                                    "s3-account-block-public-access", "kms-enable-key-rotation", "guardduty-ec2-isolate"]
        for record in plan {
            XCTAssertTrue(samplePlaybooks.contains(record["playbook"] as? String ?? ""), "\(record)")
            XCTAssertEqual((record["argv"] as? [String])?.first, "aws")
        }
        XCTAssertTrue(plan.contains { ($0["argv"] as? [String])?.contains("arn:aws:iam::111111111111:role/SecurityHubRemediation") == true
            || ($0["argv"] as? [String] ?? []).joined().contains("SecurityHubRemediation") }, "remediate-vars.txt reached the playbooks")
        XCTAssertEqual(Set(plan.map { $0["key"] as! String }).count, plan.count, "no action planned twice")
        XCTAssertEqual(notified.count, Set(plan.map { ($0["finding"] as! [String: Any])["Id"] as! String }).count)

        // The report and the summary.
        let report = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
        XCTAssertTrue(report.contains("<html"))
        XCTAssertTrue(report.contains("Payments Production") || report.contains("111122223333"))
        XCTAssertTrue(result.stdout.contains("findings in: "), result.stdout)
        XCTAssertTrue(result.stdout.contains("remediations planned: \(plan.count) "), result.stdout)
        XCTAssertTrue(result.stdout.contains("routed per target: "), result.stdout)
        XCTAssertTrue(result.stdout.contains("pager \(pager.count)"), result.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out + "/dead-letters/normalize.ndjson"), "no sample was rejected")

        // Every stored finding is still one BatchImportFindings accepts.
        try assertBotocoreAccepts(try Pipeline.query(out + "/findings.db", "SELECT finding FROM findings").joined(separator: "\n"))
    }

    func testExportedLogsKeepsDedupeStateAcrossRunsAndRefusesBadUsage() throws {
        let directory = try makeTemporaryDirectory()
        let out = directory + "/out", state = directory + "/dedupe.db"
        let arguments = ["--bin", bin, "--out", out, "--state", state, "-q"] + sampleDefaults
            + [Pipeline.path("Samples/exports/guardduty")]
        // A run whose sink fails leaves the state as it was: the next run passes everything again.
        // (The input is small: dedupe passes all of it into the pipe and ends before sink fails.)
        let failed = try Pipeline.run("Pipelines/exported-logs", arguments + ["--sink", "bogus:destination"], in: directory)
        XCTAssertEqual(failed.status, 2, failed.stderr)
        XCTAssertEqual(try Pipeline.run("Pipelines/exported-logs", arguments, in: directory).status, 0)
        let first = Pipeline.storeCount(out + "/findings.db")
        XCTAssertEqual(first, try identities(of: [Pipeline.path("Samples/exports/guardduty")]).count)
        let again = try Pipeline.run("Pipelines/exported-logs", arguments, in: directory)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(Pipeline.lines(out + "/logs/dedupe.log").contains { $0.contains(" written=0 ") }, "the state passed nothing again")
        XCTAssertEqual(Pipeline.storeCount(out + "/findings.db"), first)
        XCTAssertEqual(Pipeline.lines(out + "/plan.ndjson").count, 0, "nothing new, nothing planned")

        let help = try Pipeline.run("Pipelines/exported-logs", ["--help"], in: directory)
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.stdout.contains("Usage: Pipelines/exported-logs"))
        XCTAssertEqual(try Pipeline.run("Pipelines/exported-logs", ["--bin", bin, "--frobnicate", "x"], in: directory).status, 2)
        XCTAssertEqual(try Pipeline.run("Pipelines/exported-logs", ["--bin", bin], in: directory).status, 2)
        let missing = try Pipeline.run("Pipelines/exported-logs", ["--bin", bin, directory + "/nowhere"], in: directory)
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("nowhere: no such file or directory"), missing.stderr)
        let noTools = try Pipeline.run("Pipelines/exported-logs", ["--bin", directory, Pipeline.path("Samples/exports")], in: directory)
        XCTAssertEqual(noTools.status, 2)
        XCTAssertTrue(noTools.stderr.contains("make build"), noTools.stderr)

        // A broken routes file: route refuses it (exit 2) and the pipeline reports the worst status.
        let config = directory + "/config"
        try FileManager.default.copyItem(atPath: Pipeline.path("Samples/config"), toPath: config)
        try "Rules:\n  - Name: broken\n    EventPattern: {\"Severity\": {\"Label\": [{\"prefix\": 5}]}}\n"
            .write(toFile: config + "/routes.yaml", atomically: true, encoding: .utf8)
        let broken = try Pipeline.run("Pipelines/exported-logs", ["--bin", bin, "--out", directory + "/broken", "--config", config, "-q"]
                                      + sampleDefaults + [Pipeline.path("Samples/exports/securityhub")], in: directory)
        XCTAssertEqual(broken.status, 2)
        XCTAssertTrue(Pipeline.lines(directory + "/broken/logs/route.log").joined().contains("routes.yaml:3"))

        // Records a stage rejects: status 1, the rest stored, the record in the dead letters.
        let exports = directory + "/exports"
        try FileManager.default.createDirectory(atPath: exports, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Pipeline.path("Samples/exports/trivy/trivy-image.json"), toPath: exports + "/trivy-image.json")
        try FileManager.default.copyItem(atPath: Pipeline.path("Samples/exports/securityhub/get-findings.json"), toPath: exports + "/get-findings.json")
        let rejected = try Pipeline.run("Pipelines/exported-logs", ["--bin", bin, "--out", directory + "/rejected", "-q", exports], in: directory)
        XCTAssertEqual(rejected.status, 1, rejected.stderr)
        XCTAssertGreaterThan(Pipeline.storeCount(directory + "/rejected/findings.db"), 0)
        XCTAssertTrue(Pipeline.lines(directory + "/rejected/dead-letters/normalize.ndjson").first?.contains("trivy-image.json") == true)
    }

    // MARK: - cron-batch

    func cronArguments(_ state: String, _ inputs: String) -> [String] {
        ["--bin", bin, "--state-dir", state, "--now", Pipeline.now] + sampleDefaults + [inputs]
    }

    func testCronBatchProcessesEachFileOnce() throws {
        let directory = try makeTemporaryDirectory()
        let inputs = directory + "/incoming", state = directory + "/state"
        try FileManager.default.createDirectory(atPath: inputs, withIntermediateDirectories: true)
        let samples = Pipeline.path("Samples/exports")
        for file in ["securityhub/get-findings.json", "securityhub/securityhub-export.ndjson.gz", "guardduty/get-findings-cli.json"] {
            try FileManager.default.copyItem(atPath: samples + "/" + file, toPath: inputs + "/" + (file as NSString).lastPathComponent)
        }
        try "{\"Findings\": [".write(toFile: inputs + "/unfinished.json.tmp", atomically: true, encoding: .utf8)   // still being written
        let first = try Pipeline.run("Pipelines/cron-batch", cronArguments(state, inputs), in: directory)
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stdout.hasPrefix("cron-batch: files=3 held=0 "), first.stdout)
        XCTAssertEqual(first.stdout.split(separator: "\n").count, 1, "one summary line")
        XCTAssertEqual(first.stderr, "", "a run that went well says nothing else: cron mails only the summary")
        let manifest = Pipeline.lines(state + "/manifest.tsv")
        XCTAssertEqual(manifest.count, 3)
        for line in manifest {
            let fields = line.split(separator: "\t").map(String.init)
            XCTAssertEqual(fields.count, 4)
            XCTAssertEqual(fields[0].count, 64, "sha256")
            XCTAssertEqual(Int(fields[1]), (try FileManager.default.attributesOfItem(atPath: fields[3])[.size] as! NSNumber).intValue)
        }
        let stored = Pipeline.storeCount(state + "/findings.db")
        XCTAssertEqual(stored, try identities(of: [inputs]).count)
        let planned = Pipeline.lines(state + "/plan.ndjson").count

        // Nothing new: nothing processed.
        let second = try Pipeline.run("Pipelines/cron-batch", cronArguments(state, inputs), in: directory)
        XCTAssertEqual(second.status, 0)
        XCTAssertTrue(second.stdout.hasPrefix("cron-batch: files=0 held=3 "), second.stdout)
        // A touched file (new mtime, same content) and a renamed copy are held by their sha256.
        let touched = inputs + "/get-findings.json"
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(60)], ofItemAtPath: touched)
        try FileManager.default.copyItem(atPath: touched, toPath: inputs + "/get-findings-copy.json")
        let third = try Pipeline.run("Pipelines/cron-batch", cronArguments(state, inputs), in: directory)
        XCTAssertTrue(third.stdout.hasPrefix("cron-batch: files=0 held=4 "), third.stdout)
        // A new export with a later version of a stored finding: processed once, the store updated.
        let original = try Pipeline.query(state + "/findings.db", "SELECT finding FROM findings LIMIT 1")[0]
        var finding = try JSONSerialization.jsonObject(with: Data(original.utf8)) as! [String: Any]
        finding["UpdatedAt"] = "2030-01-01T00:00:00Z"
        finding["Title"] = "a later version"
        finding.removeValue(forKey: "UserDefinedFields")
        try JSONSerialization.data(withJSONObject: finding).write(to: URL(fileURLWithPath: inputs + "/later.json"))
        let fourth = try Pipeline.run("Pipelines/cron-batch", cronArguments(state, inputs), in: directory)
        XCTAssertEqual(fourth.status, 0, fourth.stderr)
        XCTAssertTrue(fourth.stdout.hasPrefix("cron-batch: files=1 held=4 findings=1 new-or-changed=1 "), fourth.stdout)
        XCTAssertEqual(Pipeline.storeCount(state + "/findings.db"), stored)
        XCTAssertEqual(try Pipeline.query(state + "/findings.db", "SELECT count(*) FROM findings WHERE title = 'a later version'"), ["1"])
        XCTAssertGreaterThanOrEqual(Pipeline.lines(state + "/plan.ndjson").count, planned)
        XCTAssertEqual(Pipeline.lines(state + "/manifest.tsv").count, 4)
        let log = try String(contentsOfFile: state + "/cron-batch.log", encoding: .utf8)
        XCTAssertTrue(log.contains("recorded 1 file(s)"), log)
        XCTAssertTrue(log.contains("dedupe: stats: "), "the stage logs are kept in the log")

        let help = try Pipeline.run("Pipelines/cron-batch", ["--help"], in: directory)
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.stdout.contains("flock"))
        XCTAssertEqual(try Pipeline.run("Pipelines/cron-batch", ["--bin", bin, inputs], in: directory).status, 2, "--state-dir is required")
        XCTAssertEqual(try Pipeline.run("Pipelines/cron-batch", ["--bin", bin, "-s", state, "--max-files", "x", inputs], in: directory).status, 2)
    }

    func testCronBatchRunsNeverOverlap() throws {
        let directory = try makeTemporaryDirectory()
        let inputs = directory + "/incoming", state = directory + "/state"
        try Pipeline.generate(count: 600, seed: 4, files: 3, into: inputs)
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)

        // Another run holds the lock: this one skips, touching nothing; with --wait it waits for it.
        let holder = try Pipeline.Running(executable: "/usr/bin/flock", [state + "/cron-batch.lock", "sleep", "30"], directory: directory)
        XCTAssertTrue(Pipeline.waitUntil(timeout: 10) { Pipeline.lockIsHeld(state + "/cron-batch.lock") })
        let skipped = try Pipeline.run("Pipelines/cron-batch", cronArguments(state, inputs), in: directory)
        XCTAssertEqual(skipped.status, 0)
        XCTAssertTrue(skipped.stdout.contains("skipped=1"), skipped.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: state + "/manifest.tsv"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: state + "/findings.db"))
        let waiting = try Pipeline.start("Pipelines/cron-batch", ["--wait"] + cronArguments(state, inputs), in: directory)
        usleep(500_000)
        XCTAssertTrue(waiting.process.isRunning, "--wait waits for the lock")
        holder.killTree(signal: SIGTERM)   // flock and its sleep, which holds the lock too
        let waited = waiting.wait(timeout: 60)
        XCTAssertEqual(waited.status, 0, waited.stderr)
        XCTAssertTrue(waited.stdout.hasPrefix("cron-batch: files=3 "), waited.stdout)

        // Two runs started together over new files: each file is processed by one of them, once.
        try Pipeline.generate(count: 600, seed: 5, files: 3, into: inputs + "/more")
        let a = try Pipeline.start("Pipelines/cron-batch", cronArguments(state, inputs), in: directory)
        let b = try Pipeline.start("Pipelines/cron-batch", cronArguments(state, inputs), in: directory)
        let results = [a.wait(timeout: 60), b.wait(timeout: 60)]
        XCTAssertEqual(results.map(\.status), [0, 0], results.map(\.stderr).joined())
        let processed = results.map(\.stdout).filter { $0.hasPrefix("cron-batch: files=3 ") }
        XCTAssertEqual(processed.count, 1, results.map(\.stdout).joined())
        let manifest = Pipeline.lines(state + "/manifest.tsv").map { $0.split(separator: "\t")[3] }
        XCTAssertEqual(manifest.count, 6)
        XCTAssertEqual(Set(manifest).count, 6, "no file recorded twice")
        XCTAssertEqual(Pipeline.storeCount(state + "/findings.db"), try identities(of: [inputs]).count)
    }

    func testCronBatchKilledMidRunIsCompletedByTheNextRun() throws {
        let directory = try makeTemporaryDirectory()
        let inputs = directory + "/incoming", state = directory + "/state", reference = directory + "/reference"
        try Pipeline.generate(count: 2000, seed: 9, files: 4, into: inputs)

        let killed = try Pipeline.start("Pipelines/cron-batch", cronArguments(state, inputs), in: directory)
        // Kill the whole run (script and stages) as soon as dedupe has finished: its state (the
        // run's working copy) holds every identity, while the store has not received them all.
        let dedupeLog = state + "/run/logs/dedupe.log"
        let dedupeDone = Pipeline.waitUntil(timeout: 60) { Pipeline.lines(dedupeLog).contains { $0.contains("stats:") } || !killed.process.isRunning }
        XCTAssertTrue(dedupeDone)
        XCTAssertTrue(killed.process.isRunning, "the run ended before it could be killed: \(killed.stdout)")
        killed.killTree(signal: SIGKILL)
        killed.process.waitUntilExit()
        XCTAssertTrue(Pipeline.lines(state + "/manifest.tsv").isEmpty, "nothing recorded before the run completed")
        XCTAssertFalse(FileManager.default.fileExists(atPath: state + "/dedupe.db"), "the dedupe state was not replaced")

        let next = try Pipeline.run("Pipelines/cron-batch", cronArguments(state, inputs), in: directory, timeout: 90)
        XCTAssertEqual(next.status, 0, next.stderr)
        XCTAssertTrue(next.stdout.hasPrefix("cron-batch: files=4 held=0 "), next.stdout)
        XCTAssertEqual(Pipeline.lines(state + "/manifest.tsv").count, 4)

        // The same as one uninterrupted run: every finding once, the same versions, the same plan.
        let whole = try Pipeline.run("Pipelines/cron-batch", cronArguments(reference, inputs), in: directory, timeout: 90)
        XCTAssertEqual(whole.status, 0, whole.stderr)
        let compared = try Pipeline.python([Pipeline.path("scale-out/compare_findings.py"), "--ignore", "Note.UpdatedAt",
                                            reference + "/findings.db", state + "/findings.db"])
        XCTAssertTrue(compared.contains("same findings"), compared)
        XCTAssertEqual(Pipeline.lines(state + "/plan.ndjson").count, Pipeline.lines(reference + "/plan.ndjson").count)
        XCTAssertEqual(Pipeline.lines(state + "/routes/pager.ndjson").count, Pipeline.lines(reference + "/routes/pager.ndjson").count)
        let again = try Pipeline.run("Pipelines/cron-batch", cronArguments(state, inputs), in: directory)
        XCTAssertTrue(again.stdout.hasPrefix("cron-batch: files=0 held=4 "), again.stdout)
    }

    func testCronBatchRotatesItsLog() throws {
        let directory = try makeTemporaryDirectory()
        let inputs = directory + "/incoming", state = directory + "/state"
        try FileManager.default.createDirectory(atPath: inputs, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Pipeline.path("Samples/exports/securityhub/asff-control-afsbp-ec2.1.json"),
                                         toPath: inputs + "/export.json")
        // The first run logs its stages; each later one a line, and each start rotates a log over 50 bytes.
        for _ in 0..<4 {
            let result = try Pipeline.run("Pipelines/cron-batch", ["--log-size", "50", "--log-keep", "2"] + cronArguments(state, inputs),
                                          in: directory)
            XCTAssertEqual(result.status, 0, result.stderr)
        }
        let logs = try FileManager.default.contentsOfDirectory(atPath: state).filter { $0.hasPrefix("cron-batch.log") }.sorted()
        XCTAssertEqual(logs, ["cron-batch.log", "cron-batch.log.1", "cron-batch.log.2"])
        XCTAssertTrue(try String(contentsOfFile: state + "/cron-batch.log.1", encoding: .utf8).contains("cron-batch: "))
    }

    // MARK: - siem-feed

    func testSiemFeedWaitsForAStalledSiemAndStopsCleanly() throws {
        let directory = try makeTemporaryDirectory()
        let spool = directory + "/spool", state = directory + "/state", received = directory + "/receiver"
        for path in [spool, received] { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        _ = FileManager.default.createFile(atPath: received + "/stall", contents: nil)
        let receiver = try Pipeline.Running(executable: "/usr/bin/env",
                                            ["python3", Fixtures.path("pipelines/hec_receiver.py"), received], directory: directory)
        defer { receiver.process.terminate() }
        XCTAssertTrue(Pipeline.waitUntil(timeout: 10) { receiver.stdout.hasSuffix("\n") })
        let port = receiver.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let feedArguments = ["--bin", bin, "--spool", spool, "--state-dir", state, "--interval", "0.1", "--batch-files", "1"]
            + sampleDefaults + ["--", "-f", "splunk-hec", "--timeout", "60", "--retries", "0", "http://127.0.0.1:\(port)/services/collector/event"]

        func drop(_ sample: String, as name: String) throws {   // as writers should: a hidden name, then a rename
            try FileManager.default.copyItem(atPath: Pipeline.path("Samples/exports/" + sample), toPath: spool + "/." + name)
            try FileManager.default.moveItem(atPath: spool + "/." + name, toPath: spool + "/" + name)
        }
        let feed = try Pipeline.start("Pipelines/siem-feed", feedArguments, in: directory)
        try drop("securityhub/get-findings.json", as: "a.json")
        XCTAssertTrue(Pipeline.waitUntil(timeout: 30) {
            (try? FileManager.default.contentsOfDirectory(atPath: received))?.contains { $0.hasPrefix("held-") } == true
        }, "the feed reached the SIEM: \(feed.stderr)")
        try drop("guardduty/get-findings-cli.json", as: "b.json")
        try drop("inspector/eventbridge-ec2-package-vulnerability.json", as: "c.json")
        usleep(1_000_000)
        // Backpressure: while the SIEM holds the request, the feed takes no more files.
        XCTAssertTrue(FileManager.default.fileExists(atPath: spool + "/b.json"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: spool + "/c.json"))
        XCTAssertTrue(feed.process.isRunning)
        XCTAssertEqual(Pipeline.lines(received + "/received.ndjson").count, 0)
        let resident = feed.treeResidentKilobytes
        XCTAssertGreaterThan(resident, 0)
        XCTAssertLessThan(resident, 256 * 1024, "the waiting feed holds one batch, not the spool")
        let second = try Pipeline.run("Pipelines/siem-feed", feedArguments, in: directory)
        XCTAssertEqual(second.status, 2, "one feed per state directory")
        XCTAssertTrue(second.stderr.contains("another siem-feed uses"), second.stderr)

        // SIGTERM: the batch in flight finishes once the SIEM answers, then the feed exits 0.
        feed.process.terminate()
        usleep(300_000)
        XCTAssertTrue(feed.process.isRunning, "the feed waits for the batch in flight")
        try FileManager.default.removeItem(atPath: received + "/stall")
        let stopped = feed.wait(timeout: 30)
        XCTAssertEqual(stopped.status, 0, stopped.stderr)
        XCTAssertTrue(stopped.stderr.contains("siem-feed: stopped"), stopped.stderr)
        let firstBatch = try Pipeline.objects(received + "/received.ndjson")
        XCTAssertEqual(Set(firstBatch.map { "\($0["ProductArn"]!)\t\($0["Id"]!)" }),
                       try identities(of: [Pipeline.path("Samples/exports/securityhub/get-findings.json")]))
        XCTAssertTrue(FileManager.default.fileExists(atPath: spool + "/.done/a.json"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: spool + "/b.json"), "no new batch after the stop request")

        // The next start delivers the rest, each finding once over both runs.
        let rest = try Pipeline.run("Pipelines/siem-feed", ["--once"] + feedArguments, in: directory)
        XCTAssertEqual(rest.status, 0, rest.stderr)
        let all = try Pipeline.objects(received + "/received.ndjson").map { "\($0["ProductArn"]!)\t\($0["Id"]!)" }
        let expected = try identities(of: ["securityhub/get-findings.json", "guardduty/get-findings-cli.json",
                                           "inspector/eventbridge-ec2-package-vulnerability.json"].map { Pipeline.path("Samples/exports/" + $0) })
        XCTAssertEqual(Set(all), expected)
        XCTAssertEqual(all.count, expected.count, "nothing delivered twice")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: spool).filter { !$0.hasPrefix(".") }, [])
        XCTAssertTrue(Pipeline.lines(state + "/siem-feed.log").contains { $0.contains("batch delivered: ") })
    }

    func testSiemFeedSpoolsWhileTheSiemFailsAndReplaysLater() throws {
        let directory = try makeTemporaryDirectory()
        let spool = directory + "/spool", state = directory + "/state", received = directory + "/receiver"
        for path in [spool, received] { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        _ = FileManager.default.createFile(atPath: received + "/fail", contents: nil)
        let receiver = try Pipeline.Running(executable: "/usr/bin/env",
                                            ["python3", Fixtures.path("pipelines/hec_receiver.py"), received], directory: directory)
        defer { receiver.process.terminate() }
        XCTAssertTrue(Pipeline.waitUntil(timeout: 10) { receiver.stdout.hasSuffix("\n") })
        let port = receiver.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let arguments = ["--bin", bin, "--spool", spool, "--state-dir", state, "--once"] + sampleDefaults
            + ["--", "-f", "splunk-hec", "--retries", "1", "--retry-delay", "0.05", "http://127.0.0.1:\(port)/services/collector/event"]
        try FileManager.default.copyItem(atPath: Pipeline.path("Samples/exports/securityhub/get-findings.json"), toPath: spool + "/a.json")

        let failing = try Pipeline.run("Pipelines/siem-feed", arguments, in: directory)
        XCTAssertEqual(failing.status, 3, failing.stderr)
        XCTAssertFalse(try FileManager.default.contentsOfDirectory(atPath: state + "/sink-spool").isEmpty, "the findings wait in the sink spool")
        XCTAssertTrue(FileManager.default.fileExists(atPath: spool + "/.done/a.json"))
        XCTAssertEqual(Pipeline.lines(received + "/received.ndjson").count, 0)
        let stillFailing = try Pipeline.run("Pipelines/siem-feed", arguments, in: directory)
        XCTAssertEqual(stillFailing.status, 3)
        XCTAssertTrue(stillFailing.stderr.contains("replay of"), stillFailing.stderr)

        try FileManager.default.removeItem(atPath: received + "/fail")
        let recovered = try Pipeline.run("Pipelines/siem-feed", arguments, in: directory)
        XCTAssertEqual(recovered.status, 0, recovered.stderr)
        XCTAssertEqual(Set(try Pipeline.objects(received + "/received.ndjson").map { "\($0["ProductArn"]!)\t\($0["Id"]!)" }),
                       try identities(of: [Pipeline.path("Samples/exports/securityhub/get-findings.json")]))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: state + "/sink-spool"), [])

        let refused = try Pipeline.run("Pipelines/siem-feed", ["--bin", bin, "--spool", spool, "--state-dir", state, "--", "nowhere"], in: directory)
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.contains("unknown destination"), refused.stderr)
        XCTAssertEqual(try Pipeline.run("Pipelines/siem-feed", ["--help"], in: directory).status, 0)
    }

    func testSiemFeedDeliversToSyslogOverTCP() throws {
        let directory = try makeTemporaryDirectory()
        let spool = directory + "/spool", state = directory + "/state", received = directory + "/syslog.bin"
        try FileManager.default.createDirectory(atPath: spool, withIntermediateDirectories: true)
        // A syslog receiver: one TCP connection, everything it carries into a file.
        let receiver = try Pipeline.Running(executable: "/usr/bin/env", ["python3", "-c", """
            import socket, sys
            server = socket.create_server(("127.0.0.1", 0))
            print(server.getsockname()[1], flush=True)
            connection, _ = server.accept()
            with open(sys.argv[1], "wb") as out:
                while True:
                    data = connection.recv(65536)
                    if not data: break
                    out.write(data)
            """, received], directory: directory)
        defer { receiver.process.terminate() }
        XCTAssertTrue(Pipeline.waitUntil(timeout: 10) { receiver.stdout.hasSuffix("\n") })
        let port = receiver.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try FileManager.default.copyItem(atPath: Pipeline.path("Samples/exports/guardduty/get-findings-cli.json"), toPath: spool + "/a.json")
        let result = try Pipeline.run("Pipelines/siem-feed", ["--bin", bin, "--spool", spool, "--state-dir", state, "--once"] + sampleDefaults
                                      + ["--", "-f", "cef", "syslog+tcp://127.0.0.1:\(port)"], in: directory)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(receiver.wait(timeout: 10).status, 0)
        // RFC 6587 octet counting: "LENGTH SP MESSAGE", each message RFC 5424 with a CEF payload.
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: received)))[...]
        var messages: [String] = []
        while let space = bytes.firstIndex(of: UInt8(ascii: " ")), let length = Int(String(decoding: bytes[bytes.startIndex..<space], as: UTF8.self)) {
            let start = bytes.index(after: space)
            messages.append(String(decoding: bytes[start..<start + length], as: UTF8.self))
            bytes = bytes[(start + length)...]
        }
        XCTAssertTrue(bytes.isEmpty, "the stream is whole frames")
        XCTAssertEqual(messages.count, try identities(of: [Pipeline.path("Samples/exports/guardduty/get-findings-cli.json")]).count)
        XCTAssertTrue(messages.allSatisfy { $0.hasPrefix("<") && $0.contains(" sink ") && $0.contains("CEF:0|") }, messages.first ?? "")
    }

    // MARK: - scale-out

    func testParallelRecipeMatchesTheSinglePipeline() throws {
        let directory = try makeTemporaryDirectory()
        let inputs = directory + "/exports"
        try Pipeline.generate(count: 800, seed: 21, files: 2, into: inputs, repeatShare: "0.4")
        let arguments = sampleDefaults + ["--now", Pipeline.now, "--bin", bin]
        let single = try Pipeline.run("Pipelines/exported-logs", arguments + ["-q", "--out", directory + "/single",
                                      "--sink", "file:\(directory)/single/stream/findings.ndjson", inputs, Pipeline.path("Samples/exports")], in: directory)
        XCTAssertEqual(single.status, 0, single.stderr)
        let sharded = try Pipeline.run("scale-out/parallel", arguments + ["--partitions", "3", "--out", directory + "/parallel",
                                       "--state-dir", directory + "/state", inputs, Pipeline.path("Samples/exports")], in: directory, timeout: 90)
        XCTAssertEqual(sharded.status, 0, sharded.stderr)
        for (expected, actual) in [("/single/stream", "/parallel/findings.ndjson"), ("/single/findings.db", "/parallel/findings.db")] {
            let compared = try Pipeline.python([Pipeline.path("scale-out/compare_findings.py"), "--ignore", "Note.UpdatedAt",
                                                directory + expected, directory + actual])
            XCTAssertTrue(compared.contains("same findings"), compared)
        }
        // Each partition holds exactly the identities the hash gives it, with its own dedupe state.
        let stream = directory + "/parallel/findings.ndjson"
        let tool = try Tools.run("dedupe", ["--partition-of", "3"], stdin: try Data(contentsOf: URL(fileURLWithPath: stream)))
        XCTAssertEqual(tool.lines.count, Pipeline.lines(stream).count)
        let python = try Pipeline.python([Pipeline.path("scale-out/stablehash.py"), "3"], stdinPath: stream)
        XCTAssertEqual(python, tool.stdout, "the Python identity hash agrees with dedupe --partition-of")
        for partition in 0..<3 {
            let lines = Pipeline.lines(directory + "/parallel/partition-\(partition)/findings.ndjson")
            let partitions = try Tools.run("dedupe", ["--partition-of", "3"], stdin: Data((lines.joined(separator: "\n") + "\n").utf8))
            XCTAssertTrue(partitions.lines.allSatisfy { $0.hasPrefix("\(partition) ") })
            XCTAssertTrue(FileManager.default.fileExists(atPath: directory + "/state/partition-\(partition)/dedupe.db"))
        }
        // A rerun on the kept state passes nothing new.
        let rerun = try Pipeline.run("scale-out/parallel", arguments + ["--partitions", "3", "--out", directory + "/rerun",
                                     "--state-dir", directory + "/state", inputs, Pipeline.path("Samples/exports")], in: directory, timeout: 90)
        XCTAssertEqual(rerun.status, 0, rerun.stderr)
        XCTAssertEqual(Pipeline.lines(directory + "/rerun/findings.ndjson").count, 0)
        XCTAssertEqual(try Pipeline.run("scale-out/parallel", ["--help"], in: directory).status, 0)
        XCTAssertTrue(try Pipeline.run("scale-out/worker", ["--help"], in: directory).stdout.contains("PARTITION<TAB>SEQUENCE<TAB>FINDING"))
        XCTAssertEqual(try Pipeline.run("scale-out/worker", ["sideways"], in: directory).status, 2)
        XCTAssertEqual(try Pipeline.run("scale-out/parallel", ["--bin", bin, "--partitions", "0", "--out", directory + "/x", "-s", directory, inputs],
                                        in: directory).status, 2)
        let refused = try Pipeline.run("scale-out/parallel", ["--bin", bin, "--out", directory, "-s", directory + "/s", inputs], in: directory)
        XCTAssertEqual(refused.status, 2, "a directory that is not an earlier output is never replaced")
        XCTAssertTrue(FileManager.default.fileExists(atPath: inputs), refused.stderr)
    }
}
