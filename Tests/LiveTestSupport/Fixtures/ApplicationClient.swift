import Foundation

/// The small psycopg 3 application whose traffic `ApplicationWorkload` records: one connection per job, each
/// exercising what a real application sends and pgbench or psql never do.
enum ApplicationClient {
    /// Debian's `python3-psycopg` installs into /usr/lib/python3/dist-packages, which only the system
    /// interpreter sees (a pyenv `python3` earlier on PATH does not).
    static let interpreter = "/usr/bin/python3"

    /// The longest the application may take; it needs about a second.
    static let timeoutSeconds = 60.0

    /// The application. Statements that name `customers.full_name` all run on the last connection, in
    /// autocommit and never prepared, so a copy without that column fails exactly those requests (42703)
    /// and nothing after them. The assertions make a psycopg that behaves differently fail the fixture.
    static let script = #"""
import sys
import time
from decimal import Decimal
import psycopg

dsn = sys.argv[1]

def pause():
    """Idle between jobs, as a real application does: a replay on a busy machine that falls behind its
    schedule still runs the jobs one after the other, as captured (each job reads what the last wrote)."""
    time.sleep(0.3)

# Hot path: every statement prepared at its first execution (named Parse "_pg3_N"), %b binary
# parameters, binary results.
with psycopg.connect(dsn, autocommit=True, prepare_threshold=0, application_name="fixture-prepared") as conn:
    with conn.cursor(binary=True) as cur:
        for customer_id in range(1, 11):
            cur.execute("SELECT id, email, balance FROM customers WHERE id = %b", (customer_id,))
            row = cur.fetchone()
            assert row[0] == customer_id, row
        for customer_id in range(1, 6):
            cur.execute("UPDATE customers SET balance = balance + %b WHERE id = %b", (Decimal("2.50"), customer_id))
            assert cur.rowcount == 1, cur.rowcount
        cur.execute("INSERT INTO orders (customer_id, amount, note) VALUES (%b, %b, %b) RETURNING id",
                    (1, Decimal("19.99"), "first order"))
        assert cur.fetchone()[0] == 1

# A duplicate e-mail inside a transaction: 23505, then psycopg rolls the transaction back.
pause()
with psycopg.connect(dsn, autocommit=True, application_name="fixture-duplicate") as conn:
    violated = False
    try:
        with conn.transaction():
            conn.execute("INSERT INTO orders (customer_id, amount, note) VALUES (%s, %s, %s)",
                         (2, Decimal("5.00"), "lost with the rollback"))
            conn.execute("INSERT INTO customers (email, balance) VALUES (%s, %s)",
                         ("customer7@example.com", Decimal("0")))
    except psycopg.errors.UniqueViolation:
        violated = True
    assert violated

# Batch job: COPY FROM STDIN, then a server-side cursor (DECLARE, FETCH until empty, CLOSE).
pause()
with psycopg.connect(dsn, application_name="fixture-batch") as conn:
    with conn.cursor() as cur:
        with cur.copy("COPY orders (customer_id, amount, note) FROM STDIN") as copy:
            for i in range(1, 41):
                copy.write_row((i % 50 + 1, Decimal(i) + Decimal("0.25"), f"bulk order {i}"))
        assert cur.rowcount == 40, cur.rowcount
    conn.commit()
    fetched = 0
    with conn.cursor(name="order_report") as cur:
        cur.execute("SELECT id, customer_id, amount FROM orders WHERE amount > %s ORDER BY id", (Decimal("10"),))
        while batch := cur.fetchmany(15):
            fetched += len(batch)
    conn.commit()
    assert fetched == 32, fetched

# Customer names: extended protocol with an unnamed statement, and simple Query (ClientCursor).
pause()
with psycopg.connect(dsn, autocommit=True, prepare_threshold=None, application_name="fixture-names") as conn:
    assert conn.execute("SELECT full_name FROM customers WHERE id = %s", (3,)).fetchone() == ("Customer 3",)
    conn.execute("UPDATE customers SET full_name = upper(full_name) WHERE id = %s", (4,))
    assert len(conn.execute("SELECT id, email FROM customers ORDER BY id LIMIT 5").fetchall()) == 5
    with psycopg.ClientCursor(conn) as cur:
        cur.execute("SELECT count(*) FROM customers WHERE full_name LIKE %s", ("Customer 1%",))
        assert cur.fetchone() == (11,)
        cur.execute("SELECT sum(balance) FROM customers")
        assert cur.fetchone() == (Decimal("12762.50"),)

print("application done")
"""#

    /// Runs the application against `connectionString` with `environment`; throws with its output when it
    /// fails, cannot start or takes longer than `timeoutSeconds`.
    static func run(connectionString: String, environment: [String: String], scratchDirectory: String) throws {
        let scriptPath = scratchDirectory + "/application.py"
        let outputPath = scratchDirectory + "/application.out"
        try script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
        guard FileManager.default.createFile(atPath: outputPath, contents: nil) else {
            throw LiveTestFailure("cannot create \(outputPath)")
        }
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        defer { try? output.close() }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: interpreter)
        process.arguments = [scriptPath, connectionString]
        process.environment = environment.merging(["PYTHONDONTWRITEBYTECODE": "1"]) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = output
        do {
            try process.run()
        } catch {
            throw LiveTestFailure("cannot run \(interpreter) (apt-get install -y python3-psycopg): \(error)")
        }
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            throw LiveTestFailure("the psycopg application did not finish within \(Int(timeoutSeconds)) s")
        }
        process.waitUntilExit()
        let printed = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let hint = printed.contains("No module named 'psycopg'") ? " (apt-get install -y python3-psycopg)" : ""
            throw LiveTestFailure("the psycopg application failed\(hint): \(printed)")
        }
    }
}
