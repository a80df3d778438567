package io.p3.atlas.server.error;

import com.google.protobuf.InvalidProtocolBufferException;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpResponse;

import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.grpc.UnframedGrpcErrorHandler;
import io.grpc.Status;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Failed calls over HTTP/JSON transcoding and unframed JSON as {@link JsonErrors} bodies: the status, its
 * message as plain text (the gRPC {@code grpc-message} header is percent-encoded; Armeria's own handler
 * copies it as it is, so {@code ~} read {@code %7E}), and the google.rpc details from
 * {@code grpc-status-details-bin}.
 */
public final class UnframedJsonErrors implements UnframedGrpcErrorHandler {

    @Override
    public HttpResponse handle(ServiceRequestContext ctx, Status status, AggregatedHttpResponse response) {
        HttpHeaders trailers = response.trailers().isEmpty() ? response.headers() : response.trailers();
        com.google.rpc.Status details = details(trailers.get("grpc-status-details-bin"));
        String message = details != null && !details.getMessage().isEmpty() ? details.getMessage()
                : percentDecode(status.getDescription());
        com.google.rpc.Status.Builder body = com.google.rpc.Status.newBuilder()
                .setCode(status.getCode().value())
                .setMessage(message);
        if (details != null) {
            body.addAllDetails(details.getDetailsList());
        }
        return JsonErrors.render(JsonErrors.httpStatus(status.getCode()), body.build()).toHttpResponse();
    }

    private static com.google.rpc.Status details(String bin) {
        if (bin == null || bin.isEmpty()) {
            return null;
        }
        try {
            return com.google.rpc.Status.parseFrom(Base64.getDecoder().decode(bin));
        } catch (IllegalArgumentException | InvalidProtocolBufferException e) {
            return null;
        }
    }

    /** Undoes the gRPC status-message encoding ({@code %XX} for bytes outside printable ASCII and {@code %}). */
    static String percentDecode(String s) {
        if (s == null) {
            return "";
        }
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2))) {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }
}
