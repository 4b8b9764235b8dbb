package com.kaa.reports.platform.messages;

import com.kaa.reports.platform.problems.Problem.FieldError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MessageTemplatesTest {

    static final Map<String, Object> DATA = Map.of("report", Map.of("name", "Occupancy <by> county", "id", "r1"), "rowCount", 3L,
            "noRows", false, "truncated", false, "period", "November", "parameters", Map.of("county", "Nairobi & Kiambu"),
            "files", Map.of("csv", "https://x.example/f.csv?a=1&b=2"), "alert", "min of occupancy is 0.55, below 0.6",
            "scheduledFor", "1 Dec", "generatedAt", "1 Dec");

    @Test
    void aTemplateRendersItsDataAndTheHtmlEscapesAllOfIt() {
        String body = "Hello,\n{#if alert}Alert: {alert}.\n{/if}{parameters.county}: {rowCount} rows <b>see</b> {files.csv}";
        assertThat(MessageTemplates.validate(new MessageTemplate("{report.name}: {parameters.county}", body), List.of("county"),
                List.of("csv"), "message")).isEmpty();
        assertThat(MessageTemplates.subject("{report.name}\n for {parameters.county}", DATA))
                .isEqualTo("Occupancy <by> county for Nairobi & Kiambu");
        assertThat(MessageTemplates.text(body, DATA)).isEqualTo("Hello,\nAlert: min of occupancy is 0.55, below 0.6.\n"
                + "Nairobi & Kiambu: 3 rows <b>see</b> https://x.example/f.csv?a=1&b=2");
        assertThat(MessageTemplates.html(body, DATA)).contains("Nairobi &amp; Kiambu: 3 rows &lt;b&gt;see&lt;/b&gt; https://x.example/f.csv?a=1&amp;b=2")
                .contains("<br>").doesNotContain("<b>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{parameters.country}", "{files.pdf}", "{report.owner}", "{#for i in 1000000000}x{/for}",
            "{#include secret /}", "{report.name.getClass()}", "{#if rowCount > 1}x", "{#let x=1}{x}{/let}", "{rowCount.toString}"})
    void whatTheDataLacksOrTheEngineDoesNotAllowIsRefusedByField(String template) {
        List<FieldError> errors = MessageTemplates.validate(new MessageTemplate(null, template), List.of("county"), List.of("csv"), "message");
        assertThat(errors).extracting(FieldError::field).containsExactly("message.body");
        assertThat(errors.get(0).message()).contains("report.name");
    }

    // failed before: a subject of two lines (even "Hi\r\nBcc: ...") was accepted, the README says one line
    @Test
    void aSubjectWithALineBreakIsRefused() {
        for (String subject : List.of("a\nb", "Hi\r\nBcc: someone@example.com")) {
            assertThat(MessageTemplates.validate(new MessageTemplate(subject, "x"), List.of(), List.of("csv"), "message"))
                    .extracting(FieldError::field).containsExactly("message.subject");
        }
        assertThat(MessageTemplates.parametersNamed(new MessageTemplate("{parameters.county}", "{parameters.from} {parameters.county}")))
                .containsExactly("county", "from");
    }

    @Test
    void anEmptyOrOverlongTemplateIsRefused() {
        assertThat(MessageTemplates.validate(new MessageTemplate(" ", "x".repeat(4001)), List.of(), List.of(), "message"))
                .extracting(FieldError::field).containsExactly("message.subject", "message.body");
    }
}
