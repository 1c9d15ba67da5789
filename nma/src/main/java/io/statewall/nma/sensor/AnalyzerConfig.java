package io.statewall.nma.sensor;

import io.statewall.capture.flow.FlowLimits;
import io.statewall.engine.baseline.TransactionObserver;
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
 * @param observers       opens an extra judge beside the policy for every analyzer that judges
 *                        (a baseline check, a learner), or null for none
 */
public record AnalyzerConfig(int[] modbusPorts, FlowLimits flowLimits, ModbusLimits modbusLimits,
                             int maxAnomalyRecordsPerKind, TransactionObserver.Factory observers) {
    public static final AnalyzerConfig DEFAULT =
            new AnalyzerConfig(new int[] {502}, FlowLimits.DEFAULT, ModbusLimits.DEFAULT, 100);

    public AnalyzerConfig {
        modbusPorts = modbusPorts.clone();
    }

    public AnalyzerConfig(int[] modbusPorts, FlowLimits flowLimits, ModbusLimits modbusLimits, int maxAnomalyRecordsPerKind) {
        this(modbusPorts, flowLimits, modbusLimits, maxAnomalyRecordsPerKind, null);
    }

    @Override
    public int[] modbusPorts() {
        return modbusPorts.clone();
    }

    public AnalyzerConfig withModbusPorts(int... ports) {
        return new AnalyzerConfig(ports, flowLimits, modbusLimits, maxAnomalyRecordsPerKind, observers);
    }

    /** With an extra judge opened for every analyzer that judges with a policy (see {@link PassiveAnalyzer#judgeWith}). */
    public AnalyzerConfig withObservers(TransactionObserver.Factory factory) {
        return new AnalyzerConfig(modbusPorts, flowLimits, modbusLimits, maxAnomalyRecordsPerKind, factory);
    }
}
