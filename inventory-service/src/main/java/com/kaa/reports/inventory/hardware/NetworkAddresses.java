package com.kaa.reports.inventory.hardware;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** IP addresses and networks as sent by clients, checked before Postgres' inet sees them (a bad one is a 400, not a 500). */
final class NetworkAddresses {

    private static final Pattern V4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern V6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    /**
     * The address in a form Postgres' inet reads, or null when it is not one address. IPv6 is parsed by the JDK, which
     * takes a text with a colon as a literal and never looks it up in DNS; the characters are checked first, so no
     * host name or zone (%eth0) reaches it.
     */
    static String address(String address) {
        if (V4.matcher(address).matches()) {
            return address;
        }
        if (address.indexOf(':') < 0 || !V6_CHARACTERS.matcher(address).matches()) {
            return null;
        }
        try {
            InetAddress parsed = InetAddress.getByName(address);
            return parsed.getHostAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** An address, or a network as address/prefix (10.2.0.0/16), as Postgres' inet reads it; null when neither. */
    static String network(String text) {
        int slash = text.indexOf('/');
        String address = address(slash < 0 ? text : text.substring(0, slash));
        if (address == null || slash < 0) {
            return address;
        }
        String prefix = text.substring(slash + 1);
        int bits = address.indexOf(':') < 0 ? 32 : 128;
        if (!prefix.matches("\\d{1,3}") || Integer.parseInt(prefix) > bits) {
            return null;
        }
        return address + "/" + prefix;
    }

    private NetworkAddresses() {
    }
}
