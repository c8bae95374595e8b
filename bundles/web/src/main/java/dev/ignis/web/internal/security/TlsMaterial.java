package dev.ignis.web.internal.security;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * What {@code tls_server_config} turns into: an {@link SSLContext} with the server's key and
 * certificate chain (PEM: PKCS#8 {@code PRIVATE KEY}, PKCS#1 {@code RSA PRIVATE KEY} or SEC1
 * {@code EC PRIVATE KEY}), the client-certificate policy and the protocol and cipher settings
 * applied to each engine. Built the way exporter-toolkit's {@code ConfigToTLSConfig} checks the
 * config, with its error messages. Immutable.
 */
public final class TlsMaterial {

    /** exporter-toolkit's {@code client_auth_type} values, as TLS needs them. */
    enum ClientAuth {
        NONE(false, false, false),
        REQUEST(true, false, false),
        REQUIRE_ANY(false, true, false),
        VERIFY_IF_GIVEN(true, false, true),
        REQUIRE_AND_VERIFY(false, true, true);

        final boolean want;
        final boolean need;
        final boolean verify;

        ClientAuth(boolean want, boolean need, boolean verify) {
            this.want = want;
            this.need = need;
            this.verify = verify;
        }
    }

    private static final char[] STORE_PASSWORD = "ignis".toCharArray();

    private final SSLContext context;
    private final ClientAuth clientAuth;
    private final String[] protocols;
    private final List<String> cipherSuites;
    private final boolean preferServerCiphers;

    private TlsMaterial(SSLContext context, ClientAuth clientAuth, String[] protocols, List<String> cipherSuites,
            boolean preferServerCiphers) {
        this.context = context;
        this.clientAuth = clientAuth;
        this.protocols = protocols;
        this.cipherSuites = cipherSuites;
        this.preferServerCiphers = preferServerCiphers;
    }

