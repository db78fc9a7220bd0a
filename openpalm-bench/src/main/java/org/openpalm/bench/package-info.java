/** Benchmarks (JMH and harnesses); never part of the test run. */
package org.openpalm.bench;
