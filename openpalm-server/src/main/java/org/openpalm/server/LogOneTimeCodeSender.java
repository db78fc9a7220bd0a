package org.openpalm.server;

import org.openpalm.payments.customer.PhoneNumber;
import org.openpalm.payments.portal.OneTimeCode;
import org.openpalm.payments.portal.OneTimeCodeSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the portal sign-in and enrolment codes to the server log, where the demo and the tests
 * read them ({@code portal.codeSender=log}). {@code openpalm serve} uses it only when configured
 * explicitly; a deployment sends codes through an SMS gateway ({@link HttpOneTimeCodeSender}). The
 * code is the only secret ever logged, and it is short-lived and single-use.
 */
public final class LogOneTimeCodeSender implements OneTimeCodeSender {
    private static final Logger LOG = LoggerFactory.getLogger(LogOneTimeCodeSender.class);

    @Override
    public void send(PhoneNumber phone, OneTimeCode code) {
        LOG.info("portal sign-in code for the phone ending {}: {}", phone.hint().lastFourDigits(), code.reveal());
    }

    @Override
    public void sendEnrolmentCode(PhoneNumber phone, OneTimeCode code) {
        LOG.info("enrolment code for the phone ending {}: {}", phone.hint().lastFourDigits(), code.reveal());
    }
}
