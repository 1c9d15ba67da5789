package io.statewall.asma.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.asma.AsmaConfig;
import io.statewall.asma.Await;
import io.statewall.asma.EveLines;
import io.statewall.asma.TestAsma;
import io.statewall.asma.store.IngestRecord;
import io.statewall.asma.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An export configured in the ASMA gets what the store committed, filtered: the EVE file holds the
 * alert and state lines with their NMA as {@code host}, not the Modbus records, and after log
 * rotation (the file renamed away) the next lines go to a new file.
 */
class EveFileExportTest {
    @TempDir
    Path dir;

    private static String hosted(String line) {
        return "{\"host\":\"boiler-nma\"," + line.substring(1);
    }

    @Test
    void committedEventsReachTheFileFilteredAndAfterRotation() throws Exception {
        Path file = dir.resolve("out/asma-eve.json");
        AsmaConfig config = AsmaConfig.DEFAULT.withExports(List.of(new AsmaConfig.EveFileSpec("archive",
                new ExportFilter(Set.of("alert", "state"), 3), 100, file)));
        try (TestAsma asma = new TestAsma(dir.resolve("data"), config)) {
            Store store = asma.asma.store();
            Store.join(store.ingest("boiler-nma", List.of(new IngestRecord(1, IngestRecord.Kind.EVENT, 0, EveLines.STATE),
                    new IngestRecord(2, IngestRecord.Kind.EVENT, 0, EveLines.MODBUS),
                    new IngestRecord(3, IngestRecord.Kind.EVENT, 0, EveLines.ALERT))));
            Exporter x = asma.asma.exports().exporters().getFirst();
            Await.until(() -> x.sent() == 2, "two lines written");
            assertThat(Files.readAllLines(file)).containsExactly(hosted(EveLines.STATE), hosted(EveLines.ALERT));

            Files.move(file, dir.resolve("out/asma-eve.json.1"));
            Store.join(store.ingest("boiler-nma", List.of(new IngestRecord(4, IngestRecord.Kind.EVENT, 0, EveLines.ALERT))));
            Await.until(() -> x.sent() == 3, "the third line written");
            assertThat(Files.readAllLines(file)).containsExactly(hosted(EveLines.ALERT));
            assertThat(Files.readAllLines(dir.resolve("out/asma-eve.json.1"))).hasSize(2);
            assertThat(x.dropped()).isZero();
        }
    }
}
