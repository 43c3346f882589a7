package io.sipsensor.kafka;

/** How a CDR leg is written as the value of a Kafka record. */
public enum KafkaFormat
{
    /** The journal's CDR record as it is ({@code io.sipsensor.journal.CdrRecordDescriptor}, version 2). */
    BINARY,
    /** One JSON object with the export's field names ({@code io.sipsensor.export.CdrJson}), UTF-8. */
    JSON
}
