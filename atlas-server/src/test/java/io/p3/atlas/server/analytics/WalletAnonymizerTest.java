package io.p3.atlas.server.analytics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p3.atlas.server.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The anonymization rules over an in-memory salt map (the real stores run AnalyticsStoreContract). */
class WalletAnonymizerTest {
    static final String WALLET = "0xAbCdEf0123456789abcdef0123456789ABCDEF01";
    static final String OTHER = "0x1111111111111111111111111111111111111111";
    static final LocalDate DAY = LocalDate.parse("2026-03-10");

    final MutableClock clock = MutableClock.at("2026-03-10T08:00:00Z");
    final MemorySalts salts = new MemorySalts();
    final WalletAnonymizer anonymizer = new WalletAnonymizer(salts, clock);

    /** Salts in a map, insert-if-absent like the SQL stores. */
    static final class MemorySalts implements SaltStore {
        final Map<LocalDate, byte[]> map = new ConcurrentHashMap<>();

        @Override
        public byte[] saltFor(LocalDate day, byte[] candidate) {
            return map.computeIfAbsent(day, d -> candidate.clone());
        }

        @Override
        public Optional<byte[]> findSalt(LocalDate day) {
            return Optional.ofNullable(map.get(day));
        }

        @Override
        public int deleteSaltsBefore(LocalDate day) {
            int before = map.size();
            map.keySet().removeIf(d -> d.isBefore(day));
            return before - map.size();
        }
    }

    @Test
    void idIsBase64UrlOfTheFirst16BytesOfHmacSha256OfTheLowerCaseWallet() throws Exception {
        String id = anonymizer.anonymize(WALLET, DAY);
        byte[] salt = salts.findSalt(DAY).orElseThrow();
        assertEquals(32, salt.length);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(salt, "HmacSHA256"));
        byte[] expected = Arrays.copyOf(mac.doFinal(WALLET.toLowerCase().getBytes(StandardCharsets.US_ASCII)), 16);
        assertArrayEquals(expected, Base64.getUrlDecoder().decode(id));
        assertEquals(22, id.length());
        assertTrue(id.matches("[A-Za-z0-9_-]{22}"), id);
        assertFalse(id.toLowerCase().contains(WALLET.substring(2).toLowerCase()));
    }

    @Test
    void sameWalletSameDaySameIdInAnyCase() {
        String a = anonymizer.anonymize(WALLET, DAY);
        assertEquals(a, anonymizer.anonymize(WALLET.toLowerCase(), DAY));
        assertEquals(a, anonymizer.anonymize("0x" + WALLET.substring(2).toUpperCase(), DAY));
        assertNotEquals(a, anonymizer.anonymize(OTHER, DAY));
    }

    @Test
    void otherDayOtherIdAndOtherSalt() {
        String today = anonymizer.anonymize(WALLET, DAY);
        String yesterday = anonymizer.anonymize(WALLET, DAY.minusDays(1));
        assertNotEquals(today, yesterday);
        assertFalse(Arrays.equals(salts.map.get(DAY), salts.map.get(DAY.minusDays(1))));
    }

    @Test
    void saltsAreRandomNotDerived() {
        WalletAnonymizer other = new WalletAnonymizer(new MemorySalts(), clock);
        assertNotEquals(anonymizer.anonymize(WALLET, DAY), other.anonymize(WALLET, DAY));
    }

    @Test
    void onlyLiveSaltsAreUsedOlderEventsUseToday() {
        assertEquals(DAY, anonymizer.saltDay(DAY));
        assertEquals(DAY.minusDays(1), anonymizer.saltDay(DAY.minusDays(1)));
        assertEquals(DAY.plusDays(1), anonymizer.saltDay(DAY.plusDays(1)));
        assertEquals(DAY, anonymizer.saltDay(DAY.minusDays(2)));
        assertEquals(DAY, anonymizer.saltDay(DAY.minusDays(29)));
    }

    @Test
    void purgeDestroysSaltsOnce48HoursOldAndOldIdsBecomeUnlinkable() {
        String stored = anonymizer.anonymize(WALLET, DAY);
        clock.advance(Duration.ofHours(40)); // 2026-03-12T00:00: DAY's salt is exactly 48 h old
        assertEquals(1, anonymizer.purgeExpired());
        assertTrue(salts.findSalt(DAY).isEmpty());
        // The same wallet on that day can no longer be mapped to the stored id.
        assertNotEquals(stored, anonymizer.anonymize(WALLET, DAY));
        for (LocalDate d = DAY; !d.isAfter(DAY.plusDays(3)); d = d.plusDays(1)) {
            assertNotEquals(stored, anonymizer.idFor(WALLET, d));
        }
    }

    @Test
    void purgeKeepsTodayAndYesterday() {
        anonymizer.anonymize(WALLET, DAY.minusDays(1));
        anonymizer.anonymize(WALLET, DAY);
        assertEquals(0, anonymizer.purgeExpired());
        assertTrue(salts.findSalt(DAY.minusDays(1)).isPresent());
    }
}
