package io.p3.atlas.server.catalog.channel;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines from a {@link Reader} one at a time (LF, CRLF or CR), counting them, dropping a leading
 * UTF-8 byte order mark, and cutting lines longer than {@code maxLineLength} (the rest of such a line
 * is skipped and {@link #truncated()} says so), so one huge line never fills the memory.
 */
final class LineReader {
    private final Reader in;
    private final int maxLineLength;
    private final char[] buf = new char[8192];
    private final StringBuilder line = new StringBuilder(256);
    private int pos;
    private int limit;
    private int lineNumber;
    private boolean truncated;
    private boolean eof;
    private boolean skipLf;

    LineReader(Reader in, int maxLineLength) {
        this.in = in;
        this.maxLineLength = maxLineLength;
    }

    /** The next line without its terminator, or null at the end of input. */
    String next() throws IOException {
        line.setLength(0);
        truncated = false;
        boolean any = false;
        while (true) {
            if (pos == limit) {
                if (eof || !fill()) {
                    eof = true;
                    if (!any) {
                        return null;
                    }
                    break;
                }
            }
            char c = buf[pos++];
            if (skipLf) {
                skipLf = false;
                if (c == '\n') {
                    continue;
                }
            }
            any = true;
            if (c == '\n') {
                break;
            }
            if (c == '\r') {
                skipLf = true;
                break;
            }
            if (line.length() < maxLineLength) {
                line.append(c);
            } else {
                truncated = true;
            }
        }
        lineNumber++;
        if (lineNumber == 1 && line.length() > 0 && line.charAt(0) == '\uFEFF') {
            line.deleteCharAt(0);
        }
        return line.toString();
    }

    private boolean fill() throws IOException {
        int n;
        do {
            n = in.read(buf, 0, buf.length);
        } while (n == 0);
        if (n < 0) {
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    /** 1-based number of the line {@link #next()} returned last. */
    int lineNumber() {
        return lineNumber;
    }

    /** Whether the last line was longer than the maximum and was cut. */
    boolean truncated() {
        return truncated;
    }
}
