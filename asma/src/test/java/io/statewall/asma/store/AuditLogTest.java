package io.statewall.asma.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit log's chain: it verifies, refuses UPDATE and DELETE, and shows rows changed behind its back. */
class AuditLogTest {
    @TempDir
    Path dir;

    private static void fill(Store s, int n) {
        for (int i = 1; i <= n; i++) {
            int k = i;
            Store.join(s.write(c -> AuditLog.append(c, "alice", "alert.ack", "alert " + k, "ok", k % 2 == 0 ? null : "why " + k,
                    "127.0.0.1")));
        }
    }

    private Connection raw() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("asma.db"));
    }

    @Test
    void anIntactChainVerifies() {
        try (Store s = Store.open(dir, StoreOptions.DEFAULT)) {
            AuditLog log = new AuditLog(s);
            assertThat(log.verify()).isEqualTo(new AuditLog.Verification(true, 0, AuditLog.GENESIS, null, null));
            fill(s, 5);
            AuditLog.Verification v = log.verify();
            assertThat(v.ok()).isTrue();
            assertThat(v.rows()).isEqualTo(5);
            assertThat(v.headHash()).isEqualTo(log.list(null, null, null, 1).getFirst().hash());
            assertThat(log.list(null, null, null, 10)).extracting(AuditEntry::id).containsExactly(5L, 4L, 3L, 2L, 1L);
            assertThat(log.list(3L, "alice", "alert.ack", 10)).extracting(AuditEntry::id).containsExactly(2L, 1L);
            assertThat(log.list(null, "bob", null, 10)).isEmpty();
        }
    }

    @Test
    void theDatabaseRefusesToUpdateOrDeleteAuditRows() throws Exception {
        try (Store s = Store.open(dir, StoreOptions.DEFAULT)) {
            fill(s, 2);
        }
        try (Connection c = raw(); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeUpdate("UPDATE audit SET actor = 'mallory' WHERE id = 1"))
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> st.executeUpdate("DELETE FROM audit WHERE id = 2")).hasMessageContaining("append-only");
        }
    }

    @Test
    void aRowChangedBehindTheServersBackIsFound() throws Exception {
        try (Store s = Store.open(dir, StoreOptions.DEFAULT)) {
            fill(s, 6);
            // Someone with the file drops the guard and rewrites row 3's detail.
            try (Connection c = raw(); Statement st = c.createStatement()) {
                st.executeUpdate("DROP TRIGGER audit_no_update");
                st.executeUpdate("UPDATE audit SET detail = 'nothing to see' WHERE id = 3");
            }
            AuditLog.Verification v = new AuditLog(s).verify();
            assertThat(v.ok()).isFalse();
            assertThat(v.firstBadId()).isEqualTo(3);
            assertThat(v.problem()).contains("does not match its hash");
        }
    }

    @Test
    void aRowRehashedButNotItsSuccessorIsFound() throws Exception {
        try (Store s = Store.open(dir, StoreOptions.DEFAULT)) {
            fill(s, 4);
            // A careful forger recomputes row 2's hash too: row 3 then no longer links to it.
            try (Connection c = raw(); Statement st = c.createStatement()) {
                st.executeUpdate("DROP TRIGGER audit_no_update");
                AuditEntry e = new AuditLog(s).list(3L, null, null, 1).getFirst();
                String forged = AuditLog.hash(e.prevHash(), e.id(), e.atMicros(), "mallory", e.action(), e.target(),
                        e.outcome(), e.detail(), e.remote());
                st.executeUpdate("UPDATE audit SET actor = 'mallory', hash = '" + forged + "' WHERE id = 2");
            }
            AuditLog.Verification v = new AuditLog(s).verify();
            assertThat(v.ok()).isFalse();
            assertThat(v.firstBadId()).isEqualTo(3);
            assertThat(v.problem()).contains("prev_hash");
        }
    }

    @Test
    void aRowRemovedFromTheMiddleIsFound() throws Exception {
        try (Store s = Store.open(dir, StoreOptions.DEFAULT)) {
            fill(s, 4);
            try (Connection c = raw(); Statement st = c.createStatement()) {
                st.executeUpdate("DROP TRIGGER audit_no_delete");
                st.executeUpdate("DELETE FROM audit WHERE id = 2");
            }
            AuditLog.Verification v = new AuditLog(s).verify();
            assertThat(v.ok()).isFalse();
            assertThat(v.firstBadId()).isEqualTo(3);
            assertThat(v.problem()).isEqualTo("row 2 is missing");
        }
    }

    @Test
    void fieldsAreLengthPrefixedSoMovingTextBetweenThemChangesTheHash() {
        String a = AuditLog.hash(AuditLog.GENESIS, 1, 1, "ab", "c", null, "ok", null, null);
        String b = AuditLog.hash(AuditLog.GENESIS, 1, 1, "a", "bc", null, "ok", null, null);
        String c = AuditLog.hash(AuditLog.GENESIS, 1, 1, "ab", "c", "", "ok", null, null);
        assertThat(a).isNotEqualTo(b).isNotEqualTo(c).hasSize(64);
    }
}
