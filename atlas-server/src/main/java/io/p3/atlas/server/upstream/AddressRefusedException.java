package io.p3.atlas.server.upstream;

import java.net.InetAddress;

/** Raised inside the HTTP client when a resolved address fails the {@link AddressPolicy}; never leaves the package. */
final class AddressRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient InetAddress address;
    private final String reason;

    AddressRefusedException(InetAddress address, String reason) {
        super("refused " + (address == null ? "address" : address.getHostAddress()) + ": " + reason,
                null, false, false);
        this.address = address;
        this.reason = reason;
    }

    /** The refused address, or null when there was no resolved IP address. */
    InetAddress address() {
        return address;
    }

    String reason() {
        return reason;
    }
}
