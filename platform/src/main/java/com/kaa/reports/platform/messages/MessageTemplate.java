package com.kaa.reports.platform.messages;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A schedule's own subject and body for the message its recipients get (Qute: {@code {report.name}},
 * {@code {parameters.county}}, {@code {#if alert}...{/if}}; see {@link MessageTemplates#VARIABLES}). Either may be
 * absent: the standard one is used.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "MessageTemplate", examples = """
        {"subject":"{report.name}: {parameters.county}, {rowCount} rows","body":"Good morning,\\n{#if alert}{alert}.\\n{/if}The weekly figures for {parameters.county} ({period}) are attached."}""")
public record MessageTemplate(
        @Schema(description = "One line, at most 200 characters once rendered; Qute expressions", maxLength = 500) String subject,
        @Schema(description = "Opens the message, before the files; Qute expressions, HTML-escaped in the HTML part",
                maxLength = 4000) String body) {
}
