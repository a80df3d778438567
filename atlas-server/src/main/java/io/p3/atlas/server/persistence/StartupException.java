package io.p3.atlas.server.persistence;

/** Start-up cannot go on; the message is one line saying what is wrong and how to fix it. */
public final class StartupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
