package org.openpalm.payments.service;

/**
 * Tuning of pre-enrolments from the phone page.
 *
 * @param pendingDays                 an unconfirmed pre-enrolment is deleted this many days after it was made
 * @param maxFailedConfirmations      failed confirmations (a palm at a reader that does not match
 *                                    the pre-enrolment of the digits typed) before it is deleted
 * @param confirmationFalseMatchRate  the false-match rate of the 1:1 confirmation, divided among
 *                                    the pending palms that share the hint (usually one customer's
 *                                    two hands): the score threshold follows from it by
 *                                    {@link org.openpalm.biometrics.ScoreScale}
 */
public record PreEnrolmentConfig(int pendingDays, int maxFailedConfirmations, double confirmationFalseMatchRate) {
    /** 30 days, 3 tries, FMR 1e-4 (the 1:1 verification threshold of the engine). */
    public static final PreEnrolmentConfig DEFAULT = new PreEnrolmentConfig(30, 3, 1e-4);

    public PreEnrolmentConfig {
        if (pendingDays < 1 || pendingDays > 365) throw new IllegalArgumentException("pendingDays must be 1 to 365");
        if (maxFailedConfirmations < 1 || maxFailedConfirmations > 10) throw new IllegalArgumentException("maxFailedConfirmations must be 1 to 10");
        if (!(confirmationFalseMatchRate > 0 && confirmationFalseMatchRate <= 1e-2)) {
            throw new IllegalArgumentException("confirmationFalseMatchRate must be in (0, 0.01]");
        }
    }
}
