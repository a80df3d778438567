package io.p3.atlas.server.analytics;

import io.grpc.stub.StreamObserver;
import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.server.grpc.PageReplies;
import io.p3.atlas.server.grpc.Replies;
import io.p3.atlas.v1.AnalyticsServiceGrpc;
import io.p3.atlas.v1.Event;
import io.p3.atlas.v1.GetEventStatsRequest;
import io.p3.atlas.v1.GetEventStatsResponse;
import io.p3.atlas.v1.IngestEventsRequest;
import io.p3.atlas.v1.IngestEventsResponse;
import io.p3.atlas.v1.StreamEventsRequest;
import io.p3.atlas.v1.StreamEventsResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** atlas.v1.AnalyticsService: translates between protos and {@link AnalyticsService}. */
public final class AnalyticsGrpcService extends AnalyticsServiceGrpc.AnalyticsServiceImplBase {
    private final AnalyticsService analytics;

    public AnalyticsGrpcService(AnalyticsService analytics) {
        this.analytics = analytics;
    }

    @Override
    public void ingestEvents(IngestEventsRequest req, StreamObserver<IngestEventsResponse> out) {
        Replies.reply(out, () -> {
            AnalyticsService.IngestResult r = analytics.ingest(toInputs(req.getEventsList()), 0);
            return IngestEventsResponse.newBuilder().setAcceptedCount(r.acceptedCount())
                    .addAllRejections(toProto(r.rejections())).build();
        });
    }

    @Override
    public StreamObserver<StreamEventsRequest> streamEvents(StreamObserver<StreamEventsResponse> out) {
        return new StreamObserver<>() {
            private final StreamEventsResponse.Builder summary = StreamEventsResponse.newBuilder();
            private int seen;
            private boolean failed;

            @Override
            public void onNext(StreamEventsRequest chunk) {
                if (failed) {
                    return;
                }
                try {
                    AnalyticsService.IngestResult r = analytics.ingest(toInputs(chunk.getEventsList()), seen);
                    seen += chunk.getEventsCount();
                    summary.setAcceptedCount(summary.getAcceptedCount() + r.acceptedCount())
                            .addAllRejections(toProto(r.rejections()));
                } catch (AtlasException e) {
                    failed = true;
                    // Tell the caller where to resume: everything before this message stays accepted.
                    out.onError(new AtlasException(e.code(), e.field(), e.getMessage() + " (this stream had "
                            + summary.getAcceptedCount() + " events accepted from its first " + seen
                            + " events; resend from event " + seen + ")", e.retryAfter(), null));
                } catch (RuntimeException e) {
                    failed = true;
                    out.onError(e);
                }
            }

            @Override
            public void onError(Throwable t) {
                failed = true;
            }

            @Override
            public void onCompleted() {
                if (!failed) {
                    out.onNext(summary.build());
                    out.onCompleted();
                }
            }
        };
    }

    @Override
    public void getEventStats(GetEventStatsRequest req, StreamObserver<GetEventStatsResponse> out) {
        Replies.reply(out, () -> {
            GetEventStatsResponse.Builder b = GetEventStatsResponse.newBuilder();
            PageReplies.fill(analytics.stats(req.getStartDate(), req.getEndDate(), req.getName(),
                    req.getPageSize(), req.getPageToken()), AnalyticsGrpcService::toProto, b::addStats,
                    b::setNextPageToken);
            return b.build();
        });
    }

    private static List<EventInput> toInputs(List<Event> events) {
        List<EventInput> out = new ArrayList<>(events.size());
        for (Event e : events) {
            out.add(new EventInput(e.getName(), e.getWalletAddress(), e.getStreamId(), e.getAssetId(), e.getAppId(),
                    e.getPropertiesMap(), e.hasEventTime() ? eventTime(e.getEventTime()) : null));
        }
        return out;
    }

    /** Beyond Instant's range is far outside the accepted window: clamped, the validator rejects the event. */
    private static Instant eventTime(com.google.protobuf.Timestamp t) {
        try {
            return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
        } catch (java.time.DateTimeException | ArithmeticException e) {
            return t.getSeconds() < 0 ? Instant.MIN : Instant.MAX;
        }
    }

    private static List<io.p3.atlas.v1.EventRejection> toProto(List<EventRejection> rejections) {
        List<io.p3.atlas.v1.EventRejection> out = new ArrayList<>(rejections.size());
        for (EventRejection r : rejections) {
            out.add(io.p3.atlas.v1.EventRejection.newBuilder().setIndex(r.index()).setField(r.field())
                    .setReason(r.reason()).build());
        }
        return out;
    }

    static io.p3.atlas.v1.DailyEventStats toProto(DailyEventStats s) {
        return io.p3.atlas.v1.DailyEventStats.newBuilder().setDate(s.date().toString()).setName(s.name())
                .setCount(s.count()).setUniqueUsers(s.uniqueUsers()).build();
    }
}
