package com.kaa.reports.platform.events;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one-pass read that ingestion uses accepts exactly what the full envelope read accepts, with the same content. */
class EventCodecTest {

    /** Configured as Quarkus configures the application's mapper: java.time support, unknown properties ignored. */
    private final EventCodec codec = new EventCodec(JsonMapper.builder().findAndAddModules()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build());

    private static final String HEAD = "\"specversion\":\"1.0\",\"id\":\"e1\",\"source\":\"/kaa\",\"type\":\"PaymentRecorded.v1\"";

    @ParameterizedTest
    @ValueSource(strings = {
            // accepted
            "{" + HEAD + ",\"time\":\"2025-01-31T08:00:00Z\",\"organization\":\"acme\",\"data\":{\"id\":\"p1\",\"amount\":\"12.50\"}}",
            "{" + HEAD + ",\"time\":\"2025-01-31T08:00:00.123456+03:00\",\"organization\":\"acme\",\"data\":{\"nested\":{\"a\":[1,2]}}}",
            "{\"data\":{\"id\":\"p1\"}," + HEAD + ",\"organization\":\"acme\"}",
            "{" + HEAD + ",\"organization\":42,\"data\":{}}",
            "{" + HEAD + ",\"time\":1738310400,\"data\":[1,2]}",
            "{" + HEAD + ",\"time\":null,\"organization\":null,\"data\":null}",
            "{" + HEAD + ",\"time\":\"\",\"data\":\"text\"}",
            "{" + HEAD + ",\"extra\":{\"deep\":[{\"x\":1}]},\"traceparent\":\"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\",\"data\":{}}",
            "{" + HEAD + ",\"subject\":\"p1\",\"datacontenttype\":\"application/json\",\"data\":{\"id\":\"p1\"}} trailing",
    })
    void whatTheFullReadAcceptsTheOnePassReadAcceptsWithTheSameContent(String value) {
        EventEnvelope full = codec.read(value);
        IncomingEvent lean = codec.readIncoming(value);
        assertThat(lean.type()).isEqualTo(full.type());
        assertThat(lean.organization()).isEqualTo(full.organization());
        if (full.data() == null || full.data().isNull()) {
            assertThat(lean.data() == null || lean.data().isNull()).isTrue();
        } else {
            assertThat(lean.data()).isEqualTo(full.data());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"specversion\":\"1.0\",\"source\":\"/kaa\",\"type\":\"T\",\"data\":{}}",
            "{\"specversion\":\"1.0\",\"id\":\"e1\",\"type\":\"T\",\"data\":{}}",
            "{\"specversion\":\"1.0\",\"id\":\"e1\",\"source\":\"/kaa\",\"data\":{}}",
            "{\"specversion\":\"0.3\",\"id\":\"e1\",\"source\":\"/kaa\",\"type\":\"T\"}",
            "{\"id\":\"e1\",\"source\":\"/kaa\",\"type\":\"T\"}",
            "{" + HEAD + ",\"time\":\"yesterday\",\"data\":{}}",
            "{" + HEAD + ",\"time\":\"2025-02-30T08:00:00Z\",\"data\":{}}",
            "{" + HEAD + ",\"time\":{\"at\":1},\"data\":{}}",
            "{" + HEAD + ",\"organization\":{\"name\":\"acme\"},\"data\":{}}",
            "{" + HEAD + ",\"type\":[\"a\"],\"data\":{}}",
            "{" + HEAD + ",\"data\":{\"id\":",
            "[1,2,3]",
            "\"just a string\"",
            "not json at all",
            "   ",
    })
    void whatTheFullReadRefusesTheOnePassReadRefuses(String value) {
        assertThatThrownBy(() -> codec.read(value)).isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> codec.readIncoming(value)).isInstanceOf(MalformedEventException.class);
    }

    /** The CloudEvents Kafka binding's binary mode: attributes in ce_* headers, the data as the value. */
    private static org.apache.kafka.clients.consumer.ConsumerRecord<String, String> binary(String value, String... headers) {
        var record = new org.apache.kafka.clients.consumer.ConsumerRecord<>("kaa.payments.v1", 0, 0L, "p1", value);
        for (int i = 0; i < headers.length; i += 2) {
            record.headers().add(headers[i], headers[i + 1].getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return record;
    }

    @org.junit.jupiter.api.Test
    void aBinaryModeRecordIsTheSameEventAsAStructuredOne() {
        var record = binary("{\"id\":\"p1\",\"amount\":\"12.50\"}", "ce_specversion", "1.0", "ce_id", "e1", "ce_source", "/kaa",
                "ce_type", "PaymentRecorded.v1", "ce_time", "2025-01-31T08:00:00Z", "ce_organization", "acme",
                "content-type", "application/json");
        EventEnvelope structured = codec.read("{" + HEAD + ",\"time\":\"2025-01-31T08:00:00Z\",\"organization\":\"acme\","
                + "\"data\":{\"id\":\"p1\",\"amount\":\"12.50\"}}");
        EventEnvelope read = codec.read(record);
        assertThat(read.id()).isEqualTo(structured.id());
        assertThat(read.type()).isEqualTo(structured.type());
        assertThat(read.organization()).isEqualTo("acme");
        assertThat(read.time()).isEqualTo(structured.time());
        assertThat(read.data()).isEqualTo(structured.data());
        IncomingEvent incoming = codec.readIncoming(record);
        assertThat(incoming.type()).isEqualTo("PaymentRecorded.v1");
        assertThat(incoming.organization()).isEqualTo("acme");
        assertThat(incoming.data().path("amount").asText()).isEqualTo("12.50");
    }

    @org.junit.jupiter.api.Test
    void aBinaryModeRecordWithoutItsRequiredAttributesOrWithBadDataIsMalformed() {
        assertThatThrownBy(() -> codec.read(binary("{}", "ce_specversion", "1.0", "ce_source", "/kaa", "ce_type", "T")))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("ce_id");
        assertThatThrownBy(() -> codec.readIncoming(binary("{not json", "ce_specversion", "1.0", "ce_id", "e", "ce_source", "/kaa",
                "ce_type", "T"))).isInstanceOf(MalformedEventException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> codec.read(binary("{}", "ce_specversion", "0.3", "ce_id", "e", "ce_source", "/kaa", "ce_type", "T")))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("specversion");
        assertThatThrownBy(() -> codec.read(binary("{}", "ce_specversion", "1.0", "ce_id", "e", "ce_source", "/kaa", "ce_type", "T",
                "ce_time", "yesterday"))).isInstanceOf(MalformedEventException.class).hasMessageContaining("ce_time");
        // text data stays text
        assertThat(codec.read(binary("hello", "ce_specversion", "1.0", "ce_id", "e", "ce_source", "/kaa", "ce_type", "T",
                "content-type", "text/plain")).data().asText()).isEqualTo("hello");
    }
}
