package io.statewall.nma.sensor;

import io.statewall.capture.flow.FlowLimits;
import io.statewall.protocols.modbus.ModbusLimits;

/**
 * What the passive analyzer decodes and within which limits.
 *
 * @param modbusPorts     TCP server ports whose flows are dissected as Modbus/TCP (502 by
 *                        default, as IANA registers it; gateways often add others)
 * @param flowLimits      flow table and reassembly limits
 * @param modbusLimits    Modbus per-flow limits
 * @param maxAnomalyRecordsPerKind decoder anomalies of one kind beyond this many are counted,
 *                        not written, so a damaged capture cannot flood the SIEM
 */
public record AnalyzerConfig(int[] modbusPorts, FlowLimits flowLimits, ModbusLimits modbusLimits,
                             int maxAnomalyRecordsPerKind) {
    public static final AnalyzerConfig DEFAULT =
            new AnalyzerConfig(new int[] {502}, FlowLimits.DEFAULT, ModbusLimits.DEFAULT, 100);

    public AnalyzerConfig {
        modbusPorts = modbusPorts.clone();
    }

    @Override
    public int[] modbusPorts() {
        return modbusPorts.clone();
    }

    public AnalyzerConfig withModbusPorts(int... ports) {
        return new AnalyzerConfig(ports, flowLimits, modbusLimits, maxAnomalyRecordsPerKind);
    }
}
