package io.sipsensor.net.tcp;

/**
 * Intrusive doubly linked list of streams in the order they were appended, so the head is the next to time out:
 * {@link TcpStream#LIST_ACTIVITY} (moved to the tail on every segment) or {@link TcpStream#LIST_GAPS} (appended when
 * a hole opens). O(1) append, remove and head; no allocation.
 */
final class StreamList
{
    private final int id;
    private TcpStream head;
    private TcpStream tail;

    StreamList(final int id)
    {
        this.id = id;
    }

    void append(final TcpStream stream)
    {
        stream.listed[id] = true;
        stream.next[id] = null;
        stream.previous[id] = tail;
        if (tail == null)
        {
            head = stream;
        }
        else
        {
            tail.next[id] = stream;
        }
        tail = stream;
    }

    void remove(final TcpStream stream)
    {
        if (!stream.listed[id])
        {
            return;
        }
        final TcpStream before = stream.previous[id];
        final TcpStream after = stream.next[id];
        if (before == null)
        {
            head = after;
        }
        else
        {
            before.next[id] = after;
        }
        if (after == null)
        {
            tail = before;
        }
        else
        {
            after.previous[id] = before;
        }
        stream.previous[id] = null;
        stream.next[id] = null;
        stream.listed[id] = false;
    }

    void moveToTail(final TcpStream stream)
    {
        if (tail != stream)
        {
            remove(stream);
            append(stream);
        }
    }

    TcpStream head()
    {
        return head;
    }
}
