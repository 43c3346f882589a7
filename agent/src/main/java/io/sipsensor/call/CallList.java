package io.sipsensor.call;

import static io.sipsensor.call.CallStore.DEADLINE;
import static io.sipsensor.call.CallStore.LIST_ID;
import static io.sipsensor.call.CallStore.NEXT;
import static io.sipsensor.call.CallStore.NONE;
import static io.sipsensor.call.CallStore.PREVIOUS;

/**
 * Intrusive doubly linked list of calls that share one timeout rule, in the order they were appended (so the head
 * is always the next to expire), linked through the records' previous/next slots. O(1) append, remove and head
 * access; no allocation. A call's deadline ({@link CallStore#DEADLINE}) is set before it is appended; whenever a
 * call becomes the head, the shared {@link DeadlineBound} is lowered to its deadline.
 */
final class CallList
{
    private final CallStore store;
    private final DeadlineBound bound;
    private final int id;
    private int head = NONE;
    private int tail = NONE;
    private int size;

    CallList(final CallStore store, final DeadlineBound bound, final int id)
    {
        this.store = store;
        this.bound = bound;
        this.id = id;
    }

    void append(final int call)
    {
        final CallStore store = this.store;
        store.putByte(call, LIST_ID, id);
        store.putInt(call, NEXT, NONE);
        store.putInt(call, PREVIOUS, tail);
        if (tail == NONE)
        {
            head = call;
            bound.lower(store.getLong(call, DEADLINE));
        }
        else
        {
            store.putInt(tail, NEXT, call);
        }
        tail = call;
        size++;
    }

    void remove(final int call)
    {
        final CallStore store = this.store;
        if (store.getSignedByte(call, LIST_ID) != id)
        {
            return;
        }
        final int previous = store.getInt(call, PREVIOUS);
        final int next = store.getInt(call, NEXT);
        if (previous == NONE)
        {
            head = next;
            if (next != NONE)
            {
                bound.lower(store.getLong(next, DEADLINE));
            }
        }
        else
        {
            store.putInt(previous, NEXT, next);
        }
        if (next == NONE)
        {
            tail = previous;
        }
        else
        {
            store.putInt(next, PREVIOUS, previous);
        }
        store.putInt(call, PREVIOUS, NONE);
        store.putInt(call, NEXT, NONE);
        store.putByte(call, LIST_ID, -1);
        size--;
    }

    void moveToTail(final int call)
    {
        if (tail != call)
        {
            remove(call);
            append(call);
        }
    }

    /** @return the first call, or {@link CallStore#NONE}. */
    int head()
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
