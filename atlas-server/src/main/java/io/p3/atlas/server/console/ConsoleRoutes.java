package io.p3.atlas.server.console;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.encoding.EncodingService;
import com.linecorp.armeria.server.file.FileService;
import com.linecorp.armeria.server.file.HttpFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The browser console, built from {@code web/} by the {@code atlas-console} module into the classpath
 * under {@code atlas/console/}: {@code index.html} at {@code /} (and {@code /index.html}), its
 * content-hashed scripts and styles under {@code /console/}. Only those paths: {@code /docs},
 * {@code /v1/...}, {@code /content/...}, {@code /internal/...} and the gRPC paths keep their routes.
 * The page calls the server over gRPC-Web only.
 */
public final class ConsoleRoutes {
    private static final Logger log = LoggerFactory.getLogger(ConsoleRoutes.class);

    static final String RESOURCES = "atlas/console";

    /**
     * The page loads its own scripts, styles and API only; channel logos may come from anywhere.
     * Vite's build has no inline script or style, so nothing needs 'unsafe-inline'.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data: http: https:; connect-src 'self'; base-uri 'none'; form-action 'self';"
            + " frame-ancestors 'none'";

    private ConsoleRoutes() {
    }

    /** Binds the console's routes; false (and a warning) when the build left it out of the classpath. */
    public static boolean addTo(ServerBuilder sb) {
        return addTo(sb, ConsoleRoutes.class.getClassLoader());
    }

    static boolean addTo(ServerBuilder sb, ClassLoader loader) {
        if (loader.getResource(RESOURCES + "/index.html") == null) {
            log.warn("The console is not on the classpath ({}/index.html), so / serves nothing; "
                    + "build it with ./mvnw package (needs node >= 20.19 and npm)", RESOURCES);
            return false;
        }
        // index.html names the current hashed files: always revalidated (ETag), never stale.
        HttpService index = HttpFile.builder(loader, RESOURCES + "/index.html")
                .cacheControl("no-cache")
                .setHeader(HttpHeaderNames.CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY)
                .setHeader(HttpHeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff")
                .setHeader(HttpHeaderNames.REFERRER_POLICY, "no-referrer")
                .build()
                .asService()
                .decorate(EncodingService.newDecorator());
        sb.service("exact:/", index);
        sb.service("exact:/index.html", index);
        // Hashed names change with their content, so browsers may keep them for a year.
        sb.serviceUnder("/console/", FileService.builder(loader, RESOURCES + "/console")
                .cacheControl("public, max-age=31536000, immutable")
                .setHeader(HttpHeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff")
                .build()
                .decorate(EncodingService.newDecorator()));
        return true;
    }
}
