#if canImport(Glibc)
import Glibc
#endif
import FindingsCore

/// `html:PATH`: a self-contained HTML report of every finding delivered, written atomically
/// when the run ends (and after each batch, so an interrupted run still leaves a report).
final class HTMLReportDestination: Destination {
    let label: String
    private let path: String
    private var data = ReportData()
    private var pending = 0
    private(set) var statistics = DeliveryStatistics()

    init(path: String) throws(DeliveryError) {
        self.path = path
        label = "html:\(path)"
        let directory = AtomicFile.parentDirectory(of: path)
        guard access(directory, W_OK) == 0 else { throw DeliveryError("\(label): cannot write in \(directory)") }
    }

    func add(_ finding: JSONNode) throws(DeliveryError) {
        data.add(finding)
        pending += 1
    }

    /// Rewrites the report with everything seen so far.
    func flush() throws(DeliveryError) {
        guard pending > 0 else { return }
        try write()
        statistics.delivered += pending
        statistics.batches += 1
        pending = 0
    }

    /// Findings of a failed batch go to the spool and come back on replay; the counts they
    /// already added stay, so a report written during a failing run may count them twice.
    func discardBatch() { pending = 0 }

    /// Writes the final report (an empty one when no finding came).
    func close() throws(DeliveryError) {
        if pending > 0 || statistics.batches == 0 {
            try write()
            statistics.delivered += pending
            pending = 0
        }
    }

    private func write() throws(DeliveryError) {
        let page = Array(HTMLReport.render(data).utf8)
        do { try AtomicFile.write(page, to: path) } catch { throw DeliveryError("\(label): \(error.message)") }
        statistics.bytes = page.count
    }
}
