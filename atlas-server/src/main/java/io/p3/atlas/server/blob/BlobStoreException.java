package io.p3.atlas.server.blob;

/** The blob store cannot be used (bucket missing, access denied, endpoint unreachable); one line, no secrets. */
public final class BlobStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BlobStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
