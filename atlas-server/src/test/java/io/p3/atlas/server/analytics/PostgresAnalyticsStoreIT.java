package io.p3.atlas.server.analytics;

import io.p3.atlas.server.testing.TestDatabase;

/** The analytics contract on a real PostgreSQL server. */
class PostgresAnalyticsStoreIT extends AnalyticsStoreContract {
    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}
