package io.p3.atlas.client;

import io.grpc.CallCredentials;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.util.concurrent.Executor;

/** Sends {@code authorization: Bearer <api key>} with every call made on the client's channel. */
final class ApiKeyCredentials extends CallCredentials implements ClientInterceptor {
    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final String headerValue;

    ApiKeyCredentials(String apiKey) {
        this.headerValue = "Bearer " + validate(apiKey);
    }

    /** A key is 1 to 4096 visible ASCII characters (it travels as an HTTP header value). */
    static String validate(String apiKey) {
        if (apiKey == null || apiKey.isEmpty() || apiKey.length() > 4096) {
            throw new IllegalArgumentException("apiKey must be 1 to 4096 characters");
        }
        for (int i = 0; i < apiKey.length(); i++) {
            char c = apiKey.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new IllegalArgumentException("apiKey must be visible ASCII characters, without spaces");
            }
        }
        return apiKey;
    }

    @Override
    public void applyRequestMetadata(RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, headerValue);
        applier.apply(headers);
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        return next.newCall(method, options.withCallCredentials(this));
    }

    @Override
    public String toString() {
        return "ApiKeyCredentials{Bearer ***}"; // never the key itself
    }
}