    /**
     * Loads the key pair and client CAs of an enabled TLS config.
     *
     * @throws WebConfigException as exporter-toolkit words it ({@code missing cert_file},
     *     {@code failed to load X509KeyPair: ...}, {@code Invalid ClientAuth: ...}, ...)
     */
    public static TlsMaterial load(WebConfig.Tls tls) throws WebConfigException {
        if (tls.certFile().isEmpty()) {
            throw new WebConfigException("missing cert_file");
        }
        if (tls.keyFile().isEmpty()) {
            throw new WebConfigException("missing key_file");
        }
        List<X509Certificate> chain;
        PrivateKey key;
        try {
            chain = certificates(read(tls.certFile()), "certificate");
            key = privateKey(read(tls.keyFile()));
            checkPair(key, chain.get(0));
        } catch (WebConfigException e) {
            throw new WebConfigException("failed to load X509KeyPair: " + e.getMessage(), e);
        }
        List<X509Certificate> cas = null;
        if (!tls.clientCaFile().isEmpty()) {
            cas = new ArrayList<>();
            // As Go's AppendCertsFromPEM: blocks that are not certificates are skipped.
            try {
                cas.addAll(certificates(read(tls.clientCaFile()), "CA"));
            } catch (WebConfigException e) {
                if (e.getMessage().startsWith("open ")) {
                    throw e;
                }
            }
        }
        ClientAuth auth = switch (tls.clientAuthType()) {
            case "", "NoClientCert" -> ClientAuth.NONE;
            case "RequestClientCert" -> ClientAuth.REQUEST;
            case "RequireAnyClientCert", "RequireClientCert" -> ClientAuth.REQUIRE_ANY;
            case "VerifyClientCertIfGiven" -> ClientAuth.VERIFY_IF_GIVEN;
            case "RequireAndVerifyClientCert" -> ClientAuth.REQUIRE_AND_VERIFY;
            default -> throw new WebConfigException("Invalid ClientAuth: " + tls.clientAuthType());
        };
        if (cas != null && auth == ClientAuth.NONE) {
            throw new WebConfigException("Client CA's have been configured without a Client Auth Policy");
        }
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", key, STORE_PASSWORD, chain.toArray(new X509Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, STORE_PASSWORD);
            TrustManager[] trust;
            if (!auth.verify) {
                trust = new TrustManager[] {new AcceptAnyClient()};
            } else {
                KeyStore ts = null;
                if (cas != null) {
                    ts = KeyStore.getInstance("PKCS12");
                    ts.load(null, null);
                    for (int i = 0; i < cas.size(); i++) {
                        ts.setCertificateEntry("ca" + i, cas.get(i));
                    }
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ts);
                trust = tmf.getTrustManagers();
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), trust, null);
            return new TlsMaterial(ctx, auth, protocols(ctx, tls.minVersion(), tls.maxVersion()),
                    tls.cipherSuites(), tls.preferServerCipherSuites());
        } catch (GeneralSecurityException | IOException e) {
            throw new WebConfigException("TLS setup failed: " + e.getMessage(), e);
        }
    }

    /** The context the engines come from. */
    public SSLContext context() {
        return context;
    }

    /** A server-side engine with this config's client-auth, protocol and cipher settings. */
    public SSLEngine newEngine(String host, int port) {
        SSLEngine engine = host == null ? context.createSSLEngine() : context.createSSLEngine(host, port);
        engine.setUseClientMode(false);
        SSLParameters p = engine.getSSLParameters();
        p.setProtocols(protocols);
        if (!cipherSuites.isEmpty()) {
            p.setCipherSuites(enabledCiphers(engine.getSupportedCipherSuites()));
        }
        p.setUseCipherSuitesOrder(preferServerCiphers);
        if (clientAuth.need) {
            p.setNeedClientAuth(true);
        } else {
            p.setWantClientAuth(clientAuth.want);
        }
        engine.setSSLParameters(p);
        return engine;
    }

    // Go applies cipher_suites to TLS 1.0-1.2 only; TLS 1.3 suites stay enabled.
    private String[] enabledCiphers(String[] supported) {
        List<String> out = new ArrayList<>();
        List<String> sup = List.of(supported);
        for (String c : cipherSuites) {
            if (sup.contains(c) && !out.contains(c)) {
                out.add(c);
            }
        }
        for (String c : supported) {
            if (c.startsWith("TLS_AES_") || c.startsWith("TLS_CHACHA20_")) {
                if (!out.contains(c)) {
                    out.add(c);
                }
            }
        }
        return out.toArray(new String[0]);
    }

    private static String[] protocols(SSLContext ctx, int min, int max) {
        List<String> supported = List.of(ctx.getSupportedSSLParameters().getProtocols());
        List<String> out = new ArrayList<>();
        String[] names = {"TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"};
        for (int v = WebConfig.TLS10; v <= WebConfig.TLS13; v++) {
            String name = names[v - WebConfig.TLS10];
            if (v >= min && v <= max && supported.contains(name)) {
                out.add(name);
            }
        }
        return out.toArray(new String[0]);
    }

    private static byte[] read(String file) throws WebConfigException {
        try {
            return Files.readAllBytes(Path.of(file));
        } catch (NoSuchFileException e) {
            throw new WebConfigException("open " + file + ": no such file or directory");
        } catch (IOException e) {
            throw new WebConfigException("open " + file + ": " + e.getMessage());
        }
    }

    /** A PEM block: its type ({@code CERTIFICATE}, {@code RSA PRIVATE KEY}, ...) and DER bytes. */
    record Pem(String type, byte[] der) {
    }

    static List<Pem> pemBlocks(byte[] data) {
        String text = new String(data, StandardCharsets.ISO_8859_1);
        List<Pem> out = new ArrayList<>();
        int pos = 0;
        while (true) {
            int begin = text.indexOf("-----BEGIN ", pos);
            if (begin < 0) {
                return out;
            }
            int typeEnd = text.indexOf("-----", begin + 11);
            if (typeEnd < 0) {
                return out;
            }
            String type = text.substring(begin + 11, typeEnd);
            String endMarker = "-----END " + type + "-----";
            int end = text.indexOf(endMarker, typeEnd + 5);
            if (end < 0) {
                return out;
            }
            String body = text.substring(typeEnd + 5, end);
            try {
                out.add(new Pem(type, Base64.getMimeDecoder().decode(body.replaceAll("(?m)^[A-Za-z-]+:.*$", ""))));
            } catch (IllegalArgumentException e) {
                // Not base64: Go's pem.Decode skips such a block too.
            }
            pos = end + endMarker.length();
        }
    }

    private static List<X509Certificate> certificates(byte[] pem, String what) throws WebConfigException {
        List<X509Certificate> out = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (Pem b : pemBlocks(pem)) {
                if (b.type().equals("CERTIFICATE")) {
                    out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(b.der())));
                }
            }
        } catch (CertificateException e) {
            throw new WebConfigException("x509: " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new WebConfigException("tls: failed to find any PEM data in " + what + " input");
        }
        return out;
    }

    private static PrivateKey privateKey(byte[] pem) throws WebConfigException {
        for (Pem b : pemBlocks(pem)) {
            if (b.type().equals("PRIVATE KEY") || b.type().endsWith(" PRIVATE KEY")) {
                PrivateKey k = parseKey(b.der());
                if (k == null) {
                    throw new WebConfigException("tls: failed to parse private key");
                }
                return k;
            }
        }
        throw new WebConfigException("tls: failed to find any PEM data in key input");
    }

    /** Tries PKCS#1, PKCS#8, then SEC1, as Go's {@code tls.parsePrivateKey}. */
    static PrivateKey parseKey(byte[] der) {
        PrivateKey k = tryPkcs8(Der.wrapPkcs1(der));
        if (k != null) {
            return k;
        }
        k = tryPkcs8(der);
        if (k != null) {
            return k;
        }
        byte[] sec1 = Der.wrapSec1(der);
        return sec1 == null ? null : tryPkcs8(sec1);
    }

    private static PrivateKey tryPkcs8(byte[] der) {
        if (der == null) {
            return null;
        }
        for (String alg : new String[] {"RSA", "EC", "Ed25519", "RSASSA-PSS"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException | RuntimeException e) {
                // try the next algorithm
            }
        }
        return null;
    }

    private static void checkPair(PrivateKey key, X509Certificate cert) throws WebConfigException {
        String certAlg = cert.getPublicKey().getAlgorithm();
        String keyAlg = key.getAlgorithm();
        if (!certAlg.equals(keyAlg) && !(certAlg.startsWith("EC") && keyAlg.startsWith("EC"))) {
            throw new WebConfigException("tls: private key type does not match public key type");
        }
        String sigAlg = switch (keyAlg) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> keyAlg;
        };
        try {
            byte[] probe = "ignis key pair check".getBytes(StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance(sigAlg);
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(sigAlg);
            v.initVerify(cert.getPublicKey());
            v.update(probe);
            if (!v.verify(sig)) {
                throw new WebConfigException("tls: private key does not match public key");
            }
        } catch (GeneralSecurityException e) {
            throw new WebConfigException("tls: private key does not match public key", e);
        }
    }

    /**
     * Accepts any client certificate without verifying it: {@code RequestClientCert} and
     * {@code RequireAnyClientCert} ask for one but do not check it.
     */
    private static final class AcceptAnyClient extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("server certificates are not checked here");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("server certificates are not checked here");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("server certificates are not checked here");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /** The little DER needed to turn PKCS#1 and SEC1 keys into PKCS#8. */
    static final class Der {
        private static final byte[] RSA_ALG = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7,
            0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
        private static final byte[] EC_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

        private Der() {
        }

        /** PKCS#8 around an RSAPrivateKey (a SEQUENCE starting with INTEGER 0), else null. */
        static byte[] wrapPkcs1(byte[] der) {
            if (der.length < 4 || der[0] != 0x30) {
                return null;
            }
            return pkcs8(RSA_ALG, der);
        }

        /**
         * PKCS#8 around a SEC1 ECPrivateKey, with the curve OID taken from its
         * {@code parameters [0]} field; null when there is none.
         */
        static byte[] wrapSec1(byte[] der) {
            try {
                int[] pos = {0};
                if (der[pos[0]++] != 0x30) {
                    return null;
                }
                int seqLen = length(der, pos);
                int end = pos[0] + seqLen;
                while (pos[0] < end) {
                    int tag = der[pos[0]++] & 0xff;
                    int len = length(der, pos);
                    if (tag == 0xa0) {
                        byte[] curve = new byte[len];
                        System.arraycopy(der, pos[0], curve, 0, len);
                        ByteArrayOutputStream alg = new ByteArrayOutputStream();
                        alg.write(EC_OID);
                        alg.write(curve);
                        return pkcs8(tlv(0x30, alg.toByteArray()), der);
                    }
                    pos[0] += len;
                }
                return null;
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        private static byte[] pkcs8(byte[] algorithm, byte[] key) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(new byte[] {0x02, 0x01, 0x00});
            body.writeBytes(algorithm);
            body.writeBytes(tlv(0x04, key));
            return tlv(0x30, body.toByteArray());
        }

        private static int length(byte[] der, int[] pos) {
            int b = der[pos[0]++] & 0xff;
            if (b < 0x80) {
                return b;
            }
            int n = b & 0x7f;
            int len = 0;
            for (int i = 0; i < n; i++) {
                len = len << 8 | der[pos[0]++] & 0xff;
            }
            return len;
        }

        static byte[] tlv(int tag, byte[] value) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(tag);
            int len = value.length;
            if (len < 0x80) {
                out.write(len);
            } else if (len < 0x100) {
                out.write(0x81);
                out.write(len);
            } else if (len < 0x10000) {
                out.write(0x82);
                out.write(len >> 8);
                out.write(len);
            } else {
                out.write(0x83);
                out.write(len >> 16);
                out.write(len >> 8);
                out.write(len);
            }
            out.writeBytes(value);
            return out.toByteArray();
        }
    }
}
