package io.p3.atlas.client;

import io.grpc.Channel;
import io.grpc.stub.StreamObserver;
import io.p3.atlas.v1.AnalyticsServiceGrpc;
import io.p3.atlas.v1.DailyEventStats;
import io.p3.atlas.v1.Event;
import io.p3.atlas.v1.GetEventStatsRequest;
import io.p3.atlas.v1.GetEventStatsResponse;
import io.p3.atlas.v1.IngestEventsRequest;
import io.p3.atlas.v1.IngestEventsResponse;
import io.p3.atlas.v1.StreamEventsRequest;
import io.p3.atlas.v1.StreamEventsResponse;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * AnalyticsService: privacy-preserving event ingestion. Wallets are anonymized by the server before
 * anything is stored; never put personal data into event properties.
 */
public final class AnalyticsClient {
    /** The most events one {@link #ingest} call or one stream message may carry. */
    public static final int MAX_EVENTS_PER_CALL = 1000;

    private final AnalyticsServiceGrpc.AnalyticsServiceBlockingStub blocking;
    private final AnalyticsServiceGrpc.AnalyticsServiceStub async;
    private final CallOptionsSupport calls;

    AnalyticsClient(Channel channel, CallOptionsSupport calls) {
        this.blocking = AnalyticsServiceGrpc.newBlockingStub(channel);
        this.async = AnalyticsServiceGrpc.newStub(channel);
        this.calls = calls;
    }

    /**
     * Sends up to 1000 events; returns how many were accepted and why the others were rejected (by
     * index). A full server queue answers RESOURCE_EXHAUSTED with a delay, after which the client resends
     * the call on its own (see {@link RetryPolicy}); if the retries run out, it is an
     * {@link AtlasClientException} RESOURCE_EXHAUSTED whose {@code retryDelay()} says when to resend the same
     * call, and nothing of it was accepted. An UNAVAILABLE is never resent: the events might have been taken.
     */
    public IngestEventsResponse ingest(List<Event> events) {
        return CallOptionsSupport.call(() -> calls.withDeadline(blocking)
                .ingestEvents(IngestEventsRequest.newBuilder().addAllEvents(events).build()));
    }

    /** Opens a client stream for continuous senders (SDKs, relays); {@link EventStream#finish()} ends it. */
    public EventStream openStream() {
        return new EventStream(async);
    }

    /** Per UTC day and event name: count and unique users, from {@code start} to {@code end} inclusive. */
    public List<DailyEventStats> stats(LocalDate start, LocalDate end, String name) {
        return listEventStats(start, end, name).toList();
    }

    /** The same rows (by date, then name) as a lazy listing. */
    public Paged<DailyEventStats> listEventStats(LocalDate start, LocalDate end, String name) {
        return Paged.of((token, size) -> CallOptionsSupport.call(() -> calls.withDeadline(blocking).getEventStats(
                GetEventStatsRequest.newBuilder().setStartDate(start == null ? "" : start.toString())
                        .setEndDate(end == null ? "" : end.toString()).setName(name == null ? "" : name)
                        .setPageSize(size).setPageToken(token).build())),
                GetEventStatsResponse::getStatsList, GetEventStatsResponse::getNextPageToken);
    }

    /** A StreamEvents call: send batches, then {@link #finish()} for the summary. Not thread-safe. */
    public static final class EventStream implements AutoCloseable {
        private final CompletableFuture<StreamEventsResponse> summary = new CompletableFuture<>();
        private final StreamObserver<StreamEventsRequest> requests;
        private boolean finished;

        EventStream(AnalyticsServiceGrpc.AnalyticsServiceStub stub) {
            this.requests = stub.streamEvents(new StreamObserver<>() {
                @Override
                public void onNext(StreamEventsResponse value) {
                    summary.complete(value);
                }

                @Override
                public void onError(Throwable t) {
                    summary.completeExceptionally(t);
                }

                @Override
                public void onCompleted() {
                    summary.completeExceptionally(new IllegalStateException("stream ended without a summary"));
                }
            });
        }

        /** Sends up to 1000 events as one message. */
        public void send(List<Event> events) {
            if (summary.isDone()) {
                // The server already ended the call (e.g. RESOURCE_EXHAUSTED): surface it now.
                finish();
            }
            requests.onNext(StreamEventsRequest.newBuilder().addAllEvents(events).build());
        }

        /** Half-closes and waits (up to 30 s) for the summary of the whole stream. */
        public StreamEventsResponse finish() {
            if (!finished) {
                finished = true;
                if (!summary.isDone()) {
                    requests.onCompleted();
                }
            }
            try {
                return summary.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof io.grpc.StatusRuntimeException) {
                    throw AtlasClientException.from((io.grpc.StatusRuntimeException) e.getCause());
                }
                throw new IllegalStateException(e.getCause());
            } catch (TimeoutException e) {
                requests.onError(io.grpc.Status.DEADLINE_EXCEEDED.asRuntimeException());
                throw new IllegalStateException("no summary within 30 s", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** Finishes the stream if {@link #finish()} wasn't called. */
        @Override
        public void close() {
            if (!finished) {
                finish();
            }
        }
    }
}
