package io.p3.atlas.server.testing;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A real S3 API server for tests: s3proxy with jclouds' in-memory ("transient") back-end, started once per
 * JVM on a free loopback port (its threads and data end with the JVM). Requests must be signed with
 * {@link #ACCESS_KEY} / {@link #SECRET_KEY}; starting it puts them in the {@code aws.accessKeyId} and
 * {@code aws.secretAccessKey} system properties, which the SDK's default credentials chain reads (servers
 * started in this JVM use them).
 * Each {@link #newBucket()} is a fresh, empty bucket.
 */
public final class TestS3 {
    public static final String ACCESS_KEY = "atlas-test";
    public static final String SECRET_KEY = "atlas-test-secret";
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static TestS3 instance;

    private final URI endpoint;
    private final S3Client client;

    private TestS3(URI endpoint) {
        this.endpoint = endpoint;
        this.client = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    /** The shared server, started on first use. */
    public static synchronized TestS3 get() {
        if (instance == null) {
            instance = start(); // in this JVM's memory only: it ends with the JVM, nothing to clean up
        }
        return instance;
    }

    private static TestS3 start() {
        BlobStoreContext context = ContextBuilder.newBuilder("transient").build(BlobStoreContext.class);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .ignoreUnknownHeaders(true)
                .build();
        try {
            proxy.start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!"STARTED".equals(proxy.getState()) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot start s3proxy", e);
        }
        System.setProperty("aws.accessKeyId", ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", SECRET_KEY);
        return new TestS3(URI.create("http://127.0.0.1:" + proxy.getPort()));
    }

    /** {@code http://127.0.0.1:<port>} */
    public URI endpoint() {
        return endpoint;
    }

    /** A client signed with the test credentials, for assertions on what the server stored. */
    public S3Client client() {
        return client;
    }

    /** Creates a fresh empty bucket and returns its name. */
    public String newBucket() {
        String name = "atlas-test-" + BUCKETS.incrementAndGet();
        client.createBucket(b -> b.bucket(name));
        return name;
    }

    /** The server settings for an Atlas server storing blobs in {@code bucket} (credentials not included). */
    public Map<String, String> env(String bucket) {
        Map<String, String> env = new HashMap<>();
        env.put("ATLAS_BLOB_STORE", "s3");
        env.put("ATLAS_S3_ENDPOINT", endpoint.toString());
        env.put("ATLAS_S3_PATH_STYLE", "true");
        env.put("ATLAS_S3_BUCKET", bucket);
        return env;
    }

    /** Every object key in {@code bucket}. */
    public List<String> keys(String bucket) {
        return client.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream().map(S3Object::key).toList();
    }

    /** How many multipart uploads in {@code bucket} are started and neither completed nor aborted. */
    public int openUploads(String bucket) {
        return client.listMultipartUploads(b -> b.bucket(bucket)).uploads().size();
    }
}
