/// The SQL of the PostgreSQL findings store (documented in docs/sink.md): the same columns as
/// the SQLite store, the finding as `jsonb`, the same insight views.
enum PostgresStoreSchema {
    static let tables = """
    CREATE TABLE IF NOT EXISTS findings (
        product_arn text NOT NULL,
        id text NOT NULL,
        aws_account_id text,
        region text,
        product_name text,
        company_name text,
        generator_id text,
        title text,
        type text,
        types jsonb,
        severity_label text,
        severity_normalized integer,
        workflow_status text,
        record_state text,
        compliance_status text,
        control_id text,
        resource_type text,
        resource_id text,
        created_at text,
        updated_at text,
        updated_at_ns bigint NOT NULL,
        finding jsonb NOT NULL,
        PRIMARY KEY (product_arn, id)
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
    CREATE OR REPLACE VIEW active_findings AS
        SELECT * FROM findings
        WHERE record_state = 'ACTIVE' AND coalesce(workflow_status, 'NEW') IN ('NEW', 'NOTIFIED');
    CREATE OR REPLACE VIEW insight_by_resource AS
        SELECT r ->> 'Id' AS resource_id, r ->> 'Type' AS resource_type, count(*) AS findings
        FROM active_findings AS f, jsonb_array_elements(f.finding -> 'Resources') AS r
        GROUP BY 1, 2 ORDER BY findings DESC, resource_id;
    CREATE OR REPLACE VIEW insight_by_account AS
        SELECT aws_account_id, count(*) AS findings FROM active_findings GROUP BY 1 ORDER BY findings DESC, aws_account_id;
    CREATE OR REPLACE VIEW insight_by_product AS
        SELECT product_name, count(*) AS findings FROM active_findings GROUP BY 1 ORDER BY findings DESC, product_name;
    CREATE OR REPLACE VIEW insight_by_type AS
        SELECT t AS type, count(*) AS findings
        FROM active_findings AS f, jsonb_array_elements_text(f.types) AS t
        GROUP BY 1 ORDER BY findings DESC, type;
    CREATE OR REPLACE VIEW insight_by_severity AS
        SELECT severity_label, count(*) AS findings FROM active_findings
        GROUP BY 1 ORDER BY min(CASE severity_label WHEN 'CRITICAL' THEN 0 WHEN 'HIGH' THEN 1 WHEN 'MEDIUM' THEN 2
                                                    WHEN 'LOW' THEN 3 ELSE 4 END);
    """

    /// A session-private staging table, emptied at every commit.
    static let staging = """
    CREATE TEMP TABLE IF NOT EXISTS findings_staging (LIKE findings) ON COMMIT DELETE ROWS
    """

    static var copy: String { "COPY findings_staging (\(StoreRow.columns.joined(separator: ", "))) FROM STDIN" }

    /// One set-based upsert of the staged batch: the latest version per identity, replacing a
    /// stored one only when its `UpdatedAt` is strictly later.
    static var upsert: String {
        let columns = StoreRow.columns.joined(separator: ", ")
        let updates = StoreRow.columns.dropFirst(2).map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        return """
        INSERT INTO findings (\(columns))
        SELECT DISTINCT ON (product_arn, id) \(columns) FROM findings_staging ORDER BY product_arn, id, updated_at_ns DESC
        ON CONFLICT (product_arn, id) DO UPDATE SET \(updates)
        WHERE excluded.updated_at_ns > findings.updated_at_ns
        """
    }
}
