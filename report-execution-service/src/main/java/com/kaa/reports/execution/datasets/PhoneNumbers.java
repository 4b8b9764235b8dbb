package com.kaa.reports.execution.datasets;

import com.kaa.reports.platform.crypto.HmacSha256;

/**
 * Payer phone numbers are personal data: the read model keeps a masked form for display and a keyed
 * hash (HMAC-SHA256, key from config) so reports can count distinct payers without the number itself.
 */
public final class PhoneNumbers {

    private static final java.util.regex.Pattern SEPARATORS = java.util.regex.Pattern.compile("[\\s()-]");
    private static final java.util.regex.Pattern DIGITS = java.util.regex.Pattern.compile("[1-9][0-9]{7,14}");

    private final HmacSha256 hmac;

    public PhoneNumbers(String key) {
        this.hmac = new HmacSha256(key);
    }

    /** Kenyan numbers in any usual form (0712..., 254712..., +254 712 ...) to +254712345678; null when unusable. */
    public static String e164(String raw) {
        String digits = SEPARATORS.matcher(raw).replaceAll("");
        if (digits.startsWith("+")) {
            digits = digits.substring(1);
        } else if (digits.startsWith("0") && digits.length() == 10) {
            digits = "254" + digits.substring(1);
        }
        return DIGITS.matcher(digits).matches() ? "+" + digits : null;
    }

    /** +254712345678 to +2547******78: the country and network stay readable, the subscriber does not. */
    public static String mask(String e164) {
        int keep = Math.min(5, e164.length() - 2);
        return e164.substring(0, keep) + "*".repeat(e164.length() - keep - 2) + e164.substring(e164.length() - 2);
    }

    public String hash(String e164) {
        return hmac.hex(e164);
    }

    Field masked() {
        return new Field("phone", "phone_masked", "text", false, (name, value) -> mask(valid(name, value)));
    }

    Field hashed() {
        return new Field("phone", "phone_hash", "text", false, (name, value) -> hash(valid(name, value)));
    }

    private static String valid(String name, com.fasterxml.jackson.databind.JsonNode value) {
        String e164 = e164(Field.textual(name, value));
        if (e164 == null) {
            throw new InvalidEventException(name + " is not a phone number (e.g. +254712345678 or 0712345678)");
        }
        return e164;
    }
}
