package org.openpalm.iso8583;

/** First two digits of the processing code (field 3); account types are always 00 ("0000"). */
public enum TransactionType {
    PURCHASE("00"),
    REFUND("20");

    private final String code;

    TransactionType(String code) {
        this.code = code;
    }

    public String processingCode() {
        return code + "0000";
    }

    public static TransactionType fromProcessingCode(String processingCode) {
        String head = processingCode.substring(0, 2);
        for (TransactionType t : values()) {
            if (t.code.equals(head)) {
                return t;
            }
        }
        throw new IsoCodecException("field 3: processing code " + processingCode + " is neither purchase (00xxxx) nor refund (20xxxx)");
    }
}
