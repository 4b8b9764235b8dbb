package com.kaa.reports.system;

import com.kaa.reports.sampledata.Kaa;
import com.kaa.reports.sampledata.KaaGenerator;
import com.kaa.reports.sampledata.Publisher;
import com.kaa.reports.sampledata.SampleEvent;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Kaa events for one organization, published to the ingestion topics as the Kaa platform would
 * (the generator of deploy/local/generate-data), and what the "M-Pesa transaction analytics" template
 * must find in them: M-Pesa payments of the last 30 full days in Nairobi, by status.
 */
final class MpesaData {

    static final ZoneId NAIROBI = ZoneId.of("Africa/Nairobi");

    /** One row of the template's output: a local day's M-Pesa transactions, successes, failures and successful volume. */
    record Day(long transactions, long successful, long failed, BigDecimal volume) {
        Day plus(Day other) {
            return new Day(transactions + other.transactions, successful + other.successful, failed + other.failed,
                    volume.add(other.volume));
        }
    }

    final List<Kaa.Payment> payments;
    final List<Kaa.Property> properties;

    private MpesaData(List<Kaa.Payment> payments, List<Kaa.Property> properties) {
        this.payments = payments;
        this.properties = properties;
    }

    static MpesaData publish(String organization, int paymentCount, String bootstrap) {
        KaaGenerator kaa = new KaaGenerator(7, Instant.now(), 40);
        try (Publisher publisher = new Publisher(bootstrap)) {
            List<Kaa.User> users = kaa.users(60);
            users.forEach(u -> publisher.send(SampleEvent.user(organization, u)));
            List<Kaa.Property> properties = kaa.properties(120, users);
            properties.forEach(p -> publisher.send(SampleEvent.property(organization, p)));
            List<Kaa.Booking> bookings = kaa.bookings(300, properties, users);
            bookings.forEach(b -> publisher.send(SampleEvent.booking(organization, b)));
            List<Kaa.Payment> payments = kaa.payments(paymentCount, bookings);
            payments.forEach(p -> publisher.send(SampleEvent.payment(organization, p)));
            publisher.flush();
            return new MpesaData(payments, properties);
        }
    }

    /**
     * What the template's query (M-Pesa payments of last_30_days, by local day) must return: last_30_days in
     * the report's zone runs from 30 days before today's midnight up to today's midnight (today excluded).
     */
    Map<LocalDate, Day> lastThirtyDaysByDay(LocalDate today) {
        Instant from = today.minusDays(30).atStartOfDay(NAIROBI).toInstant();
        Instant to = today.atStartOfDay(NAIROBI).toInstant();
        Map<LocalDate, Day> byDay = new TreeMap<>();
        for (Kaa.Payment p : payments) {
            if (p.method().equals("mpesa") && !p.occurredAt().isBefore(from) && p.occurredAt().isBefore(to)) {
                boolean success = p.status().equals("success");
                byDay.merge(p.occurredAt().atZone(NAIROBI).toLocalDate(), new Day(1, success ? 1 : 0, p.status().equals("failed") ? 1 : 0,
                        success ? p.amount() : BigDecimal.ZERO), Day::plus);
            }
        }
        return byDay;
    }
}
