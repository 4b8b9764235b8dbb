package com.kaa.reports.notification.deliveries;

/**
 * What a channel says about one attempt. RETRY: worth trying again (timeouts, 5xx, 429, SMTP 4xx);
 * PERMANENT: it will never work (invalid address, 4xx from the provider, SMTP 5xx), so no retry.
 */
public record SendResult(Outcome outcome, Integer providerStatus, String providerResponse, String error) {

    public enum Outcome { SENT, RETRY, PERMANENT }

    /** A provider's words are kept as text: Postgres refuses NUL characters in text, and one would fail the recording. */
    public SendResult {
        providerResponse = withoutNul(providerResponse);
        error = withoutNul(error);
    }

    private static String withoutNul(String text) {
        return text == null || text.indexOf('\0') < 0 ? text : text.replace("\0", "");
    }

    public static SendResult sent(Integer status, String response) {
        return new SendResult(Outcome.SENT, status, response, null);
    }

    public static SendResult retry(Integer status, String response, String error) {
        return new SendResult(Outcome.RETRY, status, response, error);
    }

    public static SendResult permanent(Integer status, String response, String error) {
        return new SendResult(Outcome.PERMANENT, status, response, error);
    }

    /** The usual HTTP reading: 2xx sent, 408/429/5xx retry, any other 4xx permanent. */
    public static SendResult ofHttp(int status, String body) {
        String response = body == null ? null : body.length() > 2000 ? body.substring(0, 2000) : body;
        if (status >= 200 && status < 300) {
            return sent(status, response);
        }
        if (status == 408 || status == 429 || status >= 500) {
            return retry(status, response, "the provider answered " + status);
        }
        return permanent(status, response, "the provider refused it with " + status);
    }
}
