package io.statewall.asma;

/**
 * EVE lines as the NMA writes them (the alert and state records are those of the golden state
 * walk, cli/src/test/resources/golden), with a few fields varied for the filter tests.
 */
public final class EveLines {
    private EveLines() {
    }

    public static final String STATE = "{\"timestamp\":\"2026-11-25T20:17:10.497992+0000\",\"event_type\":\"state\","
            + "\"state\":{\"from\":\"startup\",\"to\":\"normal\",\"origin\":\"condition\",\"allowed\":true,\"cause\":\"breaker\","
            + "\"readings\":{\"breaker\":1}}}";

    /** A blocked write in state normal, rule no-breaker-open-in-normal, T0855 T0831, flow 4131863047943074845. */
    public static final String ALERT = "{\"timestamp\":\"2026-11-25T20:17:10.611381+0000\",\"flow_id\":4131863047943074845,"
            + "\"event_type\":\"alert\",\"src_ip\":\"127.0.0.1\",\"src_port\":33246,\"dest_ip\":\"127.0.0.1\",\"dest_port\":5020,"
            + "\"proto\":\"TCP\",\"app_proto\":\"modbus\",\"alert\":{\"action\":\"blocked\",\"gid\":1,\"signature_id\":1075536913,"
            + "\"rev\":1,\"signature\":\"Breaker open command during normal operation\",\"category\":\"ICS policy violation\","
            + "\"severity\":1},\"statewall\":{\"state\":\"normal\",\"rule\":\"no-breaker-open-in-normal\",\"detector\":\"policy\","
            + "\"verdict\":\"block\",\"attack\":[\"T0855\",\"T0831\"]},\"modbus\":{\"id\":1,\"operation\":\"write\","
            + "\"data_area\":\"coils\",\"response_time_us\":142,\"request\":{\"transaction_id\":1,\"protocol_id\":0,\"unit_id\":1,"
            + "\"function_raw\":5,\"function_code\":\"WrSingleCoil\",\"access_type\":\"WRITE | COILS | SINGLE | WRITE_SINGLE\","
            + "\"category\":\"PUBLIC_ASSIGNED\",\"error_flags\":\"NONE\",\"write\":{\"address\":5,\"data\":0,\"values\":[0]}}}}";

    /** A Modbus read on the same flow as {@link #ALERT}. */
    public static final String MODBUS = "{\"timestamp\":\"2026-11-25T20:17:10.600000+0000\",\"flow_id\":4131863047943074845,"
            + "\"event_type\":\"modbus\",\"src_ip\":\"127.0.0.1\",\"src_port\":33246,\"dest_ip\":\"127.0.0.1\",\"dest_port\":5020,"
            + "\"proto\":\"TCP\",\"app_proto\":\"modbus\",\"modbus\":{\"id\":0,\"operation\":\"read\",\"data_area\":\"holding_registers\","
            + "\"response_time_us\":120,\"request\":{\"transaction_id\":0,\"protocol_id\":0,\"unit_id\":1,\"function_raw\":3,"
            + "\"function_code\":\"RdHoldRegs\",\"access_type\":\"READ | HOLDING\",\"category\":\"PUBLIC_ASSIGNED\","
            + "\"error_flags\":\"NONE\",\"read\":{\"address\":10,\"quantity\":1}},\"response\":{\"transaction_id\":0,"
            + "\"protocol_id\":0,\"unit_id\":1,\"function_raw\":3,\"function_code\":\"RdHoldRegs\",\"access_type\":\"READ | HOLDING\","
            + "\"category\":\"PUBLIC_ASSIGNED\",\"error_flags\":\"NONE\",\"read\":{\"values\":[3000]}}}}";

    /** {@link #ALERT} with another time, severity, rule, technique and source. */
    public static String alert(String time, int severity, String rule, String technique, String srcIp, String action) {
        return ALERT.replace("2026-11-25T20:17:10.611381+0000", time).replace("\"severity\":1", "\"severity\":" + severity)
                .replace("no-breaker-open-in-normal", rule).replace("[\"T0855\",\"T0831\"]", "[\"" + technique + "\"]")
                .replace("\"src_ip\":\"127.0.0.1\"", "\"src_ip\":\"" + srcIp + "\"")
                .replace("\"action\":\"blocked\"", "\"action\":\"" + action + "\"");
    }

    public static final String HEARTBEAT = "{\"state\":\"normal\",\"declared_by\":null,\"policy_version\":\"3\","
            + "\"baseline_version\":null,\"uptime_s\":3600,\"spool_dropped\":0,\"counters\":{\"requests\":1200,\"blocked\":4}}";

    public static final String PROCESS = "{\"points\":{\"speed\":3000,\"breaker\":true,\"mode\":\"auto\"}}";
}
