/**
 * Network and issuer simulator: token service, issuers with accounts, balances, limits, expired and
 * blocked cards, decline rates, delays and dropped responses. See {@link org.openpalm.iso8583.sim.NetworkSimulator}.
 */
package org.openpalm.iso8583.sim;
