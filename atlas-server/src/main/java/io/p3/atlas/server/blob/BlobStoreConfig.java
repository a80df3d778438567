package io.p3.atlas.server.blob;

import io.p3.atlas.server.config.ConfigException;
import io.p3.atlas.server.config.EnvReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Where blobs live: {@code ATLAS_BLOB_STORE} = {@code file} (default, under {@code ATLAS_DATA_DIR/blobs})
 * or {@code s3}. AWS credentials are not read here: the SDK's default provider chain finds them
 * ({@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}, profiles, instance roles).
 *
 * @param kind      {@code ATLAS_BLOB_STORE}
 * @param bucket    {@code ATLAS_S3_BUCKET}: required for s3
 * @param endpoint  {@code ATLAS_S3_ENDPOINT}: an S3-compatible service (MinIO, Ceph, R2…); empty for AWS
 * @param region    {@code ATLAS_S3_REGION}: empty means the SDK's region chain, or us-east-1 with an endpoint
 * @param pathStyle {@code ATLAS_S3_PATH_STYLE}: {@code http://host/bucket/key}, not {@code http://bucket.host/key}
 * @param prefix    {@code ATLAS_S3_PREFIX}: prepended to every key; empty, or ending with {@code /}
 */
public record BlobStoreConfig(Kind kind, String bucket, Optional<URI> endpoint, Optional<String> region,
                              boolean pathStyle, String prefix) {

    /** The two implementations. */
    public enum Kind {
        FILE, S3
    }

    public BlobStoreConfig {
        if (kind == Kind.S3 && (bucket == null || bucket.isEmpty())) {
            throw new ConfigException("ATLAS_S3_BUCKET must name the bucket when ATLAS_BLOB_STORE=s3");
        }
    }

    public static BlobStoreConfig from(EnvReader env) {
        String kind = env.string("ATLAS_BLOB_STORE", "file").toLowerCase(Locale.ROOT);
        if (!kind.equals("file") && !kind.equals("s3")) {
            throw new ConfigException("ATLAS_BLOB_STORE must be file or s3, got '" + kind + "'");
        }
        String bucket = env.string("ATLAS_S3_BUCKET", "");
        if (bucket.contains("/")) {
            throw new ConfigException("ATLAS_S3_BUCKET must be a bucket name without '/', got '" + bucket
                    + "' (put a key prefix in ATLAS_S3_PREFIX)");
        }
        return new BlobStoreConfig(kind.equals("s3") ? Kind.S3 : Kind.FILE, bucket,
                env.optional("ATLAS_S3_ENDPOINT").map(BlobStoreConfig::endpoint), env.optional("ATLAS_S3_REGION"),
                env.bool("ATLAS_S3_PATH_STYLE", false), prefix(env.string("ATLAS_S3_PREFIX", "")));
    }

    /** Opens the configured store; {@code dataDir} holds the file store, or the S3 store's upload temp files. */
    public BlobStore open(Path dataDir) {
        Path blobs = dataDir.resolve("blobs");
        return kind == Kind.FILE ? new FileBlobStore(blobs) : S3BlobStore.open(this, blobs.resolve("tmp"));
    }

    private static URI endpoint(String value) {
        try {
            URI uri = new URI(value);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getUserInfo() != null) {
                throw new URISyntaxException(value, "not an http(s) URL with a host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigException("ATLAS_S3_ENDPOINT must be an http(s) URL such as http://127.0.0.1:9000,"
                    + " got '" + value + "'");
        }
    }

    /** "a/b" and "/a/b/" become "a/b/"; empty stays empty. */
    private static String prefix(String value) {
        String p = value.replaceAll("^/+", "");
        return p.isEmpty() || p.endsWith("/") ? p : p + "/";
    }
}
