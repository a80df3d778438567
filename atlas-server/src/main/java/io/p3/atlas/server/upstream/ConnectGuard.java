package io.p3.atlas.server.upstream;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The last word on every TCP connection the fetcher's client opens: it sees the socket address the channel
 * is about to connect to (already resolved) and fails the connect when the {@link AddressPolicy} refuses it.
 * Checked here, the address that is checked is the address that is connected to, so DNS rebinding between a
 * check and the connect cannot slip through.
 */
@ChannelHandler.Sharable
final class ConnectGuard extends ChannelOutboundHandlerAdapter {
    private final AddressPolicy policy;

    ConnectGuard(AddressPolicy policy) {
        this.policy = policy;
    }

    @Override
    public void connect(ChannelHandlerContext ctx, SocketAddress remote, SocketAddress local, ChannelPromise promise) {
        AddressRefusedException refused = check(policy, remote);
        if (refused != null) {
            promise.setFailure(refused);
            ctx.channel().close();
            return;
        }
        ctx.connect(remote, local, promise);
    }

    /** The refusal for connecting to {@code remote}, or null when allowed. Unresolved addresses are refused. */
    static AddressRefusedException check(AddressPolicy policy, SocketAddress remote) {
        if (!(remote instanceof InetSocketAddress inet) || inet.isUnresolved()) {
            return new AddressRefusedException(null, "not a resolved IP socket address: " + remote);
        }
        String reason = policy.refusal(inet.getAddress());
        return reason == null ? null : new AddressRefusedException(inet.getAddress(), reason);
    }
}
