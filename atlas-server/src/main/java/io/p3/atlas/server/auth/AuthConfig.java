package io.p3.atlas.server.auth;

import io.p3.atlas.server.config.EnvReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * @param keysFile     {@code ATLAS_API_KEYS_FILE}: the keys file; empty runs the server open (local development)
 * @param reloadPeriod how often the file is checked for changes
 */
public record AuthConfig(Optional<Path> keysFile, Duration reloadPeriod) {
    public static AuthConfig from(EnvReader env) {
        return new AuthConfig(env.optional("ATLAS_API_KEYS_FILE").map(Path::of), Duration.ofSeconds(1));
    }
}
