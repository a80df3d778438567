package io.p3.atlas.server.analytics;

/**
 * An event that failed validation: its index in the request (or stream), the field at fault and why.
 * The reason never repeats a wallet address.
 */
public record EventRejection(int index, String field, String reason) {
}
