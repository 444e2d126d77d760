package io.trawler.validation;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Tells whether a host that a job names is a well-formed public host, or one that reaches the
 * worker itself or its private network: loopback, link-local (where cloud metadata services live),
 * private and other special-purpose addresses, {@code localhost}, and names that only local
 * resolvers answer ({@code .local}, {@code .internal}, names without a dot).
 *
 * <p>Limitation: only what the text says is judged; nothing is resolved. A public name whose DNS
 * record points at a private address passes here, so whatever enforces the network at run time must
 * check the addresses it connects to. Resolving here would not close the gap either: the answer may
 * differ by the time the job connects.
 */
final class Hosts {

    /** What a host is. */
    enum Kind {
        PUBLIC,
        LOCAL,
        MALFORMED
    }

    /** The kind of a host, with the reason when it is not public. */
    record Verdict(Kind kind, String reason) {

        static final Verdict PUBLIC = new Verdict(Kind.PUBLIC, "");

        static Verdict local(String reason) {
            return new Verdict(Kind.LOCAL, reason);
        }

        static Verdict malformed(String reason) {
            return new Verdict(Kind.MALFORMED, reason);
        }
    }

    private static final int MAX_NAME_LENGTH = 253;
    private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern IPV6_TEXT = Pattern.compile("[0-9a-f:.]{2,45}");
    private static final Pattern DECIMAL_OCTET = Pattern.compile("0|[1-9][0-9]{0,2}");
    private static final List<String> LOCAL_SUFFIXES =
            List.of("localhost", "local", "localdomain", "internal", "home.arpa");

    private Hosts() {}

    /** Judges a host as a URL names it: a name, a dotted IPv4 address, or [IPv6] in brackets. */
    static Verdict ofUrlHost(String host) {
        if (host.startsWith("[") && host.endsWith("]")) {
            return ofIpv6(host.substring(1, host.length() - 1));
        }
        return ofNameOrIpv4(host);
    }

    /**
     * Judges an entry of an allowlist of domains: a name, {@code .name} for its subdomains, or an
     * IP address.
     */
    static Verdict ofDomainEntry(String entry) {
        if (hasForbiddenCharacter(entry)) {
            return Verdict.malformed("it has a space, control or non-ASCII character");
        }
        if (entry.startsWith("*")) {
            return Verdict.malformed("a wildcard is written with a leading dot: .example.com");
        }
        if (entry.indexOf(':') >= 0) {
            boolean bracketed = entry.startsWith("[") && entry.endsWith("]");
            return ofIpv6(bracketed ? entry.substring(1, entry.length() - 1) : entry);
        }
        if (entry.startsWith(".")) {
            String suffix = entry.substring(1);
            if (suffix.indexOf('.') < 0 && !suffix.isEmpty()) {
                return Verdict.malformed("a wildcard must name a domain of at least two labels");
            }
            return ofNameOrIpv4(suffix);
        }
        return ofNameOrIpv4(entry);
    }

