package io.statewall.capture.flow;

import static io.statewall.capture.flow.Wire.ACK;
import static org.assertj.core.api.Assertions.assertThat;

import io.statewall.capture.Packet;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The open-addressing index under collisions: every entry stays findable through removals. */
class FlowIndexTest {
    private final StreamContext ctx = new StreamContext(new RecordingHandler(), FlowLimits.defaults());

    private static Packet packet(int clientPort) {
        return Wire.packet(Packet.PROTO_TCP, Wire.CLIENT_IP, clientPort, Wire.SERVER_IP, 502, 1, 0, ACK, new byte[0], 0);
    }

    @Test
    void collidingEntriesSurviveRemovalsInAnyPosition() {
        FlowIndex index = new FlowIndex(8); // 16 slots
        List<Flow> flows = new ArrayList<>();
        List<Packet> packets = new ArrayList<>();
        // Hashes chosen to share home slots (3, 3, 3, 4, 15, 15 → wrap to 0, 1): clusters and wrap-around.
        long[] hashes = {3, 16 + 3, 32 + 3, 4, 15, 16 + 15, 48 + 3, 64 + 4};
        for (int i = 0; i < hashes.length; i++) {
            Packet p = packet(40_000 + i);
            Flow f = new Flow(p, true, false, hashes[i], 0, ctx);
            index.insert(f);
            flows.add(f);
            packets.add(p);
        }
        assertThat(index.size()).isEqualTo(8);
        int[] removalOrder = {0, 4, 2, 7, 1, 5, 3, 6};
        for (int r : removalOrder) {
            index.remove(flows.get(r));
            for (int i = 0; i < flows.size(); i++) {
                Flow expected = flows.get(i);
                boolean removed = false;
                for (int k : removalOrder) {
                    if (k == i) {
                        removed = true;
                        break;
                    }
                    if (k == r) {
                        break;
                    }
                }
                Flow found = index.find(expected.slotHash, packets.get(i));
                if (removed || i == r) {
                    assertThat(found).as("removed %d, looking for %d", r, i).isNull();
                } else {
                    assertThat(found).as("removed %d, looking for %d", r, i).isSameAs(expected);
                }
            }
        }
        assertThat(index.size()).isZero();
    }

    @Test
    void equalHashButOtherTupleIsNotAMatch() {
        FlowIndex index = new FlowIndex(4);
        Flow f = new Flow(packet(40_000), true, false, 7, 0, ctx);
        index.insert(f);
        assertThat(index.find(7, packet(40_001))).isNull();
        assertThat(index.find(7, packet(40_000))).isSameAs(f);
        Packet reverse = Wire.packet(Packet.PROTO_TCP, Wire.SERVER_IP, 502, Wire.CLIENT_IP, 40_000, 1, 0, ACK, new byte[0], 0);
        assertThat(index.find(7, reverse)).isSameAs(f);
        Packet udp = Wire.packet(Packet.PROTO_UDP, Wire.CLIENT_IP, 40_000, Wire.SERVER_IP, 502, 0, 0, 0, new byte[0], 0);
        assertThat(index.find(7, udp)).isNull();
    }
}
