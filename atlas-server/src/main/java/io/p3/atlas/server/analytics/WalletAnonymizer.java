package io.p3.atlas.server.analytics;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Replaces wallet addresses by anonymous ids: base64url without padding (22 characters) of the first
 * 16 bytes of HMAC-SHA256(salt of the day, lower-case wallet address). The same wallet maps to the same
 * id within one UTC day, and to an unrelated id on another day.
 *
 * <p>Salts are 32 random bytes from {@link SecureRandom}, one per UTC day, created on first use and kept
 * in the {@link SaltStore} (so restarts and other instances on the same database use the same salt),
 * then destroyed once 48 h old ({@link #purgeExpired()}), after which nobody can re-link that day's ids.
 * Only days whose salt is still alive are used: an event's own UTC day if that is yesterday, today or
 * tomorrow, else today.
 */
public final class WalletAnonymizer {
    static final int SALT_BYTES = 32;
    static final int ID_BYTES = 16;

    private final SaltStore salts;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<LocalDate, byte[]> cache = new ConcurrentHashMap<>();
    /**
     * Keyed HMACs per thread and salt day: looking up the provider and scheduling the key for every event
     * cost more than the hash itself. Only the days around today are ever used, so a few per thread.
     */
    private final ThreadLocal<Map<LocalDate, KeyedMac>> macs = ThreadLocal.withInitial(HashMap::new);
    private static final int MACS_PER_THREAD = 4;

    /** An HMAC keyed with {@code salt}. */
    private record KeyedMac(byte[] salt, Mac mac) {
    }

    public WalletAnonymizer(SaltStore salts, Clock clock) {
        this.salts = salts;
        this.clock = clock;
    }

    /** The anonymous id of {@code wallet} (any case) for an event on {@code eventDay}. */
    public String anonymize(String wallet, LocalDate eventDay) {
        return idFor(wallet, saltDay(eventDay));
    }

    /** The day whose salt anonymizes an event of {@code eventDay}: only salts still alive are used. */
    LocalDate saltDay(LocalDate eventDay) {
        LocalDate today = today();
        return eventDay.isBefore(today.minusDays(1)) || eventDay.isAfter(today.plusDays(1)) ? today : eventDay;
    }

    /** The id of {@code wallet} under {@code saltDay}'s salt (created if missing). */
    String idFor(String wallet, LocalDate saltDay) {
        byte[] salt = cache.computeIfAbsent(saltDay, this::loadOrCreate);
        Map<LocalDate, KeyedMac> mine = macs.get();
        KeyedMac keyed = mine.get(saltDay);
        if (keyed == null || keyed.salt != salt) { // a purged and re-created salt is another array
            if (mine.size() >= MACS_PER_THREAD) {
                mine.clear();
            }
            keyed = new KeyedMac(salt, newMac(salt));
            mine.put(saltDay, keyed);
        }
        // doFinal resets the Mac to its keyed initial state, ready for the next id.
        byte[] h = keyed.mac.doFinal(wallet.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(h, ID_BYTES));
    }

    private static Mac newMac(byte[] salt) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(salt, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    private byte[] loadOrCreate(LocalDate day) {
        byte[] candidate = new byte[SALT_BYTES];
        random.nextBytes(candidate);
        return salts.saltFor(day, candidate);
    }

    /** Deletes salts 48 h old or older (days before yesterday), in the store and in memory. */
    public int purgeExpired() {
        LocalDate oldestKept = today().minusDays(1);
        cache.keySet().removeIf(d -> d.isBefore(oldestKept));
        return salts.deleteSaltsBefore(oldestKept);
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC);
    }
}
