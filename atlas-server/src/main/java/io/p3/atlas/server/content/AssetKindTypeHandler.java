package io.p3.atlas.server.content;

import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.apache.ibatis.type.BaseTypeHandler;
import org.apache.ibatis.type.JdbcType;

/** Stores an {@link AssetKind} as its database value ({@code ASSET_TYPE_MEDIA}). */
public final class AssetKindTypeHandler extends BaseTypeHandler<AssetKind> {

    @Override
    public void setNonNullParameter(PreparedStatement ps, int i, AssetKind kind, JdbcType type) throws SQLException {
        ps.setString(i, kind.dbValue());
    }

    @Override
    public AssetKind getNullableResult(ResultSet rs, String column) throws SQLException {
        return from(rs.getString(column));
    }

    @Override
    public AssetKind getNullableResult(ResultSet rs, int index) throws SQLException {
        return from(rs.getString(index));
    }

    @Override
    public AssetKind getNullableResult(CallableStatement cs, int index) throws SQLException {
        return from(cs.getString(index));
    }

    private static AssetKind from(String value) {
        return value == null ? null : AssetKind.fromDbValue(value);
    }
}
