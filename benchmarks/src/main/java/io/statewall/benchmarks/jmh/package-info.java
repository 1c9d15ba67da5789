/**
 * JMH micro-benchmarks of the passive path, piece by piece: Modbus dissection, TCP
 * reassembly, capture reading and the whole pipeline. Fixtures are built once per trial
 * (pre-built ADUs and segment schedules, a capture from the workload generator); benchmark
 * bodies add no allocation of their own to what the code under test does, so {@code -prof gc} shows what the code under test
 * allocates. Run them from {@code benchmarks/target/jmh-benchmarks.jar} (see the module's
 * README).
 */
package io.statewall.benchmarks.jmh;
