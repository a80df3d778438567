package io.p3.atlas.server.relay;

import java.time.Instant;
import java.util.List;
import org.apache.ibatis.annotations.Param;

/** MyBatis mapper for relays; SQL in RelayMapper.xml beside it (resources). */
public interface RelayMapper {

    int upsert(@Param("r") Relay relay);

    int heartbeat(@Param("id") String id, @Param("activeStreams") int activeStreams, @Param("load") double load,
                  @Param("at") Instant at);

    Relay select(@Param("id") String id);

    /** The relay, its row locked until commit (heartbeats of one relay apply one after the other). */
    Relay selectForUpdate(@Param("id") String id);

    List<Relay> list(@Param("region") String region, @Param("from") Instant heartbeatFrom,
                     @Param("before") Instant heartbeatBefore, @Param("afterId") String afterId,
                     @Param("limit") int limit);

    /** Deletes the relay, returning the row deleted (none if there was none). */
    List<Relay> delete(@Param("id") String id);

    /** Deletes the relays silent since before {@code cutoff}, returning the rows deleted. */
    List<Relay> deleteSilentBefore(@Param("cutoff") Instant cutoff);
}
