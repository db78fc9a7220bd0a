package org.openpalm.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.openpalm.payments.customer.PhoneNumber;
import org.openpalm.payments.portal.OneTimeCode;
import org.openpalm.payments.portal.OneTimeCodeSender;

/** The payments bench's code sender: keeps the enrolment codes for the bench's shoppers to type (nothing is logged). */
final class BenchCodes implements OneTimeCodeSender {
    private final Map<String, String> enrolmentCodes = new ConcurrentHashMap<>();

    @Override
    public void send(PhoneNumber phone, OneTimeCode code) {
        // the bench never signs in to the portal
    }

    @Override
    public void sendEnrolmentCode(PhoneNumber phone, OneTimeCode code) {
        enrolmentCodes.put(phone.e164(), code.reveal());
    }

    String enrolmentCode(String phone) {
        String code = enrolmentCodes.get(phone);
        if (code == null) throw new IllegalStateException("no enrolment code was sent to the phone ending " + phone.substring(phone.length() - 4));
        return code;
    }
}
