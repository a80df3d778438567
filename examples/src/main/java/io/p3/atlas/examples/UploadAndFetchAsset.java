package io.p3.atlas.examples;

import io.p3.atlas.client.AtlasClient;
import io.p3.atlas.v1.Asset;
import io.p3.atlas.v1.AssetType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Uploads a file through {@code UploadAsset} (client streaming, 64 KiB chunks), reads it back through
 * {@code ReadAsset} (server streaming) and checks that the bytes read have the file's SHA-256. Neither
 * direction holds the file in memory.
 *
 * <pre>
 * java -cp examples/target/atlas-examples.jar io.p3.atlas.examples.UploadAndFetchAsset localhost:8080 some.file
 * </pre>
 *
 * <p>Exits with status 1 if the hashes differ.
 */
public final class UploadAndFetchAsset {
    private UploadAndFetchAsset() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: UploadAndFetchAsset host:port some.file");
            System.exit(2);
        }
        if (!run(args[0], Path.of(args[1]))) {
            System.exit(1);
        }
    }

    /** Uploads, reads back and compares; true if the hashes match. */
    static boolean run(String target, Path file) throws IOException {
        String fileSha256 = sha256(file);
        String contentType = Files.probeContentType(file);
        try (AtlasClient atlas = AtlasClient.connect(target); InputStream in = Files.newInputStream(file)) {
            // The expected hash makes the server refuse (and store nothing) if the bytes it got differ.
            Asset asset = atlas.assets().upload(null, AssetType.ASSET_TYPE_MEDIA, contentType, fileSha256, in);
            System.out.printf("uploaded %s as asset %s: %d bytes, served at %s%n", file.getFileName(),
                    asset.getId(), asset.getSize(), asset.getUrl());

            MessageDigest digest = newSha256();
            CountingOutputStream counted = new CountingOutputStream();
            try (OutputStream out = new DigestOutputStream(counted, digest)) {
                atlas.assets().read(asset.getId(), 0, 0, out);
            }
            String readSha256 = hex(digest.digest());
            System.out.printf("read back %d bytes, sha256 %s%n", counted.count, readSha256);
            boolean same = readSha256.equals(fileSha256) && readSha256.equals(asset.getSha256());
            System.out.println(same ? "sha256 matches the file" : "MISMATCH: the file's sha256 is " + fileSha256);
            return same;
        }
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest = newSha256();
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                digest.update(buf, 0, n);
            }
        }
        return hex(digest.digest());
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JVM has SHA-256
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return sb.toString();
    }

    /** Discards bytes, counting them. */
    private static final class CountingOutputStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
