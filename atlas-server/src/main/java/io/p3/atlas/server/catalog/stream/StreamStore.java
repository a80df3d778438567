package io.p3.atlas.server.catalog.stream;

import java.util.List;
import java.util.Optional;

/** Where catalog streams live. */
public interface StreamStore {

    /**
     * Stores {@code stream} with its tags in one transaction; false if its id is taken.
     *
     * @throws MissingTargetException if the channel or asset it plays does not exist (the database refuses it)
     */
    boolean insert(Stream stream);

    Optional<Stream> find(String id);

    /** Streams ordered by id after {@code afterId} (null: from the start), of {@code kind} and with {@code tag} if not null. */
    List<Stream> list(StreamKind kind, String tag, String afterId, int limit);

    /** True if it existed. */
    boolean delete(String id);

    /** The channel or asset a new stream would play does not exist; nothing was stored. */
    final class MissingTargetException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public MissingTargetException(Throwable cause) {
            super("the stream's channel or asset does not exist", cause, false, false);
        }
    }
}
