package io.statewall.engine.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.protocols.DataArea;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The image after sequences of real exchanges (request PDU / response PDU in hex, MB-AP §6
 * layouts, "-" for an absent side), rendered as "area letter + address = raw value" in order
 * of first sight.
 */
class ProcessImageTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # name                                | exchanges: request / response ; …                                               | image afterwards
        # --- reads: value i lands at readAddress + i ---
        FC 1 coils, LSB first (§6.1 example)  | 01 0013 000A / 01 02 CD01                                                       | C19=1 C20=0 C21=1 C22=1 C23=0 C24=0 C25=1 C26=1 C27=1 C28=0
        FC 2 discrete inputs, 0x0A            | 02 00C4 0004 / 02 01 0A                                                         | D196=0 D197=1 D198=0 D199=1
        FC 3 holding registers (§6.3 example) | 03 006B 0003 / 03 06 022B 0000 0064                                             | H107=555 H108=0 H109=100
        FC 4 input register (§6.4 example)    | 04 0008 0001 / 04 02 000A                                                       | I8=10
        read again overwrites                 | 03 0001 0001 / 03 02 0005 ; 03 0001 0001 / 03 02 0009                           | H1=9
        same address, other table             | 03 0001 0001 / 03 02 0005 ; 04 0001 0001 / 04 02 0007                           | H1=5 I1=7
        two blocks read in turn               | 03 0001 0002 / 03 04 0005 0006 ; 03 0010 0002 / 03 04 0007 0008 ; 03 0001 0002 / 03 04 0009 000A ; 03 0010 0002 / 03 04 000B 000C | H1=9 H2=10 H16=11 H17=12
        overlapping reads                     | 03 0001 0003 / 03 06 0001 0002 0003 ; 03 0002 0003 / 03 06 0014 0015 0016     | H1=1 H2=20 H3=21 H4=22
        a block read backwards then forwards  | 03 0003 0001 / 03 02 0003 ; 03 0002 0001 / 03 02 0002 ; 03 0001 0003 / 03 06 000B 000C 000D | H3=13 H2=12 H1=11
        # --- confirmed writes ---
        FC 5 coil ON (0xFF00)                 | 05 00AC FF00 / 05 00AC FF00                                                     | C172=1
        FC 5 ON then OFF (0x0000)             | 05 00AC FF00 / 05 00AC FF00 ; 05 00AC 0000 / 05 00AC 0000                      | C172=0
        FC 5 illegal coil value 0x1234        | 05 00AC 1234 / 05 00AC 1234                                                     |
        FC 6 register (§6.6 example)          | 06 0001 0003 / 06 0001 0003                                                     | H1=3
        FC 15 ten coils (§6.11 example)       | 0F 0013 000A 02 CD01 / 0F 0013 000A                                             | C19=1 C20=0 C21=1 C22=1 C23=0 C24=0 C25=1 C26=1 C27=1 C28=0
        FC 16 two registers (§6.12 example)   | 10 0001 0002 04 000A 0102 / 10 0001 0002                                        | H1=10 H2=258
        FC 23 write then read (§6.17 example) | 17 0003 0006 000E 0003 06 00FF 00FF 00FF / 17 0C 00FE 0ACD 0001 0003 000D 00FF  | H14=255 H15=255 H16=255 H3=254 H4=2765 H5=1 H6=3 H7=13 H8=255
        FC 23 read sees the write first       | 17 0003 0001 0003 0001 02 0001 / 17 02 0007                                     | H3=7
        # --- FC 22 mask write: (current AND and) OR (or AND NOT and), §6.16 ---
        FC 22 §6.16 example 0x12 -> 0x17      | 03 0004 0001 / 03 02 0012 ; 16 0004 00F2 0025 / 16 0004 00F2 0025               | H4=23
        FC 22 AND 0xFFFF keeps the value      | 03 0004 0001 / 03 02 1234 ; 16 0004 FFFF 0000 / 16 0004 FFFF 0000               | H4=4660
        FC 22 AND 0 sets OR mask              | 03 0004 0001 / 03 02 1234 ; 16 0004 0000 00FF / 16 0004 0000 00FF               | H4=255
        FC 22 unseen register, AND 0          | 16 0004 0000 0025 / 16 0004 0000 0025                                           | H4=37
        FC 22 unseen register, AND 0xF2       | 16 0004 00F2 0025 / 16 0004 00F2 0025                                           |
        # --- nothing changes without a normal response ---
        FC 3 exception 02                     | 03 006B 0003 / 83 02                                                            |
        FC 6 exception keeps old value        | 03 0001 0001 / 03 02 0005 ; 06 0001 0003 / 86 04                                | H1=5
        FC 15 exception                       | 0F 0013 000A 02 CD01 / 8F 02                                                    |
        FC 16 exception                       | 10 0001 0002 04 000A 0102 / 90 02                                               |
        FC 22 exception                       | 03 0004 0001 / 03 02 0012 ; 16 0004 00F2 0025 / 96 02                           | H4=18
        FC 23 exception: no write, no read    | 17 0003 0001 0003 0001 02 0001 / 97 02                                          |
        FC 6 without response                 | 06 0001 0003 / -                                                                |
        FC 16 without response                | 10 0001 0002 04 000A 0102 / -                                                   |
        FC 3 without response                 | 03 006B 0003 / -                                                                |
        FC 3 response without request         | - / 03 02 0005                                                                  |
        FC 6 echo without request (pick-up)   | - / 06 0001 0003                                                                | H1=3
        # --- responses that disagree with their request are not taken ---
        FC 6 echo differs                     | 06 0001 0003 / 06 0001 0004                                                     |
        FC 16 echo quantity differs           | 10 0001 0002 04 000A 0102 / 10 0001 0001                                        |
        FC 3 byte count for 1 of 2 asked      | 03 0001 0002 / 03 02 0005                                                       |
        # --- other functions and hostile fields ---
        FC 8 echo is no point                 | 08 0000 A537 / 08 0000 A537                                                     |
        unassigned FC 0x41                    | 41 0102 / 41 0102                                                               |
        read past address 65535               | 03 FFFF 0002 / 03 04 0001 0002                                                  | H65535=1
        FC 3 truncated response data          | 03 0001 0001 / 03 02 00                                                         |
        """)
    void imageAfterExchanges(String name, String exchanges, String expected) {
        ImageFeed feed = new ImageFeed();
        feed.script(exchanges);
        assertThat(feed.render()).isEqualTo(expected == null ? "" : expected);
    }

    @Test
    void counters_explainWhatWasNotTaken() {
        ImageFeed feed = new ImageFeed();
        feed.script("16 0004 00F2 0025 / 16 0004 00F2 0025 ; 06 0001 0003 / 06 0001 0004 ; 03 FFFF 0003 / 03 06 0001 0002 0003");
        assertThat(feed.image.unresolvedMaskWrites()).isEqualTo(1);
        assertThat(feed.image.mismatchedResponses()).isEqualTo(1);
        assertThat(feed.image.outOfRangeValues()).isEqualTo(2);
        assertThat(feed.image.droppedPoints()).isZero();
    }

    @Test
    void remembersWhoUpdatedHowAndWhen() {
        ImageFeed feed = new ImageFeed();
        feed.exchange("03 0001 0001", "03 02 0005", 1_000_000);
        int id = feed.image.pointId(PointKey.ipv4(ImageFeed.SERVER, 502, 1, DataArea.HOLDING_REGISTERS, 1));
        assertThat(id).isZero();
        assertThat(feed.image.updateKind(id)).isEqualTo(UpdateKind.READ);
        assertThat(feed.image.updateFunction(id)).isEqualTo(3);
        assertThat(feed.image.updatedAt(id)).as("response timestamp").isEqualTo(1_001_000);
        assertThat(feed.image.updateCount(id)).isEqualTo(1);
        assertThat(feed.image.updaterAddrHi(id)).isZero();
        assertThat(feed.image.updaterAddrLo(id)).isEqualTo(0x0A00_0001L);
        assertThat(feed.image.updaterPort(id)).isEqualTo(40_000);

        feed.flow.srcPort = 40_001;
        feed.exchange("06 0001 0007", "06 0001 0007", 2_000_000);
        assertThat(feed.image.value(id)).isEqualTo(7);
        assertThat(feed.image.updateKind(id)).isEqualTo(UpdateKind.WRITE);
        assertThat(feed.image.updateFunction(id)).isEqualTo(6);
        assertThat(feed.image.updatedAt(id)).isEqualTo(2_001_000);
        assertThat(feed.image.updateCount(id)).isEqualTo(2);
        assertThat(feed.image.updaterPort(id)).isEqualTo(40_001);

        feed.exchange("17 0001 0001 0001 0001 02 0008", "17 02 0008", 3_000_000);
        assertThat(feed.image.updateKind(id)).as("FC 23 read part is applied last").isEqualTo(UpdateKind.READ);
        assertThat(feed.image.updateFunction(id)).isEqualTo(23);
        assertThat(feed.image.updateCount(id)).isEqualTo(4);

        feed.exchange("16 0001 0000 0009", "16 0001 0000 0009", 4_000_000);
        assertThat(feed.image.updateKind(id)).isEqualTo(UpdateKind.WRITE);
        assertThat(feed.image.updateFunction(id)).isEqualTo(22);
    }

    @Test
    void reportsOnlyChangedPoints_onceEach_afterTheWholeTransaction() {
        List<String> heard = new ArrayList<>();
        ProcessImage image = new ProcessImage(ImageLimits.DEFAULT,
                (pointId, ts) -> heard.add(pointId + "@" + ts));
        ImageFeed feed = new ImageFeed(image);

        assertThat(feed.exchange("03 0000 0003", "03 06 0001 0002 0003", 1_000_000)).as("first sight").isEqualTo(3);
        assertThat(heard).containsExactly("0@1001000", "1@1001000", "2@1001000");
        assertThat(image.changedCount()).isEqualTo(3);
        assertThat(image.changedPoint(2)).isEqualTo(2);

        heard.clear();
        assertThat(feed.exchange("03 0000 0003", "03 06 0001 0002 0003", 2_000_000)).as("same values").isZero();
        assertThat(heard).isEmpty();
        assertThat(image.updatedAt(1)).as("still refreshed").isEqualTo(2_001_000);
        assertThat(image.updateCount(1)).isEqualTo(2);

        assertThat(feed.exchange("03 0000 0003", "03 06 0001 0009 0003", 3_000_000)).isEqualTo(1);
        assertThat(image.changedPoint(0)).isEqualTo(1);
        assertThat(heard).containsExactly("1@3001000");

        heard.clear();
        assertThat(feed.exchange("17 0000 0001 0000 0001 02 0004 ", "17 02 0005", 4_000_000))
                .as("FC 23 writes 4 then reads 5 into the same register: one change").isEqualTo(1);
        assertThat(heard).containsExactly("0@4001000");
        assertThat(image.value(0)).isEqualTo(5);

        heard.clear();
        assertThat(feed.exchange("06 0000 0003", "86 02", 5_000_000)).isZero();
        assertThat(image.changedCount()).isZero();
        assertThat(heard).isEmpty();
    }

    @Test
    void keepsUnitsServersAndPortsApart() {
        ImageFeed feed = new ImageFeed();
        feed.exchange(1, "03 0001 0001", "03 02 0011", 1_000);
        feed.exchange(2, "03 0001 0001", "03 02 0022", 2_000);
        feed.flowTo(0x0A00_0003, 502).exchange(1, "03 0001 0001", "03 02 0033", 3_000);
        feed.flowTo(ImageFeed.SERVER, 5020).exchange(1, "03 0001 0001", "03 02 0044", 4_000);
        feed.flowTo(ImageFeed.SERVER, 502).exchange(1, "04 0001 0001", "04 02 0055", 5_000);

        ProcessImage image = feed.image;
        assertThat(image.size()).isEqualTo(5);
        assertThat(valueOf(image, PointKey.ipv4(ImageFeed.SERVER, 502, 1, DataArea.HOLDING_REGISTERS, 1))).isEqualTo(0x11);
        assertThat(valueOf(image, PointKey.ipv4(ImageFeed.SERVER, 502, 2, DataArea.HOLDING_REGISTERS, 1))).isEqualTo(0x22);
        assertThat(valueOf(image, PointKey.ipv4(0x0A00_0003, 502, 1, DataArea.HOLDING_REGISTERS, 1))).isEqualTo(0x33);
        assertThat(valueOf(image, PointKey.ipv4(ImageFeed.SERVER, 5020, 1, DataArea.HOLDING_REGISTERS, 1))).isEqualTo(0x44);
        assertThat(valueOf(image, PointKey.ipv4(ImageFeed.SERVER, 502, 1, DataArea.INPUT_REGISTERS, 1))).isEqualTo(0x55);
        assertThat(image.pointId(PointKey.ipv4(ImageFeed.SERVER, 502, 3, DataArea.HOLDING_REGISTERS, 1))).isEqualTo(-1);
        assertThat(image.pointId(PointKey.ipv4(0x0A00_0009, 502, 1, DataArea.HOLDING_REGISTERS, 1))).isEqualTo(-1);
        for (int id = 0; id < image.size(); id++) {
            assertThat(image.pointId(image.key(id))).as("key round trip of %d", id).isEqualTo(id);
        }
    }

    @Test
    void ipv6ServersAreKeyedByAll128Bits() {
        ImageFeed feed = new ImageFeed();
        feed.flow.set(1, 6, 0x2001_0db8_0000_0000L, 1, 40_000, 0x2001_0db8_0000_0000L, 2, 502, 6, "modbus");
        feed.exchange("03 0001 0001", "03 02 0011", 1_000);
        feed.flow.destAddrHi = 0x2001_0db8_0000_0001L;
        feed.exchange("03 0001 0001", "03 02 0022", 2_000);
        assertThat(feed.image.pointId(new PointKey(0x2001_0db8_0000_0000L, 2, 502, 1, DataArea.HOLDING_REGISTERS, 1))).isZero();
        assertThat(feed.image.pointId(new PointKey(0x2001_0db8_0000_0001L, 2, 502, 1, DataArea.HOLDING_REGISTERS, 1))).isEqualTo(1);
        assertThat(feed.image.key(1).serverAddrHi()).isEqualTo(0x2001_0db8_0000_0001L);
    }

    @Test
    void pointIdOfImpossibleArguments_isUnknown() {
        ImageFeed feed = new ImageFeed();
        feed.exchange("03 0001 0001", "03 02 0011", 1_000);
        long server = ImageFeed.SERVER & 0xFFFF_FFFFL;
        assertThat(feed.image.pointId(0, server, 502, 256 + 1, DataArea.HOLDING_REGISTERS, 1)).as("unit 257").isEqualTo(-1);
        assertThat(feed.image.pointId(0, server, 502, 1, DataArea.HOLDING_REGISTERS, 0x10001)).as("address 65537").isEqualTo(-1);
        assertThat(feed.image.pointId(0, server, 502, 1, DataArea.FIFO_QUEUE, 1)).as("no point area").isEqualTo(-1);
        assertThat(feed.image.pointId(0, server, 502, 1, DataArea.HOLDING_REGISTERS, 1)).isZero();
    }

    @Test
    void staleness_byCaptureClock() {
        ImageFeed feed = new ImageFeed();
        feed.exchange("03 0001 0001", "03 02 0011", 10_000_000); // response at 10_001_000
        int id = feed.image.pointId(PointKey.ipv4(ImageFeed.SERVER, 502, 1, DataArea.HOLDING_REGISTERS, 1));
        assertThat(feed.image.isStale(id, 10_001_000 + 5_000_000, 5_000_000)).as("exactly max age").isFalse();
        assertThat(feed.image.isStale(id, 10_001_000 + 5_000_001, 5_000_000)).as("one ns older").isTrue();
        assertThat(feed.image.isStale(-1, 0, Long.MAX_VALUE)).as("unknown point").isTrue();
        feed.exchange("03 0001 0001", "03 02 0011", 20_000_000);
        assertThat(feed.image.isStale(id, 25_001_000, 5_000_000)).as("refreshed by an unchanged read").isFalse();
    }

    @Test
    void capacity_overflowIsCountedNotThrown() {
        ImageFeed feed = new ImageFeed(new ProcessImage(new ImageLimits(3, 1), PointListener.NONE));
        assertThat(feed.exchange("03 0000 0005", "03 0A 0001 0002 0003 0004 0005", 1_000)).isEqualTo(3);
        assertThat(feed.render()).isEqualTo("H0=1 H1=2 H2=3");
        assertThat(feed.image.droppedPoints()).isEqualTo(2);

        feed.flowTo(0x0A00_0003, 502).exchange("03 0000 0001", "03 02 0009", 2_000);
        assertThat(feed.image.droppedPoints()).as("second server beyond maxServers 1").isEqualTo(3);

        feed.flowTo(ImageFeed.SERVER, 502).exchange("03 0000 0005", "03 0A 0007 0002 0003 0004 0005", 3_000);
        assertThat(feed.render()).as("known points still update").isEqualTo("H0=7 H1=2 H2=3");
        assertThat(feed.image.droppedPoints()).isEqualTo(5);
        assertThat(feed.image.size()).isEqualTo(3);
    }

    @Test
    void growsPastInitialArraysAndKeepsIds() {
        ImageFeed feed = new ImageFeed();
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < 125; i++) {
            values.append(String.format("%04X", i));
        }
        for (int block = 0; block < 40; block++) { // 5000 points: several doublings of the arrays and index
            feed.exchange(String.format("03 %04X 007D", block * 125), "03 FA " + values, block * 1_000L);
        }
        assertThat(feed.image.size()).isEqualTo(5000);
        for (int id = 0; id < 5000; id += 7) {
            PointKey key = feed.image.key(id);
            assertThat(key.address()).isEqualTo(id);
            assertThat(feed.image.pointId(key)).isEqualTo(id);
            assertThat(feed.image.value(id)).isEqualTo(id % 125);
        }
    }

    @Test
    void hostileByteStreams_neverThrowAndKeepTheImageConsistent() {
        ImageFeed feed = new ImageFeed();
        Random random = new Random(0x5EED);
        for (int round = 0; round < 200; round++) {
            byte[] garbage = new byte[1 + random.nextInt(600)];
            random.nextBytes(garbage);
            if (round % 2 == 0) { // plausible MBAP headers make the session parse and pair frames
                for (int at = 0; at + 8 < garbage.length; at += 8 + random.nextInt(20)) {
                    garbage[at + 2] = 0;
                    garbage[at + 3] = 0;
                    garbage[at + 4] = 0;
                    garbage[at + 5] = (byte) (2 + random.nextInt(20));
                    garbage[at + 7] = (byte) (1 + random.nextInt(23));
                }
            }
            feed.feedRaw(round % 3 != 0, garbage, round * 1_000L);
        }
        ProcessImage image = feed.image;
        for (int id = 0; id < image.size(); id++) {
            PointKey key = image.key(id);
            assertThat(image.pointId(key)).isEqualTo(id);
            int max = key.isBit() ? 1 : 0xFFFF;
            assertThat(image.value(id)).isBetween(0, max);
        }
    }

    private static int valueOf(ProcessImage image, PointKey key) {
        int id = image.pointId(key);
        assertThat(id).as("%s known", key).isNotNegative();
        return image.value(id);
    }
}
