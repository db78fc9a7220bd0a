package org.openpalm.payments.portal;

import org.openpalm.payments.customer.PhoneNumber;

/** Delivers a sign-in code to a phone (an SMS gateway in production; the server log in the demo). */
public interface OneTimeCodeSender {
    void send(PhoneNumber phone, OneTimeCode code);

    /** Delivers the code that proves the phone at enrolment; by default as {@link #send} does. */
    default void sendEnrolmentCode(PhoneNumber phone, OneTimeCode code) {
        send(phone, code);
    }
}
