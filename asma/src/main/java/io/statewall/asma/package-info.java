/**
 * The ASMA, the advanced security management appliance: it joins many NMAs, stores their events,
 * process values and states, and serves the operators' REST API, exports and metrics.
 */
package io.statewall.asma;
