package dev.ignis.web.internal.api;

import dev.ignis.api.config.RuntimeInfo;
import java.util.Locale;

/**
 * Build facts as Prometheus reports them (/api/v1/status/buildinfo, prometheus_build_info).
 * The Java runtime stands in for Go: {@code goVersion} is {@code java17.0.15}-like.
 * {@link RuntimeInfo} carries no branch, build user or build date, so those read "unknown".
 */
public record BuildInfo(String version, String revision, String branch, String buildUser, String buildDate,
        String goVersion, String goOs, String goArch) {

    static final String UNKNOWN = "unknown";

    /** Build info from the runtime facts and this JVM. */
    public static BuildInfo of(RuntimeInfo rt) {
        return new BuildInfo(orUnknown(rt.version()), orUnknown(rt.revision()), UNKNOWN, UNKNOWN, UNKNOWN,
                "java" + System.getProperty("java.version"), jvmOs(), jvmArch());
    }

    private static String orUnknown(String s) {
        return s == null || s.isEmpty() ? UNKNOWN : s;
    }

    /** {@code os.name} in Go's GOOS spelling. */
    static String jvmOs() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            return "darwin";
        }
        if (os.startsWith("windows")) {
            return "windows";
        }
        return os.replace(" ", "");
    }

    /** {@code os.arch} in Go's GOARCH spelling. */
    static String jvmArch() {
        String arch = System.getProperty("os.arch", "");
        return switch (arch) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i486", "i586", "i686" -> "386";
            case "ppc64le" -> "ppc64le";
            case "s390x" -> "s390x";
            default -> arch;
        };
    }
}
