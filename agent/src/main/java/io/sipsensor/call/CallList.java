package io.sipsensor.call;

/**
 * Intrusive doubly linked list of calls that share one timeout rule, in the order they were appended (so the head
 * is always the next to expire). O(1) append, remove and head access; no allocation.
 */
final class CallList
{
    private final int id;
    private CallState head;
    private CallState tail;
    private int size;

    CallList(final int id)
    {
        this.id = id;
    }

    void append(final CallState call)
    {
        call.listId = id;
        call.next = null;
        call.previous = tail;
        if (tail == null)
        {
            head = call;
        }
        else
        {
            tail.next = call;
        }
        tail = call;
        size++;
    }

    void remove(final CallState call)
    {
        if (call.listId != id)
        {
            return;
        }
        if (call.previous == null)
        {
            head = call.next;
        }
        else
        {
            call.previous.next = call.next;
        }
        if (call.next == null)
        {
            tail = call.previous;
        }
        else
        {
            call.next.previous = call.previous;
        }
        call.previous = null;
        call.next = null;
        call.listId = -1;
        size--;
    }

    void moveToTail(final CallState call)
    {
        if (tail != call)
        {
            remove(call);
            append(call);
        }
    }

    CallState head()
    {
        return head;
    }

    int size()
    {
        return size;
    }

    int id()
    {
        return id;
    }
}
