package org.openpalm.server;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.openpalm.payments.customer.PhoneNumber;
import org.openpalm.payments.portal.OneTimeCode;
import org.openpalm.payments.portal.OneTimeCodeSender;

/** The test servers' code sender: logs as the default one does and keeps the latest enrolment code per phone. */
final class CapturedCodes implements OneTimeCodeSender {
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

    /** The latest enrolment code sent to {@code phone} (as typed: E.164). */
    String latestEnrolmentCode(String phone) {
        String code = enrolmentCodes.get(phone);
        if (code == null) throw new AssertionError("no enrolment code was sent to the phone ending " + phone.substring(phone.length() - 4));
        return code;
    }
}
