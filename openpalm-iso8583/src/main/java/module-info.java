/**
 * OpenPalm card-network link: ISO 8583 codec, typed network messages, the acquirer link with
 * automatic reversal, and a network/issuer simulator. No dependencies beyond the JDK.
 */
module org.openpalm.iso8583 {
    exports org.openpalm.iso8583;
    exports org.openpalm.iso8583.sim;
}
