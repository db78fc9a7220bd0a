package org.openpalm.cli.demo;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.openpalm.payments.customer.PhoneNumber;
import org.openpalm.payments.portal.OneTimeCode;
import org.openpalm.payments.portal.OneTimeCodeSender;
import org.openpalm.server.LogOneTimeCodeSender;

/**
 * The demo's one-time code sender: every code goes to the console log, as the server's default
 * sender writes it (the demo has no SMS gateway), and the enrolment codes are also kept in memory
 * so the seeding, which enrols through the kiosk API, can type them like a shopper reading the SMS.
 */
final class DemoCodes implements OneTimeCodeSender {
    private final LogOneTimeCodeSender log = new LogOneTimeCodeSender();
    private final Map<String, String> enrolmentCodes = new ConcurrentHashMap<>();

    @Override
    public void send(PhoneNumber phone, OneTimeCode code) {
        log.send(phone, code);
    }

    @Override
    public void sendEnrolmentCode(PhoneNumber phone, OneTimeCode code) {
        log.sendEnrolmentCode(phone, code);
        enrolmentCodes.put(phone.e164(), code.reveal());
    }

    /** The latest enrolment code sent to the phone (E.164), if any. */
    Optional<String> enrolmentCode(String phone) {
        return Optional.ofNullable(enrolmentCodes.get(phone));
    }
}
