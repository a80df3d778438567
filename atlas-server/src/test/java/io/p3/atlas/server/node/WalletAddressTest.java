package io.p3.atlas.server.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.server.error.ErrorCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class WalletAddressTest {
    @Test
    void normalizesToLowerCase() {
        assertEquals("0xabcdef0123456789abcdef0123456789abcdef01",
                WalletAddress.normalize("0XABCDEF0123456789abcdef0123456789ABCDEF01", "wallet_address"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0x", "abcdef0123456789abcdef0123456789abcdef0123",
            "0xabcdef0123456789abcdef0123456789abcdef0", "0xabcdef0123456789abcdef0123456789abcdef012",
            "0xgbcdef0123456789abcdef0123456789abcdef01", " 0xabcdef0123456789abcdef0123456789abcdef01"})
    void rejectsMalformedAddressNamingTheField(String raw) {
        AtlasException e = assertThrows(AtlasException.class, () -> WalletAddress.normalize(raw, "wallet_address"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertEquals("wallet_address", e.field());
        assertTrue(e.getMessage().contains("wallet_address"), e.getMessage());
    }
}
