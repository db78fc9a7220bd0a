package org.openpalm.iso8583;

/**
 * A typed OpenPalm network message: what ISO 8583 frames become at the boundary.
 *
 * <table>
 * <caption>Message classes</caption>
 * <tr><th>MTI</th><th>record</th></tr>
 * <tr><td>0100 / 0110</td><td>{@link AuthorisationRequest} / {@link AuthorisationResponse}</td></tr>
 * <tr><td>0100 / 0110 with field 25 = 51</td><td>{@link AccountVerificationRequest} /
 * {@link AccountVerificationResponse}: amount 0, card number in field 2, CVV2 in field 48 subelement 92</td></tr>
 * <tr><td>0200 / 0210</td><td>{@link RefundRequest} / {@link RefundResponse}: a refund is a financial
 * request with processing code 20xxxx (0200 with any other processing code is refused)</td></tr>
 * <tr><td>0220 / 0230</td><td>{@link CompletionAdvice} / {@link CompletionResponse}</td></tr>
 * <tr><td>0400, 0401 / 0410</td><td>{@link ReversalAdvice} (0401 = repeat) / {@link ReversalResponse}</td></tr>
 * <tr><td>0600 / 0610</td><td>{@link TokenisationRequest} / {@link TokenisationResponse}: private use,
 * processing code 900000, card number in field 2 of the request, network token in field 2 and
 * payment account reference in field 48 of the response</td></tr>
 * <tr><td>0800 / 0810</td><td>{@link NetworkManagementRequest} / {@link NetworkManagementResponse}
 * (field 70: 001 sign-on, 002 sign-off, 301 echo)</td></tr>
 * </table>
 */
public sealed interface NetworkMessage permits AuthorisationRequest, AuthorisationResponse, RefundRequest,
        RefundResponse, CompletionAdvice, CompletionResponse, ReversalAdvice, ReversalResponse,
        TokenisationRequest, TokenisationResponse, NetworkManagementRequest, NetworkManagementResponse,
        AccountVerificationRequest, AccountVerificationResponse {

    String mti();

    Stan stan();

    /** Field 41, or blank when the message carries none. */
    String terminalKey();

    /** For a request: the key its response will carry. For a response: its own key. */
    default MatchKey matchKey() {
        String m = mti();
        String responseMti = (m.charAt(2) - '0') % 2 == 0 ? MatchKey.responseMtiOf(m) : m;
        return new MatchKey(responseMti, stan(), terminalKey());
    }
}
