package io.sipsensor.central;

import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import static io.sipsensor.central.LinkDescriptor.*;

/**
 * Deflating and inflating whole BATCH frames ({@link LinkDescriptor#FLAG_DEFLATE}) with the JDK's zlib. The
 * sensor deflates at the fastest level (a batch of CDR records is mostly repeated header names, addresses and
 * digits); the central inflates into a buffer of one frame's bound, so a body that inflates to more than it
 * declared, or to more than a frame may hold, is refused, never buffered. One instance per thread; no allocation
 * after construction.
 */
public final class BatchCompression implements AutoCloseable
{
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private final Deflater deflater = new Deflater(Deflater.BEST_SPEED);
    private final Inflater inflater = new Inflater();
    private final byte[] scratch = new byte[1];
    private final UnsafeBuffer view = new UnsafeBuffer(new byte[0]);

    /**
     * @param frame  a plain BATCH frame from offset 0.
     * @param length its length.
     * @param packed destination, {@link LinkDescriptor#MAX_FRAME_LENGTH} bytes.
     * @return the deflated frame's length in packed, or -1 when deflating does not make it smaller (send it plain).
     */
    public int deflate(final byte[] frame, final int length, final byte[] packed)
    {
        final int plainBody = length - HEADER_LENGTH;
        deflater.reset();
        deflater.setInput(frame, HEADER_LENGTH, plainBody);
        deflater.finish();
        final int start = HEADER_LENGTH + DEFLATE_DATA_OFFSET;
        int position = start;
        final int limit = Math.min(packed.length, length);
        while (!deflater.finished())
        {
            if (position >= limit)
            {
                return -1;
            }
            position += deflater.deflate(packed, position, limit - position);
        }
        final UnsafeBuffer out = view;
        out.wrap(packed);
        out.putShort(MAGIC_OFFSET, MAGIC, ORDER);
        out.putByte(TYPE_OFFSET, TYPE_BATCH);
        out.putByte(FLAGS_OFFSET, FLAG_DEFLATE);
        out.putInt(BODY_LENGTH_OFFSET, position - HEADER_LENGTH, ORDER);
        out.putInt(HEADER_LENGTH + DEFLATE_PLAIN_LENGTH_OFFSET, plainBody, ORDER);
        return position;
    }

    /**
     * @param frame  a deflated BATCH frame from offset 0 (header checked).
     * @param length its length.
     * @param plain  destination, {@link LinkDescriptor#MAX_FRAME_LENGTH} bytes.
     * @return the plain frame's length in plain (flags 0), or -1 if the body does not inflate to exactly the
     * length it declares within a frame's bound.
     */
    public int inflate(final byte[] frame, final int length, final byte[] plain)
    {
        if (length < HEADER_LENGTH + DEFLATE_DATA_OFFSET + 1)
        {
            return -1;
        }
        final UnsafeBuffer in = view;
        in.wrap(frame);
        final int declared = in.getInt(HEADER_LENGTH + DEFLATE_PLAIN_LENGTH_OFFSET, ORDER);
        if (declared < BATCH_RECORDS_OFFSET || declared > MAX_BODY_LENGTH || HEADER_LENGTH + declared > plain.length)
        {
            return -1;
        }
        inflater.reset();
        inflater.setInput(frame, HEADER_LENGTH + DEFLATE_DATA_OFFSET, length - HEADER_LENGTH - DEFLATE_DATA_OFFSET);
        int position = HEADER_LENGTH;
        final int end = HEADER_LENGTH + declared;
        try
        {
            while (position < end)
            {
                final int n = inflater.inflate(plain, position, end - position);
                if (n == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary()))
                {
                    return -1; // shorter than declared
                }
                position += n;
            }
            // exactly as long as declared: the stream must end here
            if (!inflater.finished() && (inflater.inflate(scratch, 0, 1) != 0 || !inflater.finished()))
            {
                return -1;
            }
        }
        catch (final DataFormatException ex)
        {
            return -1;
        }
        final UnsafeBuffer out = view;
        out.wrap(plain);
        out.putShort(MAGIC_OFFSET, MAGIC, ORDER);
        out.putByte(TYPE_OFFSET, TYPE_BATCH);
        out.putByte(FLAGS_OFFSET, (byte)0);
        out.putInt(BODY_LENGTH_OFFSET, declared, ORDER);
        return end;
    }

    @Override
    public void close()
    {
        deflater.end();
        inflater.end();
    }
}
