package io.p3.atlas.server.analytics;

import java.time.LocalDate;
import java.util.List;
import org.apache.ibatis.annotations.Param;

/** MyBatis mapper for analytics; SQL in AnalyticsMapper.xml beside it (resources). */
public interface AnalyticsMapper {

    /** Stores the day's salt unless one exists already. */
    int insertSaltIfAbsent(@Param("day") LocalDate day, @Param("salt") byte[] salt);

    /** The day's salt (a list of zero or one: MyBatis reads an array return as many rows). */
    List<byte[]> selectSalt(@Param("day") LocalDate day);

    int deleteSaltsBefore(@Param("day") LocalDate day);

    List<DailyEventStats> selectStats(@Param("start") LocalDate start, @Param("end") LocalDate end,
                                      @Param("name") String name, @Param("afterDay") LocalDate afterDay,
                                      @Param("afterName") String afterName, @Param("limit") int limit);
}
