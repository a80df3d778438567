package io.p3.atlas.server.blob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p3.atlas.server.config.ConfigException;
import io.p3.atlas.server.config.EnvReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobStoreConfigTest {
    static BlobStoreConfig from(Map<String, String> env) {
        return BlobStoreConfig.from(new EnvReader(env));
    }

    @Test
    void defaultIsFilesUnderTheDataDir(@TempDir Path dataDir) {
        BlobStoreConfig c = from(Map.of());
        assertEquals(BlobStoreConfig.Kind.FILE, c.kind());
        try (BlobStore store = c.open(dataDir)) {
            assertInstanceOf(FileBlobStore.class, store);
            assertTrue(Files.isDirectory(dataDir.resolve("blobs").resolve("tmp")));
        }
    }

    @Test
    void readsTheS3Variables() {
        BlobStoreConfig c = from(Map.of("ATLAS_BLOB_STORE", "S3", "ATLAS_S3_BUCKET", "atlas",
                "ATLAS_S3_ENDPOINT", "http://127.0.0.1:9000", "ATLAS_S3_REGION", "eu-west-1",
                "ATLAS_S3_PATH_STYLE", "true", "ATLAS_S3_PREFIX", "/prod/eu"));
        assertEquals(new BlobStoreConfig(BlobStoreConfig.Kind.S3, "atlas",
                Optional.of(URI.create("http://127.0.0.1:9000")), Optional.of("eu-west-1"), true, "prod/eu/"), c);
        BlobStoreConfig aws = from(Map.of("ATLAS_BLOB_STORE", "s3", "ATLAS_S3_BUCKET", "atlas"));
        assertEquals(new BlobStoreConfig(BlobStoreConfig.Kind.S3, "atlas", Optional.empty(), Optional.empty(), false,
                ""), aws);
    }

    @Test
    void malformedValuesNameTheVariable() {
        Map<String, String> cases = Map.of(
                "ATLAS_BLOB_STORE", "gcs",
                "ATLAS_S3_BUCKET", "",
                "ATLAS_S3_ENDPOINT", "127.0.0.1:9000",
                "ATLAS_S3_PATH_STYLE", "yes");
        cases.forEach((name, value) -> {
            Map<String, String> env = new java.util.HashMap<>(Map.of("ATLAS_BLOB_STORE", "s3", "ATLAS_S3_BUCKET", "b"));
            env.put(name, value);
            ConfigException e = assertThrows(ConfigException.class, () -> from(env), name);
            assertTrue(e.getMessage().contains(name), e.getMessage());
        });
        assertTrue(assertThrows(ConfigException.class, () -> from(Map.of("ATLAS_BLOB_STORE", "s3",
                "ATLAS_S3_BUCKET", "atlas/blobs"))).getMessage().contains("ATLAS_S3_PREFIX"));
    }
}
