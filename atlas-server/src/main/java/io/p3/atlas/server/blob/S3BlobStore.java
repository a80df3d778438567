package io.p3.atlas.server.blob;

import io.p3.atlas.server.error.AtlasException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Blobs as objects in an S3-compatible bucket, at {@code <prefix>blobs/<sha256>}. Bytes are first spooled
 * to a local temp file while hashed ({@link BlobWriter}); {@link #commit} then uploads that file straight
 * to its content address (one PUT, or a multipart upload above {@link #multipartThreshold}), so an object
 * appears only once complete and there is never a temporary object to copy or to leak. A failed multipart
 * upload is aborted. Reads are ranged GETs streamed to the caller. When S3 fails, calls fail UNAVAILABLE.
 */
public final class S3BlobStore implements BlobStore {
    private static final Logger log = LoggerFactory.getLogger(S3BlobStore.class);
    static final long DEFAULT_PART_BYTES = 16L * 1024 * 1024;
    /** S3 allows at most this many parts per upload. */
    private static final int MAX_PARTS = 10_000;
    private static final String BINARY = "application/octet-stream";

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final String description;
    private final SpoolDir spool;
    private final long multipartThreshold;
    private final long partBytes;

    S3BlobStore(S3Client s3, BlobStoreConfig config, Path spoolDir, long multipartThreshold, long partBytes) {
        this.s3 = s3;
        this.bucket = config.bucket();
        this.prefix = config.prefix();
        this.description = S3Clients.describe(config);
        this.spool = new SpoolDir(spoolDir);
        this.multipartThreshold = multipartThreshold;
        this.partBytes = partBytes;
    }

    /** Connects and checks the bucket (a {@link BlobStoreException} with one line if unusable). */
    public static S3BlobStore open(BlobStoreConfig config, Path spoolDir) {
        return open(config, spoolDir, S3Clients.defaultCredentials(), DEFAULT_PART_BYTES, DEFAULT_PART_BYTES);
    }

    static S3BlobStore open(BlobStoreConfig config, Path spoolDir, AwsCredentialsProvider credentials,
                            long multipartThreshold, long partBytes) {
        S3Client s3 = S3Clients.build(config, credentials);
        try {
            S3Clients.verify(s3, config, credentials);
            return new S3BlobStore(s3, config, spoolDir, multipartThreshold, partBytes);
        } catch (RuntimeException e) {
            s3.close();
            throw e;
        }
    }

    /** The object key of a blob: {@code <prefix>blobs/<sha256>}. */
    public String key(String sha256) {
        return prefix + "blobs/" + BlobStore.requireSha256(sha256);
    }

    @Override
    public BlobWriter newWriter() {
        return spool.newWriter();
    }

    @Override
    public boolean commit(BlobWriter.Finished finished) {
        try {
            if (exists(finished.sha256())) {
                return false;
            }
            String key = key(finished.sha256());
            if (finished.size() <= multipartThreshold) {
                s3.putObject(b -> b.bucket(bucket).key(key).contentType(BINARY),
                        RequestBody.fromFile(finished.tempFile()));
            } else {
                uploadInParts(key, finished);
            }
            return true;
        } catch (SdkException e) {
            throw unavailable("storing blob " + finished.sha256(), e);
        } finally {
            SpoolDir.deleteQuietly(finished.tempFile());
        }
    }

    private void uploadInParts(String key, BlobWriter.Finished finished) {
        long part = Math.max(partBytes, (finished.size() + MAX_PARTS - 1) / MAX_PARTS);
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType(BINARY)).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            for (long offset = 0; offset < finished.size(); offset += part) {
                int number = parts.size() + 1;
                long length = Math.min(part, finished.size() - offset);
                long from = offset;
                String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number)
                                .contentLength(length),
                        RequestBody.fromContentProvider(() -> slice(finished.tempFile(), from, length), length, BINARY))
                        .eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (RuntimeException e) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
            } catch (SdkException abortFailed) {
                e.addSuppressed(abortFailed);
            }
            throw e;
        }
    }

    /** A fresh stream over {@code length} bytes of {@code file} from {@code offset} (the SDK may retry a part). */
    private static InputStream slice(Path file, long offset, long length) {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            channel.position(offset);
            return new RangeInputStream(Channels.newInputStream(channel), length);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the temp file " + file, e);
        }
    }

    @Override
    public boolean exists(String sha256) {
        String key = key(sha256);
        try {
            s3.headObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw unavailable("looking up blob " + sha256, e);
        } catch (SdkException e) {
            throw unavailable("looking up blob " + sha256, e);
        }
    }

    @Override
    public InputStream openRange(String sha256, long offset, long length) {
        if (length == 0) {
            if (!exists(sha256)) {
                throw new MissingBlobException(sha256);
            }
            return InputStream.nullInputStream();
        }
        String key = key(sha256);
        ResponseInputStream<GetObjectResponse> in;
        try {
            in = s3.getObject(b -> b.bucket(bucket).key(key).range("bytes=" + offset + "-" + (offset + length - 1)));
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404 && !"NoSuchBucket".equals(e.awsErrorDetails().errorCode())) {
                throw new MissingBlobException(sha256);
            }
            throw unavailable("reading blob " + sha256, e);
        } catch (SdkException e) {
            throw unavailable("reading blob " + sha256, e);
        }
        return new RangeInputStream(in, length, in::abort);
    }

    @Override
    public void delete(String sha256) {
        String key = key(sha256);
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw unavailable("deleting blob " + sha256, e);
        }
    }

    /** S3 trouble (network, throttling, 5xx, permissions) is logged here and reaches callers as UNAVAILABLE. */
    private AtlasException unavailable(String what, SdkException e) {
        log.warn("S3 blob store {}: {} failed: {}", description, what, S3Clients.oneLine(e.getMessage()));
        return AtlasException.unavailable("the blob store is unavailable; retry later", e);
    }

    @Override
    public boolean isHealthy() {
        try {
            s3.headBucket(b -> b.bucket(bucket));
            return spool.isWritable();
        } catch (SdkException e) {
            return false;
        }
    }

    @Override
    public String describe() {
        return description;
    }

    /** The local directory holding uploads before they go to the bucket. */
    public Path tempDir() {
        return spool.path();
    }

    @Override
    public void close() {
        s3.close();
    }
}
