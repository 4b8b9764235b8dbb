package com.kaa.reports.notification.inbound;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Normalises a recipient's address for its channel, so the same person written two ways is one delivery:
 * e-mail lower-cased, phone numbers in E.164 (libphonenumber; "0712 345 678" in Kenya is +254712345678),
 * webhook and chat (Slack, Teams) URLs as given (http or https only). An address that cannot be used is a reason, not an exception.
 */
@ApplicationScoped
public class Recipients {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}$");

    /** address: the normalised form, or null with the reason it is unusable. */
    public record Normalised(String channel, String address, String invalidReason) {
    }

    private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
    private final String defaultRegion;

    private final java.util.Set<String> chatHosts;

    public Recipients(@ConfigProperty(name = "kaa.sms.default-region", defaultValue = "KE") String defaultRegion,
                      @ConfigProperty(name = "kaa.chat.allowed-hosts") java.util.Optional<java.util.Set<String>> chatHosts) {
        this.defaultRegion = defaultRegion;
        this.chatHosts = chatHosts.orElse(java.util.Set.of());
    }

    public Normalised normalise(String channel, String address) {
        String raw = address == null ? "" : address.trim();
        String name = channel == null ? "" : channel.trim().toLowerCase(Locale.ROOT);
        return switch (name) {
            case "email" -> EMAIL.matcher(raw).matches() && raw.length() <= 254
                    ? new Normalised(name, raw.toLowerCase(Locale.ROOT), null)
                    : new Normalised(name, raw, "\"" + raw + "\" is not an e-mail address");
            case "sms" -> phone(raw);
            case "webhook" -> url(name, raw);
            case "slack", "teams" -> {
                String problem = com.kaa.reports.platform.input.ChatAddresses.problem(name, raw, chatHosts);
                yield problem == null ? url(name, raw) : new Normalised(name, raw, "\"" + raw + "\": " + problem);
            }
            default -> new Normalised(name.isEmpty() ? "unknown" : name, raw, "channel \"" + channel + "\" is not email, sms, webhook, slack or teams");
        };
    }

    public String e164(String number) {
        Normalised n = phone(number);
        return n.invalidReason() == null ? n.address() : null;
    }

    private Normalised phone(String raw) {
        try {
            Phonenumber.PhoneNumber number = phones.parse(raw, defaultRegion);
            if (!phones.isValidNumber(number)) {
                return new Normalised("sms", raw, "\"" + raw + "\" is not a valid phone number");
            }
            return new Normalised("sms", phones.format(number, PhoneNumberUtil.PhoneNumberFormat.E164), null);
        } catch (NumberParseException e) {
            return new Normalised("sms", raw, "\"" + raw + "\" is not a phone number: " + e.getMessage());
        }
    }

    /** A webhook's, or a chat's incoming-webhook URL (the address policy is applied when it is called). */
    private static Normalised url(String channel, String raw) {
        try {
            URI uri = URI.create(raw);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((!scheme.equals("http") && !scheme.equals("https")) || uri.getHost() == null || raw.length() > 2000) {
                return new Normalised(channel, raw, channel + " addresses are http or https URLs");
            }
            return new Normalised(channel, raw, null);
        } catch (IllegalArgumentException e) {
            return new Normalised(channel, raw, "\"" + raw + "\" is not a URL");
        }
    }
}
