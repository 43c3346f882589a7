package io.sipsensor.central.link;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.sipsensor.central.LinkDecoder;
import io.sipsensor.central.Refusal;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.List;

import static io.sipsensor.central.LinkDescriptor.BODY_LENGTH_OFFSET;
import static io.sipsensor.central.LinkDescriptor.HEADER_LENGTH;

/**
 * Cuts the decrypted byte stream into link frames and hands each whole frame to {@link #onFrame}, or the first bad
 * header to {@link #onRefused} (after which the rest of the stream is ignored). A header is judged as soon as it is
 * there, so a bogus length never makes it wait for or buffer more than {@link
 * io.sipsensor.central.LinkDescriptor#MAX_FRAME_LENGTH}. A connection that closes inside a frame is refused as
 * {@link Refusal#TRUNCATED}. Runs on the connection's event loop; the frame buffer grows to the largest frame seen.
 */
abstract class FrameInbound extends ByteToMessageDecoder
{
    private final UnsafeBuffer header = new UnsafeBuffer(new byte[HEADER_LENGTH]);
    private final ExpandableArrayBuffer frame = new ExpandableArrayBuffer(4096);
    private final LinkDecoder decoder = new LinkDecoder();
    private boolean refused;

    @Override
    protected final void decode(final ChannelHandlerContext ctx, final ByteBuf in, final List<Object> out)
    {
        while (!refused && in.isReadable() && ctx.channel().isActive())
        {
            final int readable = in.readableBytes();
            final int peek = Math.min(readable, HEADER_LENGTH);
            in.getBytes(in.readerIndex(), header.byteArray(), 0, peek);
            if (decoder.frame(header, 0, peek) < 0)
            {
                refuse(ctx, in, decoder.refusal());
                return;
            }
            if (peek < HEADER_LENGTH)
            {
                return;
            }
            final int length = HEADER_LENGTH + header.getInt(BODY_LENGTH_OFFSET, java.nio.ByteOrder.LITTLE_ENDIAN);
            if (readable < length)
            {
                return;
            }
            frame.checkLimit(length);
            in.readBytes(frame.byteArray(), 0, length);
            if (decoder.frame(frame, 0, length) != length)
            {
                refuse(ctx, in, decoder.refusal() == null ? Refusal.MALFORMED : decoder.refusal());
                return;
            }
            onFrame(ctx, decoder);
        }
        if (refused && in.isReadable())
        {
            in.skipBytes(in.readableBytes());
        }
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx) throws Exception
    {
        if (!refused && actualReadableBytes() > 0)
        {
            refused = true;
            onRefused(ctx, Refusal.TRUNCATED);
        }
        super.channelInactive(ctx);
    }

    /** @return true once the stream was refused. */
    final boolean refused()
    {
        return refused;
    }

    /**
     * Marks the stream refused (a frame that was whole but wrong for the session); later bytes are ignored.
     */
    final void markRefused()
    {
        refused = true;
    }

    private void refuse(final ChannelHandlerContext ctx, final ByteBuf in, final Refusal why)
    {
        refused = true;
        in.skipBytes(in.readableBytes());
        onRefused(ctx, why);
    }

    /**
     * A whole frame arrived; the decoder is valid until this returns (copy what is kept).
     *
     * @param ctx   the connection.
     * @param frame the frame's header checked; the caller checks the body with the typed checks.
     */
    abstract void onFrame(ChannelHandlerContext ctx, LinkDecoder frame);

    /**
     * The stream was refused by its framing; count it, log one line and close.
     *
     * @param ctx the connection.
     * @param why the reason.
     */
    abstract void onRefused(ChannelHandlerContext ctx, Refusal why);
}
