package dev.ignis.scrape.internal.loop;

import dev.ignis.api.config.TlsConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Builds Jetty's client TLS settings from a {@code tls_config} as Go's {@code crypto/tls} client
 * behaves in Prometheus: PEM CA bundle as the only trust anchors when given (the system's
 * otherwise), PEM client certificate and key, {@code server_name} used for both SNI and the
 * certificate's host name check, {@code insecure_skip_verify}, and {@code min_version}/
 * {@code max_version}. Keys must be PKCS#8 ({@code BEGIN PRIVATE KEY}) or PKCS#1 RSA.
 */
final class Tls {
    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
    private static final char[] PASSWORD = "ignis".toCharArray(); // in-memory key store only
    private static final String[] VERSIONS = {"TLS10", "TLS11", "TLS12", "TLS13"};
    private static final String[] PROTOCOLS = {"TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"};

    private Tls() {
    }

    /** @throws IllegalArgumentException when a file cannot be read or parsed, naming it */
    static SslContextFactory.Client clientFactory(TlsConfig tls) {
        String serverName = tls.serverName();
        SslContextFactory.Client f = new SslContextFactory.Client() {
            @Override
            public SSLEngine newSSLEngine(String host, int port) {
                return super.newSSLEngine(serverName.isEmpty() ? host : serverName, port);
            }
        };
        f.setEndpointIdentificationAlgorithm("HTTPS");
        if (!tls.caFile().isEmpty()) {
            try {
                KeyStore trust = emptyStore();
                int i = 0;
                for (Certificate c : certificates(tls.caFile())) {
                    trust.setCertificateEntry("ca" + i++, c);
                }
                f.setTrustStore(trust);
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalArgumentException("unable to load specified CA cert " + tls.caFile() + ": " + goError(e), e);
            }
        }
        KeyStore clientKey = null;
        if (!tls.certFile().isEmpty() || !tls.keyFile().isEmpty()) {
            if (tls.certFile().isEmpty() || tls.keyFile().isEmpty()) {
                throw new IllegalArgumentException("client cert file and key file must both be set");
            }
            try {
                List<Certificate> chain = certificates(tls.certFile());
                KeyStore ks = emptyStore();
                ks.setKeyEntry("client", privateKey(tls.keyFile()), PASSWORD, chain.toArray(new Certificate[0]));
                clientKey = ks;
                f.setKeyStore(ks);
                f.setKeyStorePassword(new String(PASSWORD));
                f.setKeyManagerPassword(new String(PASSWORD));
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalArgumentException("unable to use specified client cert (" + tls.certFile() + ") & key ("
                        + tls.keyFile() + "): " + goError(e), e);
            }
        }
        if (tls.insecureSkipVerify()) {
            f.setSslContext(acceptingAnyServer(clientKey));
        }
        String[] protocols = protocols(tls.minVersion(), tls.maxVersion());
        if (protocols != null) {
            f.setIncludeProtocols(protocols);
        }
        return f;
    }

    /**
     * A context whose trust manager accepts every server certificate and host name. Jetty's own
     * trust-all switch does the same but logs two warnings on every client start, which
     * Prometheus does not for a setting the user chose; the key store, if any, still serves the
     * client certificate. An extended trust manager, so the JDK adds no host name check of its own.
     */
    private static SSLContext acceptingAnyServer(KeyStore clientKey) {
        try {
            KeyManager[] keys = null;
            if (clientKey != null) {
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(clientKey, PASSWORD);
                keys = kmf.getKeyManagers();
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keys, new TrustManager[] {new AcceptAnyServer()}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("unable to set up TLS without verification: " + e.getMessage(), e);
        }
    }

    private static final class AcceptAnyServer extends X509ExtendedTrustManager {
        private static final X509Certificate[] NONE = new X509Certificate[0];

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("a scrape client trusts no clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("a scrape client trusts no clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a scrape client trusts no clients");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return NONE;
        }
    }

    /** A file error as Go's {@code os} package words it; others as Java does. */
    private static String goError(Exception e) {
        if (e instanceof NoSuchFileException n) {
            return "open " + n.getFile() + ": no such file or directory";
        }
        if (e instanceof AccessDeniedException a) {
            return "open " + a.getFile() + ": permission denied";
        }
        return e.getMessage();
    }

    /** The protocols between min and max (Go's default minimum is TLS 1.2), or null for all. */
    static String[] protocols(String min, String max) {
        int lo = min.isEmpty() ? 2 : index(min);
        int hi = max.isEmpty() ? VERSIONS.length - 1 : index(max);
        if (lo > hi) {
            throw new IllegalArgumentException("tls_config min_version " + min + " is above max_version " + max);
        }
        List<String> out = new ArrayList<>();
        for (int i = lo; i <= hi; i++) {
            out.add(PROTOCOLS[i]);
        }
        return out.toArray(new String[0]);
    }

    private static int index(String v) {
        for (int i = 0; i < VERSIONS.length; i++) {
            if (VERSIONS[i].equals(v)) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown TLS version: " + v);
    }

    private static KeyStore emptyStore() throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, PASSWORD);
        return ks;
    }

    private static List<Certificate> certificates(String file) throws IOException, GeneralSecurityException {
        byte[] pem = Files.readAllBytes(Path.of(file));
        Collection<? extends Certificate> certs =
                CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
        if (certs.isEmpty()) {
            throw new IOException("no certificate found in " + file);
        }
        return new ArrayList<>(certs);
    }

    private static PrivateKey privateKey(String file) throws IOException, GeneralSecurityException {
        String text = Files.readString(Path.of(file), StandardCharsets.US_ASCII);
        Matcher m = PEM.matcher(text);
        while (m.find()) {
            byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            switch (m.group(1)) {
                case "PRIVATE KEY" -> {
                    return pkcs8(der);
                }
                case "RSA PRIVATE KEY" -> {
                    return pkcs8(wrapPkcs1Rsa(der));
                }
                default -> {
                    // Certificates and parameters may share the file; keep looking.
                }
            }
        }
        throw new IOException("no PKCS#8 or PKCS#1 RSA private key found in " + file);
    }

    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        GeneralSecurityException last = null;
        for (String alg : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw last;
    }

    /** A PKCS#1 RSAPrivateKey inside a PKCS#8 PrivateKeyInfo with the rsaEncryption algorithm. */
    private static byte[] wrapPkcs1Rsa(byte[] pkcs1) {
        byte[] algId = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
        byte[] version = {0x02, 0x01, 0x00};
        byte[] octet = der(0x04, pkcs1);
        byte[] body = new byte[version.length + algId.length + octet.length];
        System.arraycopy(version, 0, body, 0, version.length);
        System.arraycopy(algId, 0, body, version.length, algId.length);
        System.arraycopy(octet, 0, body, version.length + algId.length, octet.length);
        return der(0x30, body);
    }

    private static byte[] der(int tag, byte[] content) {
        int n = content.length;
        byte[] len;
        if (n < 0x80) {
            len = new byte[] {(byte) n};
        } else if (n < 0x100) {
            len = new byte[] {(byte) 0x81, (byte) n};
        } else if (n < 0x10000) {
            len = new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
        } else {
            len = new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
        }
        byte[] out = new byte[1 + len.length + n];
        out[0] = (byte) tag;
        System.arraycopy(len, 0, out, 1, len.length);
        System.arraycopy(content, 0, out, 1 + len.length, n);
        return out;
    }
}
