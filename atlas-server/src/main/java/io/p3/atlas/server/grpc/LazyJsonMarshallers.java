package io.p3.atlas.server.grpc;

import com.linecorp.armeria.common.grpc.GrpcJsonMarshaller;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The JSON marshallers of the gRPC services (HTTP/JSON transcoding, unframed and gRPC-Web JSON), each built
 * when first needed instead of while the server starts: building one generates code for every message type
 * of its service, the largest part of the start-up's own CPU time. {@link #warmUp} builds them all on a
 * background thread once the server serves, so the first JSON call rarely waits for it.
 */
public final class LazyJsonMarshallers implements Function<ServiceDescriptor, GrpcJsonMarshaller> {
    private final Function<ServiceDescriptor, GrpcJsonMarshaller> factory;
    private final List<Lazy> created = new CopyOnWriteArrayList<>();

    /** Marshallers made by {@code factory} on first use. */
    public LazyJsonMarshallers(Function<ServiceDescriptor, GrpcJsonMarshaller> factory) {
        this.factory = factory;
    }

    @Override
    public GrpcJsonMarshaller apply(ServiceDescriptor service) {
        Lazy m = new Lazy(service);
        created.add(m);
        return m;
    }

    /** Builds every marshaller not built yet, on one low-priority daemon thread. */
    public void warmUp() {
        Thread t = new Thread(() -> created.forEach(Lazy::marshaller), "atlas-json-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    private final class Lazy implements GrpcJsonMarshaller {
        private final ServiceDescriptor service;
        private volatile GrpcJsonMarshaller built;

        Lazy(ServiceDescriptor service) {
            this.service = service;
        }

        GrpcJsonMarshaller marshaller() {
            GrpcJsonMarshaller m = built;
            if (m == null) {
                synchronized (this) {
                    m = built;
                    if (m == null) {
                        m = factory.apply(service);
                        built = m;
                    }
                }
            }
            return m;
        }

        @Override
        public <T> void serializeMessage(MethodDescriptor.Marshaller<T> marshaller, T message, OutputStream os)
                throws IOException {
            marshaller().serializeMessage(marshaller, message, os);
        }

        @Override
        public <T> T deserializeMessage(MethodDescriptor.Marshaller<T> marshaller, InputStream is)
                throws IOException {
            return marshaller().deserializeMessage(marshaller, is);
        }
    }
}
