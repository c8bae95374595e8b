package dev.ignis.web.internal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Start-up validation of the web config file. Every expected error is what Prometheus 2.42
 * logged as {@code err} (with exit status 1) for the same file, next to the same certificates.
 */
class WebConfigTest {

    static final String ALICE = "$2y$04$1zIsiAtaqafH76ENCrXjO.jDJlcBmulo8zCZ67zCKLtlwaprzOvCu";
    static final String BOB = "$2a$05$TDuxrB3zkJY7o2e1OLyBBunsqphBnRMgTxGVvTaWGWq9s932vElbq";

    @TempDir
    static Path dir;

    @BeforeAll
    static void copyCertificates() throws IOException {
        copyTls(dir);
    }

    static void copyTls(Path target) throws IOException {
        for (String f : List.of("ca.crt", "client.crt", "client.key", "server-ec.crt", "server-ec.key",
                "server-rsa-pkcs1.key", "server-rsa-pkcs8.key", "server-rsa.crt", "stranger.crt", "stranger.key")) {
            try (InputStream in = WebConfigTest.class.getResourceAsStream("/tls/" + f)) {
                Files.write(target.resolve(f), in.readAllBytes());
            }
        }
    }

    private static String validate(String yaml) throws IOException {
        Path file = dir.resolve("web.yml");
        Files.writeString(file, yaml.replace('|', '\n'));
        WebConfigException e = assertThrows(WebConfigException.class, () -> WebConfigSource.validate(file));
        return e.getMessage();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = ';', value = {
        "tls_server_config:|  cert_file: server-rsa.crt; missing key_file",
        "tls_server_config:|  key_file: server-rsa.crt; missing cert_file",
        "tls_server_config:|  cert_file: server-rsa.crt|  key_file: server-ec.key; failed to load X509KeyPair: tls: private key type does not match public key type",
        "tls_server_config:|  cert_file: server-rsa.crt|  key_file: server-rsa-pkcs8.key|  client_auth_type: Bogus; Invalid ClientAuth: Bogus",
        "tls_server_config:|  cert_file: server-rsa.crt|  key_file: server-rsa-pkcs8.key|  client_ca_file: ca.crt; Client CA's have been configured without a Client Auth Policy",
        "basic_auth_users:|  alice: plain; crypto/bcrypt: hashedSecret too short to be a bcrypted password",
        "basic_auth_users:|  alice: $2y$03$1zIsiAtaqafH76ENCrXjO.jDJlcBmulo8zCZ67zCKLtlwaprzOvCu; crypto/bcrypt: cost 3 is outside allowed range (4,31)",
        "basic_auth_users:|  alice: x2y$04$1zIsiAtaqafH76ENCrXjO.jDJlcBmulo8zCZ67zCKLtlwaprzOvCu; crypto/bcrypt: bcrypt hashes must start with '$', but hashedSecret started with 'x'",
        "foo: bar; yaml: unmarshal errors:\\n  line 1: field foo not found in type web.Config",
        "tls_server_config:|  min_version: TLS14; unknown TLS version: TLS14",
        "tls_server_config:|  cipher_suites: [TLS_RSA_WITH_RC4_128_SHA]; unknown cipher: TLS_RSA_WITH_RC4_128_SHA",
        "tls_server_config:|  curve_preferences: [CurveP999]; unknown curve: CurveP999",
        "http_server_config:|  headers:|    X-Frame-Options: allow; invalid value for X-Frame-Options. Expected one of: [\"deny\" \"sameorigin\"], but got: \"allow\"",
        "http_server_config:|  headers:|    Foo: bar; HTTP header \"Foo\" can not be configured",
        "http_server_config:|  http2: maybe; yaml: unmarshal errors:\\n  line 2: cannot unmarshal !!str `maybe` into bool",
        "[1, 2]; yaml: unmarshal errors:\\n  line 1: cannot unmarshal !!seq into web.Config",
    })
    void refusesAsPrometheus(String yaml, String error) throws IOException {
        assertEquals(error.replace("\\n", "\n"), validate(yaml));
    }

    @Test
    void missingFilesAreNamedAsGiven() throws IOException {
        String err = validate("tls_server_config:|  cert_file: nope.crt|  key_file: server-ec.key");
        assertEquals("failed to load X509KeyPair: open " + dir.resolve("nope.crt") + ": no such file or directory", err);
        WebConfigException e = assertThrows(WebConfigException.class,
                () -> WebConfigSource.validate(Path.of("missing-web.yml")));
        assertEquals("open missing-web.yml: no such file or directory", e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "server-rsa.crt, server-rsa-pkcs1.key",
        "server-rsa.crt, server-rsa-pkcs8.key",
        "server-ec.crt, server-ec.key",
    })
    void loadsPemKeysInEveryEncoding(String cert, String key) throws Exception {
        Path file = dir.resolve("ok.yml");
        Files.writeString(file, "tls_server_config:\n  cert_file: " + cert + "\n  key_file: " + key + "\n");
        WebConfig c = WebConfigSource.validate(file);
        assertTrue(c.tls().enabled());
        assertEquals(dir.resolve(cert).toString(), c.tls().certFile());
        assertTrue(c.http2());
        assertEquals(WebConfig.TLS12, c.tls().minVersion());
        assertEquals(WebConfig.TLS13, c.tls().maxVersion());
    }

    @Test
    void usersAndHeadersWithoutTls() throws Exception {
        WebConfig c = WebConfig.parse("basic_auth_users:\n  alice: '" + ALICE + "'\n  bob: " + BOB
                + "\nhttp_server_config:\n  http2: false\n  headers:\n    X-Frame-Options: deny\n", null);
        assertFalse(c.tls().enabled());
        assertFalse(c.http2());
        assertEquals(Map.of("alice", ALICE, "bob", BOB), c.users());
        assertEquals(Map.of("X-Frame-Options", "deny"), c.headers());
        assertTrue(Bcrypt.matches("secret", ALICE));
        assertTrue(Bcrypt.matches("other pass", BOB));
        assertFalse(Bcrypt.matches("secret", BOB));
    }

    @Test
    void emptyFileIsPlainHttpWithoutAuth() throws Exception {
        WebConfig c = WebConfig.parse("", null);
        assertFalse(c.tls().enabled());
        assertTrue(c.users().isEmpty());
    }
}
