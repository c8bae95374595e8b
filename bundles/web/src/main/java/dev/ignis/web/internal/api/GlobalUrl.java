package dev.ignis.web.internal.api;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The {@code globalUrl} of a target as Prometheus 2.42's targets API derives it from the
 * scrape URL: a target on {@code localhost}, {@code 127.0.0.1} or {@code ::1} is not reachable
 * from elsewhere, so its host is replaced by the external URL's host (keeping the target's
 * port), or, when the port is the server's own listen port, by the external URL's scheme and
 * host:port. Other targets keep their URL. Without {@code --web.external-url} the external URL
 * is {@code http://<hostname>:<listen port>/}, the hostname as the kernel reports it (Go's
 * {@code os.Hostname}). Immutable and thread-safe.
 */
public final class GlobalUrl {

    private static final String[] LOCALHOST = {"127.0.0.1", "localhost", "::1"};
    private static final String DEFAULT_LISTEN = "0.0.0.0:9090";

    /** A global URL, and the error that kept it from being computed ({@code null} when none). */
    public record Result(String url, String error) {
    }

    private final String listenAddress;
    private final String scheme;
    private final String host;

    private GlobalUrl(String listenAddress, String scheme, String host) {
        this.listenAddress = listenAddress;
        this.scheme = scheme;
        this.host = host;
    }

    /**
     * @param listenAddress {@code --web.listen-address} ({@code 0.0.0.0:9090} when empty)
     * @param externalUrl {@code --web.external-url}, "" when not set
     * @param hostname supplies the machine's hostname; asked only when {@code externalUrl} is ""
     */
    public static GlobalUrl of(String listenAddress, String externalUrl, Supplier<String> hostname) {
        String listen = listenAddress == null || listenAddress.isEmpty() ? DEFAULT_LISTEN : listenAddress;
        if (externalUrl != null && !externalUrl.isEmpty()) {
            try {
                URI u = new URI(externalUrl);
                String authority = u.getRawAuthority();
                if (u.getScheme() != null && authority != null) {
                    int at = authority.lastIndexOf('@');
                    return new GlobalUrl(listen, u.getScheme().toLowerCase(Locale.ROOT), authority.substring(at + 1));
                }
            } catch (URISyntaxException e) {
                // The launcher validated the flag; fall back to the default as if it were unset.
            }
        }
        String port;
        try {
            port = splitHostPort(listen)[1];
        } catch (IllegalArgumentException e) {
            port = "";
        }
        return new GlobalUrl(listen, "http", hostname.get() + ":" + port);
    }

    /** The machine's hostname as Go's {@code os.Hostname} reads it on Linux, else Java's guess. */
    public static String osHostname() {
        try {
            String h = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
            if (!h.isEmpty()) {
                return h;
            }
        } catch (IOException | SecurityException e) {
            // not Linux; ask the JDK
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** The global URL of {@code scrapeUrl}; on an error, the scrape URL unchanged with the error. */
    public Result of(String scrapeUrl) {
        int schemeEnd = scrapeUrl.indexOf("://");
        if (schemeEnd < 0) {
            return new Result(scrapeUrl, null);
        }
        int authStart = schemeEnd + 3;
        int authEnd = authStart;
        while (authEnd < scrapeUrl.length() && "/?#".indexOf(scrapeUrl.charAt(authEnd)) < 0) {
            authEnd++;
        }
        String authority = scrapeUrl.substring(authStart, authEnd);
        int at = authority.lastIndexOf('@');
        String userinfo = authority.substring(0, at + 1);
        String hostPort = authority.substring(at + 1);
        String rest = scrapeUrl.substring(authEnd);
        String[] hp;
        try {
            hp = sanitizedSplit(hostPort);
        } catch (IllegalArgumentException e) {
            return new Result(scrapeUrl, e.getMessage());
        }
        if (!isLocalhost(hp[0])) {
            return new Result(scrapeUrl, null);
        }
        String ownPort;
        try {
            ownPort = splitHostPort(listenAddress)[1];
        } catch (IllegalArgumentException e) {
            return new Result(scrapeUrl, e.getMessage());
        }
        if (hp[1].equals(ownPort)) {
            return new Result(scheme + "://" + userinfo + host + rest, null);
        }
        String externalHost;
        try {
            externalHost = sanitizedSplit(host)[0];
        } catch (IllegalArgumentException e) {
            return new Result(scrapeUrl, e.getMessage());
        }
        String newHost = hp[1].isEmpty() ? externalHost : joinHostPort(externalHost, hp[1]);
        return new Result(scrapeUrl.substring(0, authStart) + userinfo + newHost + rest, null);
    }

    private static boolean isLocalhost(String h) {
        for (String l : LOCALHOST) {
            if (l.equals(h)) {
                return true;
            }
        }
        return false;
    }

    /** As {@link #splitHostPort}, but an address without a port is a host with port "". */
    static String[] sanitizedSplit(String hostPort) {
        try {
            return splitHostPort(hostPort);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().endsWith("missing port in address")) {
                throw e;
            }
            try {
                return new String[] {splitHostPort(hostPort + ":80")[0], ""};
            } catch (IllegalArgumentException again) {
                throw e;
            }
        }
    }

    /**
     * Go's {@code net.SplitHostPort}: host and port of {@code host:port} or {@code [host]:port}.
     *
     * @throws IllegalArgumentException with Go's message, e.g. {@code address x: missing port in address}
     */
    static String[] splitHostPort(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) {
            throw addrError(hostPort, "missing port in address");
        }
        String h;
        int noOpen = 0;
        int noClose = 0;
        if (hostPort.startsWith("[")) {
            int end = hostPort.indexOf(']');
            if (end < 0) {
                throw addrError(hostPort, "missing ']' in address");
            }
            if (end + 1 == hostPort.length()) {
                throw addrError(hostPort, "missing port in address");
            }
            if (end + 1 != colon) {
                throw addrError(hostPort, hostPort.charAt(end + 1) == ':' ? "too many colons in address"
                        : "missing port in address");
            }
            h = hostPort.substring(1, end);
            noOpen = 1;
            noClose = end + 1;
        } else {
            h = hostPort.substring(0, colon);
            if (h.indexOf(':') >= 0) {
                throw addrError(hostPort, "too many colons in address");
            }
        }
        if (hostPort.indexOf('[', noOpen) >= 0) {
            throw addrError(hostPort, "unexpected '[' in address");
        }
        if (hostPort.indexOf(']', noClose) >= 0) {
            throw addrError(hostPort, "unexpected ']' in address");
        }
        return new String[] {h, hostPort.substring(colon + 1)};
    }

    /** Go's {@code net.JoinHostPort}: brackets around a host containing a colon. */
    static String joinHostPort(String h, String port) {
        return h.indexOf(':') >= 0 ? "[" + h + "]:" + port : h + ":" + port;
    }

    private static IllegalArgumentException addrError(String addr, String why) {
        return new IllegalArgumentException(addr.isEmpty() ? why : "address " + addr + ": " + why);
    }
}
