/// The SQL of the SQLite findings store (documented in docs/sink.md).
enum SQLiteStoreSchema {
    /// `synchronous = FULL` makes a returned commit durable. Clean pages are read through the
    /// memory map (the OS page cache), so SQLite's own cache mainly holds the pages a batch
    /// changes: 32 MiB holds those of a 5,000-finding batch, and more costs page faults.
    static let pragmas = """
    PRAGMA page_size = 16384;
    PRAGMA synchronous = FULL;
    PRAGMA cache_size = -32768;
    PRAGMA mmap_size = 1073741824;
    """

    /// The rollback journal, kept between transactions (`PERSIST`): an insert-heavy load writes
    /// each page once, where WAL writes it to the log and again at the checkpoint. A commit ends
    /// by zeroing the journal's header and syncing it, so with `synchronous = FULL` it is durable
    /// (deleting the journal instead would need a directory sync that FULL does not make), and
    /// no journal file is created and removed per batch. `journal_size_limit` keeps the file
    /// from staying large after a very large batch. Leaving WAL (a store of an earlier `sink`)
    /// fails at once with SQLITE_BUSY while another connection has the store open.
    static let journal = "PRAGMA journal_mode = PERSIST; PRAGMA journal_size_limit = 67108864;"

    /// The findings table under `name`. A finding's identity is (product_arn, id); `key_hash`
    /// (`SQLiteStore.keyHash`) is its small index key, and the identity strings themselves are
    /// compared on every lookup, so two identities with the same hash are two rows.
    static func table(_ name: String) -> String {
        """
        CREATE TABLE IF NOT EXISTS \(name) (
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
            key_hash INTEGER NOT NULL
        );
        """
    }

    static let tables = table("findings") + """
    CREATE INDEX IF NOT EXISTS findings_key ON findings (key_hash);
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
    /// SUPPRESSED or RESOLVED), most findings first: (name, query).
    static let viewQueries = [
        ("active_findings", """
        SELECT * FROM findings
            WHERE record_state = 'ACTIVE' AND coalesce(workflow_status, 'NEW') IN ('NEW', 'NOTIFIED')
        """),
        ("insight_by_resource", """
        SELECT json_extract(r.value, '$.Id') AS resource_id, json_extract(r.value, '$.Type') AS resource_type,
               count(*) AS findings
            FROM active_findings AS f, json_each(f.finding, '$.Resources') AS r
            GROUP BY 1, 2 ORDER BY findings DESC, resource_id
        """),
        ("insight_by_account", """
        SELECT aws_account_id, count(*) AS findings FROM active_findings
            GROUP BY 1 ORDER BY findings DESC, aws_account_id
        """),
        ("insight_by_product", """
        SELECT product_name, count(*) AS findings FROM active_findings
            GROUP BY 1 ORDER BY findings DESC, product_name
        """),
        ("insight_by_type", """
        SELECT t.value AS type, count(*) AS findings
            FROM active_findings AS f, json_each(f.types) AS t
            GROUP BY 1 ORDER BY findings DESC, type
        """),
        ("insight_by_severity", """
        SELECT severity_label, count(*) AS findings FROM active_findings
            GROUP BY 1 ORDER BY CASE severity_label WHEN 'CRITICAL' THEN 0 WHEN 'HIGH' THEN 1 WHEN 'MEDIUM' THEN 2
                                                    WHEN 'LOW' THEN 3 ELSE 4 END
        """),
    ]

    static var views: String { viewQueries.map { "CREATE VIEW IF NOT EXISTS \($0.0) AS \($0.1);\n" }.joined() }

    /// The stored version of one identity: `?1` key hash, `?2` ProductArn, `?3` Id.
    static let lookup = "SELECT rowid, updated_at_ns FROM findings WHERE key_hash = ?1 AND product_arn = ?2 AND id = ?3"

    /// A new identity: `?1`…`?22` the `StoreRow` columns, `?23` the key hash.
    static var insert: String {
        let columns = StoreRow.columns + ["key_hash"]
        let placeholders = (1...columns.count).map { "?\($0)" }.joined(separator: ", ")
        return "INSERT INTO findings (\(columns.joined(separator: ", "))) VALUES (\(placeholders))"
    }

    /// A later version of a stored identity: the `StoreRow` columns after the identity, from
    /// the same parameters as `insert`; `?24` the row.
    static var update: String {
        let updates = StoreRow.columns.enumerated().dropFirst(2).map { "\($0.element) = ?\($0.offset + 1)" }
        return "UPDATE findings SET \(updates.joined(separator: ", ")) WHERE rowid = ?24"
    }
}