    private static Verdict ofNameOrIpv4(String host) {
        if (host.isEmpty()) {
            return Verdict.malformed("it is empty");
        }
        if (hasForbiddenCharacter(host)) {
            return Verdict.malformed("it has a space, control or non-ASCII character");
        }
        String name = host.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            return Verdict.malformed("a host name has 1 to 253 characters");
        }
        String[] labels = name.split("\\.", -1);
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return Verdict.malformed(
                        "each label of a host name is 1 to 63 letters, digits or inner dashes");
            }
        }
        if (Character.isDigit(labels[labels.length - 1].charAt(0))) {
            return ofIpv4(labels);
        }
        return ofName(name, labels);
    }

    private static Verdict ofName(String name, String[] labels) {
        if (labels.length == 1) {
            return Verdict.local("a name without a dot is resolved against local search domains");
        }
        for (String suffix : LOCAL_SUFFIXES) {
            if (name.equals(suffix) || name.endsWith("." + suffix)) {
                return Verdict.local("names under ." + suffix + " only resolve on local networks");
            }
        }
        return Verdict.PUBLIC;
    }

    private static Verdict ofIpv4(String[] labels) {
        if (labels.length != 4) {
            return Verdict.malformed("an IPv4 address is four decimal numbers");
        }
        byte[] octets = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (!DECIMAL_OCTET.matcher(labels[i]).matches() || Integer.parseInt(labels[i]) > 255) {
                return Verdict.malformed(
                        "an IPv4 address is four decimal numbers from 0 to 255, without leading"
                                + " zeros");
            }
            octets[i] = (byte) Integer.parseInt(labels[i]);
        }
        return ofIpv4Octets(octets);
    }

    private static Verdict ofIpv6(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (!IPV6_TEXT.matcher(lower).matches()) {
            return Verdict.malformed(
                    "it is neither a host name without a port nor an IPv6 address (zone IDs are"
                            + " not accepted)");
        }
        InetAddress address;
        try {
            // A literal with a colon is parsed as IPv6 text; no name is ever looked up here.
            address = InetAddress.getByName("[" + lower + "]");
        } catch (UnknownHostException e) {
            return Verdict.malformed("it is not an IPv6 address");
        }
        if (address instanceof Inet4Address mapped) {
            return ofIpv4Octets(mapped.getAddress());
        }
        return ofIpv6Bytes(((Inet6Address) address).getAddress());
    }

    private static Verdict ofIpv4Octets(byte[] octets) {
        int a = octets[0] & 0xff;
        int b = octets[1] & 0xff;
        int c = octets[2] & 0xff;
        if (a == 127) {
            return Verdict.local("127.0.0.0/8 is loopback");
        }
        if (a == 169 && b == 254) {
            return Verdict.local("169.254.0.0/16 is link-local, where metadata services answer");
        }
        if (a == 10 || (a == 172 && b >= 16 && b <= 31) || (a == 192 && b == 168)) {
            return Verdict.local("the address is in a private range (RFC 1918)");
        }
        if (a == 100 && b >= 64 && b <= 127) {
            return Verdict.local("100.64.0.0/10 is shared address space behind carrier NAT");
        }
        if (a == 0
                || a >= 224
                || (a == 192 && b == 0 && c == 0)
                || (a == 198 && (b == 18 || b == 19))) {
            return Verdict.local("the address is unspecified, multicast or reserved");
        }
        return Verdict.PUBLIC;
    }

    private static Verdict ofIpv6Bytes(byte[] bytes) {
        int first = bytes[0] & 0xff;
        int second = bytes[1] & 0xff;
        if (isZero(bytes, 0, 12)) {
            // ::1, :: and the deprecated IPv4-compatible form ::a.b.c.d.
            return Verdict.local("the address is loopback, unspecified or IPv4-compatible");
        }
        if (first == 0xfe && (second & 0xc0) == 0x80) {
            return Verdict.local("fe80::/10 is link-local");
        }
        if (first == 0xfe && (second & 0xc0) == 0xc0) {
            return Verdict.local("fec0::/10 is site-local");
        }
        if ((first & 0xfe) == 0xfc) {
            return Verdict.local("fc00::/7 is a unique local (private) range");
        }
        if (first == 0xff) {
            return Verdict.local("ff00::/8 is multicast");
        }
        if (first == 0x00
                && second == 0x64
                && (bytes[2] & 0xff) == 0xff
                && (bytes[3] & 0xff) == 0x9b) {
            return ofIpv4Octets(new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]});
        }
        if (first == 0x20 && second == 0x02) {
            return ofIpv4Octets(new byte[] {bytes[2], bytes[3], bytes[4], bytes[5]});
        }
        return Verdict.PUBLIC;
    }

    private static boolean isZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasForbiddenCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                return true;
            }
        }
        return false;
    }
}
