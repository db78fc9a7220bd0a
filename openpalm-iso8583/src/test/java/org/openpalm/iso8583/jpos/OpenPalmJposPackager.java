package org.openpalm.iso8583.jpos;

import org.jpos.iso.IFA_LLCHAR;
import org.jpos.iso.IFA_LLLCHAR;
import org.jpos.iso.IFA_LLLNUM;
import org.jpos.iso.IFA_LLNUM;
import org.jpos.iso.IFA_NUMERIC;
import org.jpos.iso.IFB_BINARY;
import org.jpos.iso.IFB_BITMAP;
import org.jpos.iso.IFB_LLBINARY;
import org.jpos.iso.IFB_LLLBINARY;
import org.jpos.iso.IF_CHAR;
import org.jpos.iso.ISOBasePackager;
import org.jpos.iso.ISOFieldPackager;
import org.openpalm.iso8583.FieldSpec;
import org.openpalm.iso8583.MessageSpec;

/**
 * A jPOS packager generated from our spec table (test scope only: jPOS is AGPL): ASCII MTI
 * (IFA_NUMERIC), binary bitmaps (IFB_BITMAP), ASCII fields with ASCII length prefixes.
 */
public final class OpenPalmJposPackager extends ISOBasePackager {
    public OpenPalmJposPackager() {
        this(MessageSpec.openPalm());
    }

    public OpenPalmJposPackager(MessageSpec spec) {
        ISOFieldPackager[] fld = new ISOFieldPackager[129];
        fld[0] = new IFA_NUMERIC(4, "MESSAGE TYPE INDICATOR");
        fld[1] = new IFB_BITMAP(16, "BIT MAP");
        for (FieldSpec fs : spec.ordered()) {
            fld[fs.number()] = of(fs);
        }
        setFieldPackager(fld);
    }

    private static ISOFieldPackager of(FieldSpec fs) {
        int n = fs.maxLength();
        String d = fs.name();
        return switch (fs.content()) {
            case NUMERIC -> switch (fs.length()) {
                case FIXED -> new IFA_NUMERIC(n, d);
                case LLVAR -> new IFA_LLNUM(n, d);
                case LLLVAR -> new IFA_LLLNUM(n, d);
            };
            case ALPHANUMERIC -> switch (fs.length()) {
                case FIXED -> new IF_CHAR(n, d);
                case LLVAR -> new IFA_LLCHAR(n, d);
                case LLLVAR -> new IFA_LLLCHAR(n, d);
            };
            case BINARY -> switch (fs.length()) {
                case FIXED -> new IFB_BINARY(n, d);
                // jPOS IFB_LL* binary prefixes are BCD; our spec uses ASCII prefixes and has no such field.
                case LLVAR -> new IFB_LLBINARY(n, d);
                case LLLVAR -> new IFB_LLLBINARY(n, d);
            };
        };
    }
}
