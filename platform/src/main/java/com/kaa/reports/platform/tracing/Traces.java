package com.kaa.reports.platform.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * Carries a trace across the places OpenTelemetry's instrumentation cannot see: the transactional
 * outbox (an event is written now and published later by another thread), the inbox (an event's
 * effect), and work queued in a table (an execution, a delivery). The W3C {@code traceparent} of the
 * span that caused an event travels in the event's CloudEvents {@code traceparent} attribute and in
 * the Kafka record's header, and queued work stores it in a column.
 * When the SDK is disabled every span is a no-op and {@link #current()} is null.
 */
@ApplicationScoped
public class Traces {

    private static final TextMapGetter<String> TRACEPARENT = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of("traceparent");
        }

        @Override
        public String get(String carrier, String key) {
            return "traceparent".equals(key) ? carrier : null;
        }
    };

    private final OpenTelemetry openTelemetry;
    private final Tracer tracer;

    public Traces(OpenTelemetry openTelemetry) {
        this.openTelemetry = openTelemetry;
        this.tracer = openTelemetry.getTracer("com.kaa.reports");
    }

    /** The traceparent of the current span, or null when there is none (or tracing is off). */
    public static String current() {
        return traceparent(Span.current().getSpanContext());
    }

    public static String traceparent(SpanContext context) {
        if (context == null || !context.isValid()) {
            return null;
        }
        return "00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex();
    }

    /** Starts a span whose parent is the given traceparent (a new trace when it is null or malformed). */
    public Span start(String name, SpanKind kind, String parentTraceparent) {
        Context parent = parentTraceparent == null ? Context.root()
                : openTelemetry.getPropagators().getTextMapPropagator().extract(Context.root(), parentTraceparent, TRACEPARENT);
        return tracer.spanBuilder(name).setSpanKind(kind).setParent(parent).startSpan();
    }
}
