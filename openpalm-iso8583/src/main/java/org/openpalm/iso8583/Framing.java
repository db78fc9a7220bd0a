package org.openpalm.iso8583;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** TCP framing: each message is preceded by its length as 2 bytes, big-endian (0..65535). */
public final class Framing {
    public static final int MAX_FRAME_BYTES = 0xFFFF;

    private Framing() {}

    /** Reads one frame; {@link EOFException} when the peer closed the stream. */
    public static byte[] read(InputStream in) throws IOException {
        int hi = in.read();
        int lo = in.read();
        if (hi < 0 || lo < 0) {
            throw new EOFException("connection closed by peer");
        }
        int len = (hi << 8) | lo;
        byte[] data = in.readNBytes(len);
        if (data.length != len) {
            throw new EOFException("connection closed inside a frame (" + data.length + " of " + len + " bytes)");
        }
        return data;
    }

    /** The frame with its header, ready for one write. */
    public static byte[] frame(byte[] message) {
        if (message.length > MAX_FRAME_BYTES) {
            throw new IsoCodecException("message of " + message.length + " bytes does not fit a 2-byte length header");
        }
        byte[] out = new byte[message.length + 2];
        out[0] = (byte) (message.length >>> 8);
        out[1] = (byte) message.length;
        System.arraycopy(message, 0, out, 2, message.length);
        return out;
    }

    public static void write(OutputStream out, byte[] message) throws IOException {
        out.write(frame(message));
        out.flush();
    }
}
