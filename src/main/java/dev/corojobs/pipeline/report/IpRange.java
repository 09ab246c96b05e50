package dev.corojobs.pipeline.report;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IPv4 or IPv6 CIDR block ({@code 10.0.0.0/8}, {@code 2001:db8::/32}, or one address). */
record IpRange(byte[] network, int prefix) {

    /** @throws IllegalArgumentException with a message for the user when {@code cidr} is not a literal block */
    static IpRange parse(String cidr) {
        int slash = cidr.indexOf('/');
        String address = slash < 0 ? cidr : cidr.substring(0, slash);
        byte[] bytes = literal(address);
        if (bytes == null) {
            throw new IllegalArgumentException("not an IP address or CIDR block: '" + cidr + "'");
        }
        int prefix = bytes.length * 8;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(cidr.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bytes.length * 8) {
                throw new IllegalArgumentException("bad prefix length in '" + cidr + "' (0 to " + bytes.length * 8 + ")");
            }
        }
        return new IpRange(bytes, prefix);
    }

    /** The address bytes of an IPv4 or IPv6 literal, or null (never a DNS lookup: names are refused first). */
    static byte[] literal(String text) {
        if (text.isEmpty() || text.length() > 45 || !text.chars().allMatch(c -> c == '.' || c == ':'
                || Character.digit(c, 16) >= 0)) {
            return null;
        }
        if (text.indexOf(':') < 0 && !text.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return null;
        }
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (address[full] & mask) == (network[full] & mask);
    }

    @Override
    public String toString() {
        return new BigInteger(1, network).toString(16) + "/" + prefix;
    }
}
