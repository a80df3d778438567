package io.p3.atlas.server.analytics;

import io.p3.atlas.server.testing.TestDatabase;

/** The analytics contract on the embedded H2 default. */
class H2AnalyticsStoreTest extends AnalyticsStoreContract {
    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
