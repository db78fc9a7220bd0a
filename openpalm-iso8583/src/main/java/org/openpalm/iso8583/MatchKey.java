package org.openpalm.iso8583;

/**
 * How a response is matched to its request: response MTI, STAN (field 11) and terminal id
 * (field 41, blank when the message has none, as in network management).
 */
public record MatchKey(String responseMti, Stan stan, String terminalId) {
    static final String NO_TERMINAL = "";

    /** The response MTI of a request MTI: 0100 to 0110, 0401 to 0410. */
    public static String responseMtiOf(String requestMti) {
        return requestMti.substring(0, 2) + (char) (requestMti.charAt(2) + 1) + "0";
    }
}
