package com.kaa.reports.platform.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Set;

/**
 * Every request body of every service is read within {@link InputBounds}: a string with a control character or a date
 * outside years 0001-9999 is a 400 naming its field (ProblemMappers), not a database error later. The check wraps
 * Jackson's own deserializers, so each type is still parsed exactly as before.
 */
@Singleton
public class BoundedJson implements ObjectMapperCustomizer {

    private static final Set<Class<?>> CHECKED = Set.of(String.class, LocalDate.class, LocalDateTime.class,
            OffsetDateTime.class, ZonedDateTime.class, Instant.class);

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("kaa-input-bounds").setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                                                          JsonDeserializer<?> deserializer) {
                return CHECKED.contains(description.getBeanClass()) ? new Bounded(deserializer) : deserializer;
            }
        }));
    }

    @Override
    public int priority() {
        return MINIMUM_PRIORITY;   // after the modules that bring the time types' own deserializers
    }

    /** Jackson's deserializer of the type, then the bounds. */
    static final class Bounded extends DelegatingDeserializer {

        Bounded(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
            return new Bounded(delegate);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() != null && parser.currentToken().isNumeric() && handledType() != String.class) {
                // dates and times are RFC 3339 strings: a number (epoch seconds? days? 20240101?) is a guess we do not make
                throw InvalidFormatException.from(parser, InputBounds.DATES_AS_TEXT, parser.getText(), handledType());
            }
            Object value = super.deserialize(parser, context);
            String refusal = InputBounds.refusal(value);
            if (refusal != null) {
                throw InvalidFormatException.from(parser, refusal, value instanceof String ? "(text)" : value,
                        handledType());
            }
            return value;
        }
    }
}
