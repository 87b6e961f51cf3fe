/// The SQL of the SQLite findings store (documented in docs/sink.md).
enum SQLiteStoreSchema {
    static let pragmas = """
    PRAGMA page_size = 16384;
    PRAGMA journal_mode = WAL;
    PRAGMA synchronous = FULL;
    PRAGMA cache_size = -65536;
    PRAGMA wal_autocheckpoint = 4096;
    PRAGMA mmap_size = 1073741824;
    """

    static let tables = """
    CREATE TABLE IF NOT EXISTS findings (
        product_arn TEXT NOT NULL,
        id TEXT NOT NULL,
        aws_account_id TEXT,
        region TEXT,
        product_name TEXT,
        company_name TEXT,
        generator_id TEXT,
        title TEXT,
        type TEXT,
        types TEXT,
        severity_label TEXT,
        severity_normalized INTEGER,
        workflow_status TEXT,
        record_state TEXT,
        compliance_status TEXT,
        control_id TEXT,
        resource_type TEXT,
        resource_id TEXT,
        created_at TEXT,
        updated_at TEXT,
        updated_at_ns INTEGER NOT NULL,
        finding TEXT NOT NULL,
        UNIQUE (id, product_arn)
    );
    CREATE INDEX IF NOT EXISTS findings_account ON findings (aws_account_id);
    CREATE INDEX IF NOT EXISTS findings_region ON findings (region);
    CREATE INDEX IF NOT EXISTS findings_product ON findings (product_name);
    CREATE INDEX IF NOT EXISTS findings_severity ON findings (severity_label);
    CREATE INDEX IF NOT EXISTS findings_workflow ON findings (workflow_status);
    CREATE INDEX IF NOT EXISTS findings_record_state ON findings (record_state);
    CREATE INDEX IF NOT EXISTS findings_compliance ON findings (compliance_status);
    CREATE INDEX IF NOT EXISTS findings_type ON findings (type);
    CREATE INDEX IF NOT EXISTS findings_resource ON findings (resource_id);
    CREATE INDEX IF NOT EXISTS findings_updated ON findings (updated_at_ns);
    """

    /// Security Hub-style insights over live findings (RecordState ACTIVE, workflow not
    /// SUPPRESSED or RESOLVED), most findings first.
    static let views = """
    CREATE VIEW IF NOT EXISTS active_findings AS
        SELECT * FROM findings
        WHERE record_state = 'ACTIVE' AND coalesce(workflow_status, 'NEW') IN ('NEW', 'NOTIFIED');
    CREATE VIEW IF NOT EXISTS insight_by_resource AS
        SELECT json_extract(r.value, '$.Id') AS resource_id, json_extract(r.value, '$.Type') AS resource_type,
               count(*) AS findings
        FROM active_findings AS f, json_each(f.finding, '$.Resources') AS r
        GROUP BY 1, 2 ORDER BY findings DESC, resource_id;
    CREATE VIEW IF NOT EXISTS insight_by_account AS
        SELECT aws_account_id, count(*) AS findings FROM active_findings
        GROUP BY 1 ORDER BY findings DESC, aws_account_id;
    CREATE VIEW IF NOT EXISTS insight_by_product AS
        SELECT product_name, count(*) AS findings FROM active_findings
        GROUP BY 1 ORDER BY findings DESC, product_name;
    CREATE VIEW IF NOT EXISTS insight_by_type AS
        SELECT t.value AS type, count(*) AS findings
        FROM active_findings AS f, json_each(f.types) AS t
        GROUP BY 1 ORDER BY findings DESC, type;
    CREATE VIEW IF NOT EXISTS insight_by_severity AS
        SELECT severity_label, count(*) AS findings FROM active_findings
        GROUP BY 1 ORDER BY CASE severity_label WHEN 'CRITICAL' THEN 0 WHEN 'HIGH' THEN 1 WHEN 'MEDIUM' THEN 2
                                                WHEN 'LOW' THEN 3 ELSE 4 END;
    """

    /// Inserts a finding, or replaces the stored one when the new `UpdatedAt` is strictly later.
    static var upsert: String {
        let columns = StoreRow.columns
        let placeholders = (1...columns.count).map { "?\($0)" }.joined(separator: ", ")
        let updates = columns.dropFirst(2).map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        return """
        INSERT INTO findings (\(columns.joined(separator: ", "))) VALUES (\(placeholders))
        ON CONFLICT (id, product_arn) DO UPDATE SET \(updates)
        WHERE excluded.updated_at_ns > findings.updated_at_ns
        """
    }
}
