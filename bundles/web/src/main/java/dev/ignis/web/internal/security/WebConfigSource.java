package dev.ignis.web.internal.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code --web.config.file}, re-read when it or a file it names changes, as exporter-toolkit
 * re-reads it on every request and every TLS handshake: the file and the certificate, key and CA
 * files are checked by modification time and size on each call, and loaded again when any of
 * them differs. Thread-safe.
 */
public final class WebConfigSource {

    /** What one read of the files gave: the config or its error, and the TLS material or its error. */
    private record Loaded(List<Stamp> stamps, WebConfig config, WebConfigException configError, TlsMaterial tls,
            WebConfigException tlsError) {
    }

    private record Stamp(Path file, long modified, long size) {
        static Stamp of(Path file) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                return new Stamp(file, a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS), a.size());
            } catch (IOException e) {
                return new Stamp(file, -1, -1);
            }
        }
    }

    private final Path file;
    private Loaded loaded;

    public WebConfigSource(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /**
     * Reads the file and checks everything Prometheus checks before it starts
     * ({@code toolkit_web.Validate}): the YAML, the bcrypt hashes, and, when TLS is configured,
     * the key pair, the CA file and the client auth type.
     */
    public static WebConfig validate(Path file) throws WebConfigException {
        WebConfig c = WebConfig.read(file);
        for (Map.Entry<String, String> u : c.users().entrySet()) {
            Bcrypt.checkCost(u.getValue());
        }
        if (c.tls().enabled()) {
            TlsMaterial.load(c.tls());
        }
        return c;
    }

    /** The current config (exporter-toolkit's {@code getConfig}: YAML and headers only). */
    public WebConfig config() throws WebConfigException {
        Loaded l = current();
        if (l.configError() != null) {
            throw l.configError();
        }
        return l.config();
    }

    /** The current TLS material; fails when the config or its TLS part is not usable. */
    public TlsMaterial tls() throws WebConfigException {
        Loaded l = current();
        if (l.configError() != null) {
            throw l.configError();
        }
        if (l.tlsError() != null) {
            throw l.tlsError();
        }
        if (l.tls() == null) {
            throw new WebConfigException("TLS config is not present");
        }
        return l.tls();
    }

    private synchronized Loaded current() {
        if (loaded != null && unchanged(loaded.stamps())) {
            return loaded;
        }
        List<Stamp> stamps = new ArrayList<>();
        stamps.add(Stamp.of(file));
        WebConfig config;
        try {
            config = WebConfig.read(file);
        } catch (WebConfigException e) {
            loaded = new Loaded(stamps, null, e, null, null);
            return loaded;
        }
        WebConfig.Tls t = config.tls();
        for (String f : new String[] {t.certFile(), t.keyFile(), t.clientCaFile()}) {
            if (!f.isEmpty()) {
                stamps.add(Stamp.of(Path.of(f)));
            }
        }
        TlsMaterial tls = null;
        WebConfigException tlsError = null;
        if (t.enabled()) {
            try {
                tls = TlsMaterial.load(t);
            } catch (WebConfigException e) {
                tlsError = e;
            }
        }
        loaded = new Loaded(stamps, config, null, tls, tlsError);
        return loaded;
    }

    private static boolean unchanged(List<Stamp> stamps) {
        for (Stamp s : stamps) {
            if (!s.equals(Stamp.of(s.file()))) {
                return false;
            }
        }
        return true;
    }
}
