package io.p3.atlas.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p3.atlas.v1.CatalogServiceGrpc;
import io.p3.atlas.v1.Channel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Listings fetch a page only when iteration needs it: pages counted as they reach a real front server. */
class LazyPagingIT extends RealServerTestBase {
    private static FrontServer front;
    private static AtlasClient paging;
    private int pagesBefore;

    @BeforeAll
    static void importChannels() throws Exception {
        front = FrontServer.start(ATLAS.port());
        paging = AtlasClient.connect(front.target());
        assertEquals(30, paging.catalog().importPlaylist(Fixtures.text(Fixtures.GERMAN), "paging").getImportedCount());
    }

    @AfterAll
    static void stop() throws Exception {
        paging.close();
        front.close();
    }

    @BeforeEach
    void mark() {
        pagesBefore = pagesFetched();
    }

    private static int pagesFetched() {
        return front.count(CatalogServiceGrpc.getListChannelsMethod());
    }

    private int pagesSinceStart() {
        return pagesFetched() - pagesBefore;
    }

    @Test
    void nothingIsFetchedBeforeIterationStarts() {
        Paged<Channel> all = paging.catalog().listChannels(null, null, null).pageSize(5);
        Iterator<Channel> it = all.iterator();
        assertEquals(0, pagesSinceStart());
        assertTrue(it.hasNext());
        assertEquals(1, pagesSinceStart());
    }

    @Test
    void partialIterationFetchesOnlyThePagesItReaches() {
        List<Channel> seen = new ArrayList<>();
        for (Channel c : paging.catalog().listChannels(null, null, null).pageSize(5)) {
            seen.add(c);
            if (seen.size() == 7) {
                break;
            }
        }
        assertEquals(2, pagesSinceStart());
        assertEquals(paging.catalog().channels(null, null, null, 7), seen);
    }

    @Test
    void aLimitedStreamStopsAtTheLastPageItNeeds() {
        List<String> names = paging.catalog().listChannels(null, null, null).pageSize(5).stream()
                .limit(10).map(Channel::getName).collect(Collectors.toList());
        assertEquals(10, names.size());
        assertEquals(2, pagesSinceStart());
    }

    @Test
    void fullIterationWalksEveryPageOnceInOrder() {
        List<Channel> all = paging.catalog().listChannels(null, null, null).pageSize(7).toList();
        assertEquals(5, pagesSinceStart()); // 7+7+7+7+2
        assertEquals(30, all.size());
        assertEquals(30, all.stream().map(Channel::getId).collect(Collectors.toSet()).size());
        // The same order as one page holding everything.
        assertEquals(paging.catalog().listChannels(null, null, null).pageSize(30).firstPage().items(), all);
    }

    @Test
    void onePageAtATimeWithTokensAndTotalSize() {
        Paged<Channel> news = paging.catalog().listChannels("News", null, null).pageSize(4);
        Paged.Page<Channel> first = news.firstPage();
        assertEquals(4, first.items().size());
        assertEquals(6, first.totalSize().orElseThrow());
        assertTrue(first.hasNextPage());
        Paged.Page<Channel> second = news.page(first.nextPageToken());
        assertEquals(2, second.items().size());
        assertFalse(second.hasNextPage());
        assertEquals(2, pagesSinceStart());
        assertTrue(second.items().stream().allMatch(c -> c.getGroup().equals("News")));
    }

    @Test
    void pagesAreFetchedOneByOne() {
        Iterator<Paged.Page<Channel>> pages = paging.catalog().listChannels(null, "German", null).pageSize(10)
                .pages().iterator();
        assertEquals(10, pages.next().items().size());
        assertEquals(1, pagesSinceStart());
        pages.next();
        pages.next();
        assertFalse(pages.hasNext());
        assertEquals(3, pagesSinceStart());
    }

    @Test
    void firstAsksForNoMoreThanItNeeds() {
        assertEquals(3, paging.catalog().channels(null, null, "", 3).size());
        assertEquals(1, pagesSinceStart());
    }
}
