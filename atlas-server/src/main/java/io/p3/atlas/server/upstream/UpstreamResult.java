package io.p3.atlas.server.upstream;

/**
 * The outcome of a successful fetch.
 *
 * @param response    status and validators of the final response
 * @param notModified true when a conditional GET was answered 304 (then {@code value} is null)
 * @param value       what the {@link BodyReader} returned, or null when not modified
 */
public record UpstreamResult<T>(UpstreamResponse response, boolean notModified, T value) {
}
