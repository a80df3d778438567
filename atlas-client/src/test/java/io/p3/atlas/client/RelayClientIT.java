package io.p3.atlas.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpc.Status;
import io.p3.atlas.v1.Relay;
import io.p3.atlas.v1.RelayStatus;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** RelayClient against the real server: registry, heartbeats, listing, selection. */
class RelayClientIT extends RealServerTestBase {
    private static final String WALLET = "0xF000000000000000000000000000000000000001";
    private static Relay relay(String id, String region) {
        return Relay.newBuilder().setId(id).setWalletAddress(WALLET).setEndpointUrl("https://" + id + ".example/live")
                .setRegion(region).setCapacityMbps(100).build();
    }

    @Test
    void registerHeartbeatListSelectDeregister() {
        Relay eu = atlas.relays().register(relay("it-eu", "eu-west"));
        assertEquals(RelayStatus.RELAY_STATUS_ONLINE, eu.getStatus());
        atlas.relays().register(relay("it-us", "us-east"));
        Relay beat = atlas.relays().heartbeat("it-eu", 3, 0.25);
        assertEquals(3, beat.getActiveStreams());
        assertEquals(beat, atlas.relays().get("it-eu"));

        assertEquals(List.of("it-eu"), atlas.relays().list("eu-west", RelayStatus.RELAY_STATUS_UNSPECIFIED).stream()
                .map(Relay::getId).collect(Collectors.toList()));
        assertEquals(List.of("it-eu", "it-us"), atlas.relays().listRelays(null, RelayStatus.RELAY_STATUS_ONLINE)
                .pageSize(1).stream().map(Relay::getId).collect(Collectors.toList()));
        assertEquals("it-us", atlas.relays().select("match-1", "us-east").getId());

        atlas.relays().deregister("it-eu");
        atlas.relays().deregister("it-us");
        assertEquals(Status.Code.NOT_FOUND,
                assertThrows(AtlasClientException.class, () -> atlas.relays().get("it-eu")).code());
    }

    @Test
    void noOnlineRelayIsUnavailableAfterTheRetries() {
        try (AtlasClient once = AtlasClient.builder(target()).noRetries().build()) {
            assertEquals(Status.Code.UNAVAILABLE, assertThrows(AtlasClientException.class,
                    () -> once.relays().select("match-2", "antarctica")).code());
        }
    }

    @Test
    void invalidRelayNamesTheField() {
        AtlasClientException e = assertThrows(AtlasClientException.class,
                () -> atlas.relays().register(relay("it-bad", "eu-west").toBuilder().setCapacityMbps(0).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
        assertEquals("relay.capacity_mbps", e.field().orElseThrow());
    }
}
