package com.kaa.reports.notification.sms;

import java.util.regex.Pattern;

/**
 * Fits a message into at most two SMS segments, keeping the link whole: 306 characters when every character
 * is in the GSM 03.38 alphabet (2 × 153), 134 otherwise (UCS-2, 2 × 67). The text is shortened with an
 * ellipsis; the link is never cut (a cut link is worse than a short text).
 */
final class SmsText {

    static final int GSM_TWO_SEGMENTS = 306;
    static final int UCS2_TWO_SEGMENTS = 134;
    private static final Pattern GSM = Pattern.compile(
            "[@£$¥èéùìòÇ\\nØø\\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,\\-./0-9:;<=>?¡A-ZÄÖÑÜ§¿a-zäöñüà^{}\\\\\\[~\\]|€]*");

    private SmsText() {
    }

    static String fit(String text, String link) {
        String tail = link == null || link.isBlank() ? "" : " " + link;
        String whole = text + tail;
        int limit = GSM.matcher(whole).matches() ? GSM_TWO_SEGMENTS : UCS2_TWO_SEGMENTS;
        if (whole.length() <= limit) {
            return whole;
        }
        int room = Math.max(0, limit - tail.length() - 1);
        return (room == 0 ? "" : text.substring(0, Math.min(text.length(), room)).stripTrailing() + "…") + tail;
    }

    static boolean isGsm(String text) {
        return GSM.matcher(text).matches();
    }
}
