package com.kaa.reports.platform.events;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a consumer of many events needs of an envelope: its type, organization and data. Read by
 * {@link EventCodec#readIncoming} in one pass, with the same checks as a full read.
 */
public record IncomingEvent(String type, String organization, JsonNode data) {
}
