package org.openpalm.iso8583;

import java.util.Objects;

/**
 * The outcome of one exchange on the link: a response, a timeout, or no usable connection. Never
 * null and never thrown: callers switch over it.
 */
public sealed interface LinkResult<R> permits LinkResult.Response, LinkResult.TimedOut, LinkResult.Disconnected {

    /** The peer answered. */
    record Response<R>(R message) implements LinkResult<R> {
        public Response {
            Objects.requireNonNull(message, "message");
        }
    }

    /** No answer within {@code waitedMillis}. For an authorisation, a reversal has been scheduled. */
    record TimedOut<R>(long waitedMillis) implements LinkResult<R> {}

    /**
     * The request could not be completed because the link was down, or went down while waiting. For
     * an authorisation that may have reached the network, a reversal has been scheduled.
     */
    record Disconnected<R>(String reason) implements LinkResult<R> {
        public Disconnected {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
