package io.sipsensor.central.link;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.sipsensor.central.LinkDecoder;
import io.sipsensor.central.Refusal;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A sensor's connection to its central, used by the sender thread in a blocking way: {@link #send} a frame,
 * {@link #await} the answer. Netty's event loop does TLS and framing and queues each whole frame the central sends
 * (it answers one frame per request, so the queue stays short). Any failure surfaces as an {@link IOException} with
 * one line.
 */
final class SenderConnection implements AutoCloseable
{
    private static final byte[] CLOSED = new byte[0];

    private final Channel channel;
    private final BlockingQueue<byte[]> frames;
    private final Inbound inbound;
    private final UnsafeBuffer view = new UnsafeBuffer(new byte[0]);
    private final LinkDecoder decoder = new LinkDecoder();

    private SenderConnection(final Channel channel, final BlockingQueue<byte[]> frames, final Inbound inbound)
    {
        this.channel = channel;
        this.frames = frames;
        this.inbound = inbound;
    }

    /**
     * Connects and completes the TLS handshake.
     *
     * @param group     event loop.
     * @param tls       the pinned TLS context.
     * @param host      the central's host.
     * @param port      the central's port.
     * @param timeoutMs for connecting and the handshake.
     * @return the connection.
     * @throws IOException with one line if it cannot connect or the central is not the pinned one.
     */
    static SenderConnection open(final EventLoopGroup group, final SSLContext tls, final String host, final int port,
        final int timeoutMs) throws IOException
    {
        final BlockingQueue<byte[]> frames = new ArrayBlockingQueue<>(16);
        final Inbound inbound = new Inbound(frames);
        final SslHandler ssl = new SslHandler(LinkTls.engine(tls, true));
        ssl.setHandshakeTimeoutMillis(timeoutMs);
        final ChannelFuture connect = new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeoutMs)
            .handler(new ChannelInitializer<SocketChannel>()
            {
                @Override
                protected void initChannel(final SocketChannel channel)
                {
                    channel.pipeline().addLast(ssl);
                    channel.pipeline().addLast(inbound);
                }
            })
            .connect(host, port);
        if (!connect.awaitUninterruptibly(timeoutMs + 1000L) || !connect.isSuccess())
        {
            connect.channel().close();
            throw new IOException("cannot connect to " + host + ":" + port + ": " + reason(connect.cause()));
        }
        final var handshake = ssl.handshakeFuture();
        if (!handshake.awaitUninterruptibly(timeoutMs + 1000L) || !handshake.isSuccess())
        {
            connect.channel().close();
            throw new IOException("TLS with " + host + ":" + port + " failed: " + reason(handshake.cause()));
        }
        return new SenderConnection(connect.channel(), frames, inbound);
    }

    /**
     * @param buffer holding the frame (copied before this returns).
     * @param length frame length from offset 0.
     * @throws IOException if the connection is gone.
     */
    void send(final DirectBuffer buffer, final int length) throws IOException
    {
        final byte[] copy = new byte[length];
        buffer.getBytes(0, copy);
        final ChannelFuture write = channel.writeAndFlush(Unpooled.wrappedBuffer(copy));
        write.awaitUninterruptibly();
        if (!write.isSuccess())
        {
            throw new IOException("sending to the central failed: " + reason(write.cause()));
        }
    }

    /**
     * Waits for the central's next frame.
     *
     * @param timeoutMs how long.
     * @return the decoder on the frame (header checked; the caller checks the body), valid until the next call.
     * @throws IOException if the connection closed, the central's stream was bad, or nothing came in time.
     */
    LinkDecoder await(final long timeoutMs) throws IOException
    {
        final byte[] frame;
        try
        {
            frame = frames.poll(timeoutMs, TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        if (frame == null)
        {
            throw new IOException("no answer from the central in " + timeoutMs + " ms");
        }
        if (frame == CLOSED)
        {
            frames.offer(CLOSED);
            throw new IOException(inbound.why != null ? inbound.why : "the central closed the connection");
        }
        view.wrap(frame);
        decoder.frame(view, 0, frame.length);
        return decoder;
    }

    @Override
    public void close()
    {
        channel.close().awaitUninterruptibly(2000);
    }

    private static String reason(final Throwable cause)
    {
        if (cause == null)
        {
            return "timed out";
        }
        final Throwable root = cause.getCause() != null && cause.getMessage() != null &&
            cause.getMessage().contains(cause.getCause().getClass().getName()) ? cause.getCause() : cause;
        return CentralSession.firstLine(root);
    }

    /** Queues every whole frame; a bad stream or a close queues CLOSED. */
    private static final class Inbound extends FrameInbound
    {
        private final BlockingQueue<byte[]> frames;
        private volatile String why;

        Inbound(final BlockingQueue<byte[]> frames)
        {
            this.frames = frames;
        }

        @Override
        void onFrame(final ChannelHandlerContext ctx, final LinkDecoder frame)
        {
            final int length = frame.bodyOffset() + frame.bodyLength();
            final byte[] copy = new byte[length];
            frame.buffer().getBytes(0, copy);
            if (!frames.offer(copy))
            {
                markRefused();
                closed(ctx, "the central sent frames nobody asked for");
            }
        }

        @Override
        void onRefused(final ChannelHandlerContext ctx, final Refusal why)
        {
            closed(ctx, "the central's stream is bad (" + why.name().toLowerCase() + ")");
        }

        @Override
        public void channelInactive(final ChannelHandlerContext ctx) throws Exception
        {
            super.channelInactive(ctx);
            frames.offer(CLOSED);
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
        {
            closed(ctx, "link failed: " + reason(cause));
        }

        private void closed(final ChannelHandlerContext ctx, final String reason)
        {
            if (why == null)
            {
                why = reason;
            }
            ctx.close();
        }
    }
}
