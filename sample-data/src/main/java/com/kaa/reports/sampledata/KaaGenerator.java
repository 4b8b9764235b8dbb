package com.kaa.reports.sampledata;

import com.kaa.reports.platform.kenya.KenyaCounties;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Realistic, reproducible (seeded) Kaa data: every county, weighted towards the big five; rents by type
 * and county; M-Pesa-heavy payments with Kenya's usual failure reasons and a daily rhythm in Nairobi time.
 */
public final class KaaGenerator {

    public static final ZoneId NAIROBI = ZoneId.of("Africa/Nairobi");
    private static final Map<String, Double> HEAVY = Map.of("Nairobi", 30.0, "Mombasa", 10.0, "Kiambu", 9.0,
            "Nakuru", 7.0, "Kisumu", 6.0, "Machakos", 3.0, "Kajiado", 3.0, "Uasin Gishu", 3.0);
    private static final Map<String, String[]> TOWNS = Map.of("Nairobi", new String[]{"Westlands", "Kilimani", "Kasarani", "Embakasi", "Karen", "Roysambu"},
            "Mombasa", new String[]{"Nyali", "Bamburi", "Likoni", "Kizingo"}, "Kiambu", new String[]{"Thika", "Ruiru", "Kikuyu", "Juja"},
            "Nakuru", new String[]{"Nakuru Town", "Naivasha", "Gilgil"}, "Kisumu", new String[]{"Milimani", "Nyalenda", "Mamboleo"});
    /** Monthly rent range in KES in Nairobi; other counties scale it down. */
    private static final Map<String, int[]> RENT = Map.of("bedsitter", new int[]{6_000, 15_000}, "studio", new int[]{10_000, 28_000},
            "apartment", new int[]{15_000, 90_000}, "house", new int[]{25_000, 200_000}, "villa", new int[]{90_000, 500_000},
            "commercial", new int[]{30_000, 400_000});
    /** Relative M-Pesa activity per hour of the day in Nairobi: quiet nights, peaks at morning, lunch and evening. */
    private static final double[] HOURLY = {0.4, 0.2, 0.15, 0.1, 0.2, 0.8, 2.5, 4.5, 6, 5.5, 5, 5, 6.5, 6, 5, 4.8, 5.5, 7, 7.5, 6.5, 5, 3.5, 2, 1};

    private final Random random;
    private final Instant now;
    private final int days;
    private final Weighted<String> counties = new Weighted<>();
    private int paymentsSoFar;

    /** @param days how far back in time the data goes from {@code now} */
    public KaaGenerator(long seed, Instant now, int days) {
        this.random = new Random(seed);
        this.now = now;
        this.days = days;
        KenyaCounties.ALL.forEach(c -> counties.add(c, HEAVY.getOrDefault(c, 0.8)));
    }

