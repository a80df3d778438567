package io.p3.atlas.server.persistence;

import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.apache.ibatis.type.BaseTypeHandler;
import org.apache.ibatis.type.JdbcType;

/** A short list of single-line strings (channel labels) stored as one column, one value per line. */
public final class LinesTypeHandler extends BaseTypeHandler<List<String>> {

    @Override
    public void setNonNullParameter(PreparedStatement ps, int i, List<String> value, JdbcType type)
            throws SQLException {
        ps.setString(i, String.join("\n", value));
    }

    @Override
    public List<String> getNullableResult(ResultSet rs, String column) throws SQLException {
        return split(rs.getString(column));
    }

    @Override
    public List<String> getNullableResult(ResultSet rs, int index) throws SQLException {
        return split(rs.getString(index));
    }

    @Override
    public List<String> getNullableResult(CallableStatement cs, int index) throws SQLException {
        return split(cs.getString(index));
    }

    static List<String> split(String s) {
        return s == null || s.isEmpty() ? List.of() : List.of(s.split("\n"));
    }
}
