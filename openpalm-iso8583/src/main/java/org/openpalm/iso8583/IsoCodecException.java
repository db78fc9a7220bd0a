package org.openpalm.iso8583;

/**
 * The codec's own refusal: a frame or message that does not follow the spec. Its message names the
 * field and the rule broken, never the field's value (values may be card data).
 */
public final class IsoCodecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public IsoCodecException(String message) {
        super(message);
    }
}
