package dev.ignis.web.internal.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Cases observed on Prometheus 2.42 (host "vm", listening on 127.0.0.1:19391) and Go's net package. */
class GlobalUrlTest {

    @ParameterizedTest(name = "{0} | {1} | {2} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        // no --web.external-url: http://<hostname>:<listen port>
        "127.0.0.1:19391 | ''                           | http://127.0.0.1:19391/metrics        | http://vm:19391/metrics          | -",
        "127.0.0.1:19391 | ''                           | http://localhost:19391/metrics        | http://vm:19391/metrics          | -",
        "127.0.0.1:19391 | ''                           | http://127.0.0.1:19397/metrics        | http://vm:19397/metrics          | -",
        "127.0.0.1:19391 | ''                           | http://[::1]:19398/metrics            | http://vm:19398/metrics          | -",
        "127.0.0.1:19391 | ''                           | http://example.invalid:80/metrics     | http://example.invalid:80/metrics | -",
        "127.0.0.1:19391 | ''                           | http://127.0.0.2:19391/metrics        | http://127.0.0.2:19391/metrics   | -",
        "''              | ''                           | https://localhost:9090/metrics?a=b    | http://vm:9090/metrics?a=b       | -",
        ":9090           | ''                           | http://localhost:9100/x               | http://vm:9100/x                 | -",
        // --web.external-url=https://ext.example/prefix/: own port gets scheme and host, others the host
        "127.0.0.1:19371 | https://ext.example/prefix/  | http://127.0.0.1:19371/metrics        | https://ext.example/metrics      | -",
        "127.0.0.1:19371 | https://ext.example/prefix/  | http://localhost:19371/metrics        | https://ext.example/metrics      | -",
        "127.0.0.1:19371 | https://ext.example/prefix/  | http://127.0.0.1:19397/metrics        | http://ext.example:19397/metrics | -",
        "127.0.0.1:19371 | https://ext.example/prefix/  | http://[::1]:19398/metrics            | http://ext.example:19398/metrics | -",
        "127.0.0.1:19371 | HTTPS://user@ext.example:8443/ | http://[::1]:19371/metrics          | https://ext.example:8443/metrics | -",
        "0.0.0.0:9090    | http://[2001:db8::1]:9090/   | http://localhost:9100/metrics         | http://[2001:db8::1]:9100/metrics | -",
        // errors leave the URL as it is
        "127.0.0.1       | http://ext.example/          | http://localhost:9100/metrics         | http://localhost:9100/metrics    | address 127.0.0.1: missing port in address",
        "127.0.0.1       | http://ext.example/          | http://example.org:9100/metrics       | http://example.org:9100/metrics  | -",
        "127.0.0.1:9090  | ''                           | http://[::1/metrics                   | http://[::1/metrics              | address [::1: missing ']' in address",
    })
    void globalUrlAsPrometheus(String listen, String external, String scrapeUrl, String url, String error) {
        GlobalUrl g = GlobalUrl.of(listen, external, () -> "vm");
        assertEquals(new GlobalUrl.Result(url, error), g.of(scrapeUrl));
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', value = {
        "a:1          | a       | 1",
        "[::1]:9090   | ::1     | 9090",
        ":80          | ''      | 80",
        "host:        | host    | ''",
    })
    void splitsHostAndPort(String in, String host, String port) {
        assertArrayEquals(new String[] {host, port}, GlobalUrl.splitHostPort(in));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "host       | address host: missing port in address",
        "a:b:c      | address a:b:c: too many colons in address",
        "[::1       | address [::1: missing ']' in address",
        "[::1]      | address [::1]: missing port in address",
        "[::1]x:80  | address [::1]x:80: missing port in address",
        "[a]:b:80   | address [a]:b:80: too many colons in address",
        "a[b:80     | address a[b:80: unexpected '[' in address",
        "ab]:80     | address ab]:80: unexpected ']' in address",
        "''         | missing port in address",
    })
    void splitErrorsAreWordedAsGo(String in, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> GlobalUrl.splitHostPort(in)).getMessage());
    }
}
