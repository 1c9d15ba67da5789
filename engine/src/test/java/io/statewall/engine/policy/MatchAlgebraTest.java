package io.statewall.engine.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statewall.protocols.DataArea;
import io.statewall.protocols.Operation;
import io.statewall.protocols.modbus.FunctionCategory;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MatchAlgebraTest {

    private static Endpoint ep(String cidr) {
        return new Endpoint(cidr, Network.parse(cidr), Endpoint.ANY_PORT);
    }

    private static Endpoint ep(String cidr, int port) {
        return new Endpoint(cidr, Network.parse(cidr), port);
    }

    private static Match to(Endpoint... e) {
        return Match.ANY.withTo(List.of(e));
    }

    /** outer, inner, outer ⊇ inner, overlap. */
    static Stream<Arguments> pairs() {
        Match any = Match.ANY;
        Match write = any.withOperations(Set.of(Operation.WRITE));
        Match fc5and15 = any.withFunctions(new IntRanges(List.of(new IntRanges.Range(5, 5), new IntRanges.Range(15, 15))));
        return Stream.of(
                Arguments.of("anything contains a write", any, write, true, true),
                Arguments.of("a write does not contain anything", write, any, false, true),
                Arguments.of("v4 /24 contains a host in it", to(ep("10.1.2.0/24")), to(ep("10.1.2.9")), true, true),
                Arguments.of("v4 /24 and a host outside", to(ep("10.1.2.0/24")), to(ep("10.1.3.9")), false, false),
                Arguments.of("v4 /16 contains /24 inside", to(ep("10.1.0.0/16")), to(ep("10.1.200.0/24")), true, true),
                Arguments.of("v4 /0 contains everything v4", to(ep("0.0.0.0/0")), to(ep("192.168.7.1")), true, true),
                Arguments.of("v4 /0 is disjoint from v6", to(ep("0.0.0.0/0")), to(ep("fd00::1")), false, false),
                Arguments.of("v6 /64 contains a host in it", to(ep("fd00:1:2:3::/64")), to(ep("fd00:1:2:3::42")), true, true),
                Arguments.of("v6 /64 and a host in the next /64", to(ep("fd00:1:2:3::/64")), to(ep("fd00:1:2:4::1")), false, false),
                Arguments.of("v6 /127 split across the 64-bit halves", to(ep("fd00::/63")), to(ep("fd00:0:0:1::/64")), true, true),
                Arguments.of("list: each inner endpoint in some outer one", to(ep("10.0.0.0/8"), ep("fd00::/8")),
                        to(ep("10.9.9.9"), ep("fd12::1")), true, true),
                Arguments.of("two halves do not count as covering the whole (documented under-approximation)",
                        to(ep("10.1.2.0/25"), ep("10.1.2.128/25")), to(ep("10.1.2.0/24")), false, true),
                Arguments.of("port any contains port 502", to(ep("10.1.2.3")), to(ep("10.1.2.3", 502)), true, true),
                Arguments.of("port 502 and port 503 are disjoint", to(ep("10.1.2.3", 502)), to(ep("10.1.2.3", 503)), false, false),
                Arguments.of("address range contains a sub-range", any.withAddresses(IntRanges.of(100, 199)),
                        any.withAddresses(IntRanges.of(120, 130)), true, true),
                Arguments.of("touching ranges overlap at one address", any.withAddresses(IntRanges.of(100, 199)),
                        any.withAddresses(IntRanges.of(199, 300)), false, true),
                Arguments.of("adjacent ranges do not overlap", any.withAddresses(IntRanges.of(100, 199)),
                        any.withAddresses(IntRanges.of(200, 300)), false, false),
                Arguments.of("value >900 contains value >1000", any.withValues(IntRanges.of(901, 65535)),
                        any.withValues(IntRanges.of(1001, 65535)), true, true),
                Arguments.of("value <100 and >900 are disjoint", any.withValues(IntRanges.of(0, 99)),
                        any.withValues(IntRanges.of(901, 65535)), false, false),
                Arguments.of("write contains FC 5 and 15 (both are writes)", write, fc5and15, true, true),
                Arguments.of("program and FC 5/15 are disjoint", any.withOperations(Set.of(Operation.PROGRAM)), fc5and15, false, false),
                Arguments.of("public_assigned contains FC 5", any.withCategories(Set.of(FunctionCategory.PUBLIC_ASSIGNED)),
                        any.withFunctions(IntRanges.single(5)), true, true),
                Arguments.of("FC 8 is control only for some sub-functions", any.withFunctions(IntRanges.single(8)),
                        any.withOperations(Set.of(Operation.CONTROL)), false, true),
                Arguments.of("control contains FC 8 control", any.withOperations(Set.of(Operation.CONTROL)),
                        any.withFunctions(IntRanges.single(8)).withOperations(Set.of(Operation.CONTROL)), true, true),
                Arguments.of("identification is FC 17 or 43/14, never FC 3", any.withOperations(Set.of(Operation.IDENTIFICATION)),
                        any.withFunctions(IntRanges.single(3)), false, false),
                Arguments.of("coils area contains FC 5", any.withAreas(Set.of(DataArea.COILS)), any.withFunctions(IntRanges.single(5)),
                        true, true),
                Arguments.of("an address match never meets FC 8 (no address)", any.withAddresses(IntRanges.single(5)),
                        any.withFunctions(IntRanges.single(8)), false, false),
                Arguments.of("a value match never meets a read", any.withValues(IntRanges.single(0)),
                        any.withOperations(Set.of(Operation.READ)), false, false),
                Arguments.of("unit 1-10 contains unit 3", any.withUnits(IntRanges.of(1, 10)), any.withUnits(IntRanges.single(3)), true, true),
                Arguments.of("exception responses and normal ones are disjoint",
                        any.withResponse(new ResponseMatch(true, null)), any.withResponse(new ResponseMatch(false, null)), false, false),
                Arguments.of("any exception contains exception code 2",
                        any.withResponse(new ResponseMatch(true, null)), any.withResponse(new ResponseMatch(null, IntRanges.single(2))),
                        true, true),
                Arguments.of("a response match does not contain transactions without one",
                        any.withResponse(new ResponseMatch(true, null)), any, false, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairs")
    void containmentAndOverlap(String name, Match outer, Match inner, boolean contains, boolean overlaps) {
        assertThat(MatchAlgebra.contains(outer, inner)).as("contains").isEqualTo(contains);
        assertThat(MatchAlgebra.overlaps(outer, inner)).as("overlaps").isEqualTo(overlaps);
        assertThat(MatchAlgebra.overlaps(inner, outer)).as("overlap is symmetric").isEqualTo(overlaps);
        assertThat(MatchAlgebra.contains(outer, outer)).as("containment is reflexive").isTrue();
        if (contains) {
            assertThat(overlaps).as("containment implies overlap (both are non-empty)").isTrue();
        }
    }

    @Test
    void networksAreCanonicalAndMatchFlowAddresses() {
        Network v4 = Network.parse("10.1.2.0/24");
        assertThat(v4).isEqualTo(new Network(4, 0, 0x0A01_0200L, 24));
        assertThat(v4.contains(4, 0, 0x0A01_02FFL)).isTrue();
        assertThat(v4.contains(4, 0, 0x0A01_0300L)).isFalse();
        assertThat(v4.contains(6, 0, 0x0A01_0201L)).as("IPv4 bits inside an IPv6 flow").isFalse();
        Network v6 = Network.parse("fd00::30");
        assertThat(v6.hi()).isEqualTo(0xFD00_0000_0000_0000L);
        assertThat(v6.lo()).isEqualTo(0x30L);
        assertThat(v6.isSingleAddress()).isTrue();
        assertThat(Network.parse("::/0")).isEqualTo(Network.ANY_V6);
        assertThat(Network.parse("0.0.0.0/0").toString()).isEqualTo("0.0.0.0/0");
    }

    @Test
    void networkParsingRefusesNamesAndSloppyLiterals() {
        for (String bad : List.of("plc.local", "localhost", "10.1", "10", "10.1.2.256", "10.1.2.3/33", "fd00::/129",
                "fe80::1%eth0", "[::1]", "10.1.2.3/", "", "::g")) {
            assertThatThrownBy(() -> Network.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void intRangesNormalise() {
        IntRanges r = new IntRanges(List.of(new IntRanges.Range(10, 12), new IntRanges.Range(1, 3), new IntRanges.Range(4, 5)));
        assertThat(r.ranges()).containsExactly(new IntRanges.Range(1, 5), new IntRanges.Range(10, 12));
        assertThat(r.contains(5)).isTrue();
        assertThat(r.contains(6)).isFalse();
        assertThat(r.containsAll(IntRanges.of(2, 5))).isTrue();
        assertThat(r.containsAll(IntRanges.of(5, 10))).isFalse();
        assertThatThrownBy(() -> new IntRanges(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
