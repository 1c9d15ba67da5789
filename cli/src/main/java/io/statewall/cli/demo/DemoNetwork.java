package io.statewall.cli.demo;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where the demo's parties live. The example policy describes Unit 3's control network in
 * 10.30.0.0/16; the demo moves it to 127.30.0.0/16 so that it runs on any Linux machine without
 * set-up (every 127/8 address is local there), each party on the address its asset has in the
 * policy: the NMA tells an HMI from the engineering workstation, and a controller from another,
 * by address, exactly as on a real network.
 */
public final class DemoNetwork {
    /** The policy's plant network and where the demo puts it. */
    static final String PLANT_PREFIX = "10.30.";
    static final String LOOPBACK_PREFIX = "127.30.";

    public static final InetAddress BOILER_PLC = at("127.30.2.20");
    public static final InetAddress TURBINE_PLC = at("127.30.2.30");
    public static final InetAddress SAFETY_PLC = at("127.30.2.40");
    /** hmi-1: the HMI's polls. */
    public static final InetAddress HMI = at("127.30.1.10");
    /** hmi-2: the operator desk that issues the setpoints and commands. */
    public static final InetAddress OPERATOR_DESK = at("127.30.1.11");
    /** eng-ws. */
    public static final InetAddress ENGINEERING_STATION = at("127.30.1.50");
    /** The ASMA (API and NMA link), on the plant's management network. */
    public static final InetAddress ASMA = at("127.30.3.10");
    /** A laptop plugged into the operator LAN: no asset of the policy. */
    public static final InetAddress INTRUDER = at("127.30.1.66");

    private DemoNetwork() {
    }

    /** The demo's address for an address of the policy (unchanged outside the plant network). */
    static String toLoopback(String policyAddress) {
        return policyAddress.startsWith(PLANT_PREFIX)
                ? LOOPBACK_PREFIX + policyAddress.substring(PLANT_PREFIX.length()) : policyAddress;
    }

    private static InetAddress at(String literal) {
        try {
            return InetAddress.getByName(literal); // a literal: never a lookup
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
