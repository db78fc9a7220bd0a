package org.openpalm.biometrics;

/**
 * The key of one enrolled palm in a {@link PalmIndex}: an opaque string chosen by the caller
 * (an account and hand, a database key). 1 to 200 characters, no control characters, so that
 * it is safe in logs and in the snapshot format.
 */
public record EnrolmentId(String value) {
    public static final int MAX_LENGTH = 200;

    public EnrolmentId {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("enrolment id must be 1.." + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException("enrolment id must not contain control characters");
            }
        }
    }

    public static EnrolmentId of(String value) {
        return new EnrolmentId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
