package com.kaa.reports.execution.outputs;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.kaa.reports.execution.query.CompiledQuery;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.List;

/** A JSON array of row objects keyed by output column name; money stays an exact JSON number. */
final class JsonOutput implements OutputWriter {

    private final JsonGenerator json;
    private final List<CompiledQuery.OutputColumn> columns;
    private final ReportContext context;

    JsonOutput(OutputStream out, ReportContext context) throws IOException {
        this.context = context;
        this.columns = context.columns();
        this.json = new JsonFactory().createGenerator(out, JsonEncoding.UTF8);
        json.writeStartArray();
    }

    @Override
    public void row(Object[] values) throws IOException {
        json.writeStartObject();
        for (int i = 0; i < values.length; i++) {
            json.writeFieldName(columns.get(i).name());
            Object value = values[i];
            if (value == null) {
                json.writeNull();
            } else if (value instanceof BigDecimal number) {
                json.writeNumber(number);
            } else if (value instanceof Long number) {
                json.writeNumber(number);
            } else if (value instanceof Integer number) {
                json.writeNumber(number);
            } else if (value instanceof Boolean flag) {
                json.writeBoolean(flag);
            } else if (value instanceof java.time.OffsetDateTime time) {
                json.writeString(time.atZoneSameInstant(context.zone()).toOffsetDateTime().toString());
            } else {
                json.writeString(value.toString());
            }
        }
        json.writeEndObject();
    }

    @Override
    public void finish(long rows, boolean truncated) throws IOException {
        json.writeEndArray();
        json.close();
    }
}
