package dev.ignis.web.internal.api;

import dev.ignis.api.config.RuntimeInfo;
import java.util.Locale;
import java.util.function.Function;

/**
 * Build facts as Prometheus reports them (/api/v1/status/buildinfo, prometheus_build_info).
 * The Java runtime stands in for Go: {@code goVersion} is {@code java17.0.15}-like.
 * {@link RuntimeInfo} carries no branch, build user or build date; the launcher publishes them
 * as the framework properties {@value #BRANCH}, {@value #BUILD_USER} and {@value #BUILD_DATE},
 * and they read "unknown" without it.
 */
public record BuildInfo(String version, String revision, String branch, String buildUser, String buildDate,
        String goVersion, String goOs, String goArch) {

    static final String UNKNOWN = "unknown";
    /** Framework property with the source branch. */
    public static final String BRANCH = "ignis.branch";
    /** Framework property with the user who built the distribution. */
    public static final String BUILD_USER = "ignis.build.user";
    /** Framework property with the build date. */
    public static final String BUILD_DATE = "ignis.build.date";

    /** Build info from the runtime facts and this JVM, without branch, user and date. */
    public static BuildInfo of(RuntimeInfo rt) {
        return of(rt, name -> null);
    }

    /**
     * Build info from the runtime facts, this JVM, and the launcher's framework properties.
     *
     * @param properties framework property lookup ({@code BundleContext::getProperty})
     */
    public static BuildInfo of(RuntimeInfo rt, Function<String, String> properties) {
        return new BuildInfo(orUnknown(rt.version()), orUnknown(rt.revision()), orUnknown(properties.apply(BRANCH)),
                orUnknown(properties.apply(BUILD_USER)), orUnknown(properties.apply(BUILD_DATE)),
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
