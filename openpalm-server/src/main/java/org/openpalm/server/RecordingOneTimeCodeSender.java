package org.openpalm.server;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.openpalm.payments.customer.PhoneNumber;
import org.openpalm.payments.portal.OneTimeCode;
import org.openpalm.payments.portal.OneTimeCodeSender;

/**
 * For the demo, the bench and tests, which enrol through the kiosk API in the same process: logs
 * every code as {@link LogOneTimeCodeSender} does and keeps the latest enrolment code per phone,
 * so the caller can type it back like a shopper reading the SMS. Never for a deployment.
 */
public final class RecordingOneTimeCodeSender implements OneTimeCodeSender {
    private final LogOneTimeCodeSender log = new LogOneTimeCodeSender();
    private final OneTimeCodeSender signInCodes;
    private final Map<String, String> enrolmentCodes = new ConcurrentHashMap<>();

    public RecordingOneTimeCodeSender() {
        this.signInCodes = log;
    }

    /** Portal sign-in codes go to {@code signInCodes} (a configured gateway); enrolment codes are logged and recorded. */
    public RecordingOneTimeCodeSender(OneTimeCodeSender signInCodes) {
        this.signInCodes = signInCodes;
    }

    @Override
    public void send(PhoneNumber phone, OneTimeCode code) {
        signInCodes.send(phone, code);
    }

    @Override
    public void sendEnrolmentCode(PhoneNumber phone, OneTimeCode code) {
        log.sendEnrolmentCode(phone, code);
        enrolmentCodes.put(phone.e164(), code.reveal());
    }

    /** The latest enrolment code sent to the phone (E.164), if any. */
    public Optional<String> enrolmentCode(String phone) {
        return Optional.ofNullable(enrolmentCodes.get(phone));
    }
}
