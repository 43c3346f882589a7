package io.sipsensor.export;

import io.sipsensor.call.CallState;
import io.sipsensor.call.EndReason;
import io.sipsensor.journal.CdrLeg;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CdrCsvTest
{
    @Test
    void shouldWriteHeaderInContractOrder()
    {
        assertEquals("id_sensor,call_id,caller,called,ruri_user,caller_ip,caller_port,called_ip,called_port," +
            "start,connect,end,final_code,end_reason,bye_by,reinvites,dedup_key", CdrCsv.header());
    }

    @Test
    void shouldQuoteFieldsWithCommasAndQuotesAndLeaveAbsentValuesEmpty()
    {
        final CdrLeg leg = new CdrLeg(1, "a,b\"c", "alice", "0246123456", "0246123456", "10.0.0.1", 5060,
            "10.0.0.2", 5060, 1_795_342_530_000_000_000L, CallState.NO_TIME, 1_795_342_531_000_000_000L,
            CallState.NO_TIME, CallState.NO_TIME, CallState.NO_TIME, 1_795_342_531_000_000_000L, 0,
            EndReason.TIMEOUT, CallState.BYE_BY_NONE, 0);
        assertEquals("1,\"a,b\"\"c\",alice,0246123456,0246123456,10.0.0.1,5060,10.0.0.2,5060," +
            "2026-11-22T10:15:30.000000Z,,2026-11-22T10:15:31.000000Z,,timeout,,0,alice|123456", CdrCsv.row(leg));
    }
}
