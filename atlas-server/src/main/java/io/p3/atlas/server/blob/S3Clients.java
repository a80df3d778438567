package io.p3.atlas.server.blob;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;

/**
 * Builds the S3 client from {@link BlobStoreConfig} and checks at start-up that the bucket is there and
 * the credentials may use it, turning SDK failures into one line that says what to fix.
 */
final class S3Clients {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(60);

    private S3Clients() {
    }

    /**
     * The client: the JDK's HttpURLConnection underneath (no extra HTTP stack), credentials from the
     * default provider chain, and checksums only where S3 requires them: the SDK's default (a CRC trailer
     * in aws-chunked uploads) is refused by several S3-compatible servers.
     */
    static S3Client build(BlobStoreConfig config, AwsCredentialsProvider credentials) {
        S3ClientBuilder b = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(SOCKET_TIMEOUT))
                .credentialsProvider(credentials)
                .forcePathStyle(config.pathStyle())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        config.endpoint().ifPresent(b::endpointOverride);
        if (config.region().isPresent()) {
            b.region(Region.of(config.region().get()));
        } else if (config.endpoint().isPresent()) {
            b.region(Region.US_EAST_1); // S3-compatible services accept any region in the signature
        }
        try {
            return b.build();
        } catch (SdkException e) {
            throw new BlobStoreException("cannot set up the S3 client: " + oneLine(e.getMessage())
                    + " (set ATLAS_S3_REGION)", e);
        }
    }

    /** The SDK's default credentials chain: env, system properties, profiles, container and instance roles. */
    static AwsCredentialsProvider defaultCredentials() {
        return DefaultCredentialsProvider.builder().build();
    }

    /** Fails with one line unless credentials are found and the bucket answers a HEAD with 200. */
    static void verify(S3Client s3, BlobStoreConfig config, AwsCredentialsProvider credentials) {
        try {
            credentials.resolveCredentials();
        } catch (SdkException e) {
            throw new BlobStoreException("no AWS credentials for the S3 blob store: set AWS_ACCESS_KEY_ID and"
                    + " AWS_SECRET_ACCESS_KEY (or AWS_PROFILE, or run with an instance role)", e);
        }
        String where = "bucket '" + config.bucket() + "'" + config.endpoint().map(u -> " at " + u).orElse("");
        try {
            s3.headBucket(HeadBucketRequest.builder().bucket(config.bucket()).build());
        } catch (AwsServiceException e) {
            throw new BlobStoreException(refusal(e, where), e);
        } catch (SdkException e) {
            throw new BlobStoreException("cannot reach the S3 " + where + ": " + oneLine(e.getMessage())
                    + " (check ATLAS_S3_ENDPOINT and that the service is running)", e);
        }
    }

    private static String refusal(AwsServiceException e, String where) {
        return switch (e.statusCode()) {
            case 404 -> "the S3 " + where + " does not exist: create it or set ATLAS_S3_BUCKET to an existing bucket";
            case 401, 403 -> "access to the S3 " + where + " was denied (HTTP " + e.statusCode() + "): check"
                    + " AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY and the permissions of that key on the bucket";
            case 301, 307 -> "the S3 " + where + " is in another region"
                    + e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-bucket-region")
                            .map(r -> " (" + r + ")").orElse("") + ": set ATLAS_S3_REGION to it";
            default -> "the S3 " + where + " answered HTTP " + e.statusCode() + " to a HEAD request: "
                    + oneLine(e.awsErrorDetails().errorMessage());
        };
    }

    /** The first line of an SDK message (some span several lines), never null. */
    static String oneLine(String message) {
        if (message == null) {
            return "no details";
        }
        String line = message.strip().lines().findFirst().orElse("no details");
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }

    /** The endpoint named in logs. */
    static String describe(BlobStoreConfig config) {
        return "s3://" + config.bucket() + "/" + config.prefix()
                + config.endpoint().map(URI::toString).map(u -> " at " + u).orElse("");
    }
}
