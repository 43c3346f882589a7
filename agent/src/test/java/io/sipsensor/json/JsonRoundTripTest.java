package io.sipsensor.json;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonRoundTripTest
{
    @Test
    void shouldReadWhatTheWriterWrites()
    {
        final StringBuilder text = new StringBuilder();
        final JsonWriter writer = new JsonWriter(text, true);
        writer.beginObject().name("a").value(1).name("s").value("q\"\\\n\u0001").name("l").beginArray()
            .value(true).nullValue().beginObject().endObject().endArray().name("d").value(1.5).endObject();
        final Map<?, ?> map = (Map<?, ?>)JsonReader.parse(text.toString());
        assertEquals(new BigDecimal("1"), map.get("a"));
        assertEquals("q\"\\\n\u0001", map.get("s"));
        assertEquals(3, ((List<?>)map.get("l")).size());
        assertEquals(new BigDecimal("1.5"), map.get("d"));
    }

    @Test
    void shouldNamePositionOfSyntaxError()
    {
        final JsonException error = assertThrows(JsonException.class, () -> JsonReader.parse("{\n \"a\": tru }"));
        assertTrue(error.getMessage().contains("line 2"), error.getMessage());
    }
}