    public List<Kaa.User> users(int count) {
        Weighted<String> roles = new Weighted<String>().add("tenant", 70).add("landlord", 20).add("agent", 8).add("admin", 2);
        Weighted<String> statuses = new Weighted<String>().add("active", 85).add("inactive", 8).add("pending", 5).add("suspended", 2);
        List<Kaa.User> users = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            users.add(new Kaa.User(String.format("usr-%07d", i), roles.pick(random), counties.pick(random),
                    statuses.pick(random), past()));
        }
        return users;
    }

    public List<Kaa.Property> properties(int count, List<Kaa.User> owners) {
        Weighted<String> types = new Weighted<String>().add("apartment", 40).add("bedsitter", 18).add("studio", 14)
                .add("house", 18).add("villa", 3).add("commercial", 7);
        Weighted<String> statuses = new Weighted<String>().add("occupied", 60).add("available", 30).add("inactive", 10);
        List<Kaa.Property> properties = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String type = types.pick(random);
            String county = counties.pick(random);
            String[] towns = TOWNS.getOrDefault(county, new String[]{county + " Town"});
            String owner = owners.isEmpty() ? "usr-unknown" : owners.get(random.nextInt(owners.size())).id();
            int bedrooms = switch (type) {
                case "bedsitter", "studio", "commercial" -> 0;
                case "villa" -> 4 + random.nextInt(4);
                default -> 1 + random.nextInt(4);
            };
            properties.add(new Kaa.Property(String.format("prp-%07d", i), owner,
                    bedrooms == 0 ? capitalize(type) + " in " + towns[0] : bedrooms + "-bedroom " + type,
                    type, county, towns[random.nextInt(towns.length)], rent(type, county), bedrooms,
                    statuses.pick(random), past()));
        }
        return properties;
    }

    public List<Kaa.Booking> bookings(int count, List<Kaa.Property> properties, List<Kaa.User> tenants) {
        Weighted<String> statuses = new Weighted<String>().add("active", 45).add("completed", 25).add("confirmed", 15)
                .add("pending", 10).add("cancelled", 5);
        List<Kaa.Booking> bookings = new ArrayList<>(count);
        for (int i = 0; i < count && !properties.isEmpty(); i++) {
            Kaa.Property property = properties.get(random.nextInt(properties.size()));
            Instant created = past();
            LocalDate start = created.atZone(NAIROBI).toLocalDate().plusDays(random.nextInt(30));
            bookings.add(new Kaa.Booking(String.format("bkg-%07d", i), property.id(),
                    tenants.isEmpty() ? "usr-unknown" : tenants.get(random.nextInt(tenants.size())).id(),
                    statuses.pick(random), start.toString(), start.plusMonths(12).toString(), property.rent(), created));
        }
        return bookings;
    }

    /** The next {@code count} payments; ids keep counting across calls, so large volumes come in slices. */
    public List<Kaa.Payment> payments(int count, List<Kaa.Booking> bookings) {
        Weighted<String> methods = new Weighted<String>().add("mpesa", 75).add("card", 15).add("bank", 10);
        Weighted<String> mpesaStatus = new Weighted<String>().add("success", 86).add("failed", 11).add("pending", 2).add("reversed", 1);
        Weighted<String> otherStatus = new Weighted<String>().add("success", 93).add("failed", 5).add("pending", 2);
        Weighted<String> mpesaFailures = new Weighted<String>().add("Insufficient funds", 40).add("Wrong PIN", 18)
                .add("Request timeout", 15).add("Cancelled by user", 14).add("Subscriber unreachable", 8)
                .add("Transaction limit exceeded", 5);
        Weighted<String> cardFailures = new Weighted<String>().add("Card declined", 60).add("Expired card", 25).add("3-D Secure failed", 15);
        Weighted<Integer> hours = new Weighted<>();
        for (int h = 0; h < 24; h++) {
            hours.add(h, HOURLY[h]);
        }
        List<Kaa.Payment> payments = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String method = methods.pick(random);
            boolean mpesa = method.equals("mpesa");
            String status = (mpesa ? mpesaStatus : otherStatus).pick(random);
            Kaa.Booking booking = bookings.isEmpty() ? null : bookings.get(random.nextInt(bookings.size()));
            BigDecimal amount = booking != null && random.nextInt(10) < 7 ? booking.amount()
                    : BigDecimal.valueOf(100 + random.nextInt(4_900));
            if (!mpesa && random.nextBoolean()) {
                amount = amount.add(BigDecimal.valueOf(random.nextInt(100), 2));
            }
            ZonedDateTime day = now.atZone(NAIROBI).toLocalDate().minusDays(random.nextInt(days)).atStartOfDay(NAIROBI);
            Instant occurred = day.plusHours(hours.pick(random)).plusSeconds(random.nextInt(3600)).toInstant();
            if (occurred.isAfter(now)) {
                occurred = now.minusSeconds(1 + random.nextInt(3600));
            }
            payments.add(new Kaa.Payment(String.format("pay-%08d", paymentsSoFar++), booking == null ? null : booking.id(),
                    booking == null ? String.format("usr-%07d", random.nextInt(1000)) : booking.tenantId(), method,
                    amount.setScale(2, RoundingMode.UNNECESSARY), status,
                    status.equals("failed") ? (mpesa ? mpesaFailures : cardFailures).pick(random) : null,
                    mpesa && status.equals("success") ? receipt() : null,
                    mpesa ? "07" + (10_000_000 + random.nextInt(90_000_000)) : null, occurred));
        }
        return payments;
    }

    private BigDecimal rent(String type, String county) {
        int[] range = RENT.get(type);
        double scale = switch (county) {
            case "Nairobi" -> 1.0;
            case "Mombasa" -> 0.85;
            case "Kiambu", "Kajiado" -> 0.8;
            case "Nakuru", "Kisumu", "Uasin Gishu", "Machakos" -> 0.6;
            default -> 0.45;
        };
        double rent = (range[0] + random.nextDouble() * (range[1] - range[0])) * scale;
        return BigDecimal.valueOf(Math.max(1, Math.round(rent / 500)) * 500L).setScale(2, RoundingMode.UNNECESSARY);
    }

    private Instant past() {
        return now.minus(Duration.ofSeconds((long) (random.nextDouble() * days * 86_400L)));
    }

    private String receipt() {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
        StringBuilder receipt = new StringBuilder("S");
        for (int i = 0; i < 9; i++) {
            receipt.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return receipt.toString();
    }

    private static String capitalize(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
