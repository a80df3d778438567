package io.p3.atlas.server.blob;

/** A read asked for a blob that is not in the store. */
public final class MissingBlobException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MissingBlobException(String sha256) {
        super("blob " + sha256 + " is not in the blob store", null, false, false);
    }
}
