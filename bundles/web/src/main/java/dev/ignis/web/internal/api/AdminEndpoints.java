package dev.ignis.web.internal.api;

import dev.ignis.api.query.ErrorType;
import dev.ignis.api.query.QueryException;
import dev.ignis.api.storage.LabelMatcher;
import dev.ignis.api.storage.Storage;
import dev.ignis.api.storage.StorageException;
import dev.ignis.web.internal.ServerState;
import dev.ignis.web.internal.http.Form;
import dev.ignis.web.internal.text.GoText;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The TSDB admin API under {@code /admin/tsdb}: {@code delete_series}, {@code clean_tombstones}
 * and {@code snapshot}. Each answers {@code unavailable} "admin APIs disabled" (HTTP 500)
 * unless the {@code web.enable-admin-api} flag is true.
 */
public final class AdminEndpoints {

    /** Prometheus's default --storage.tsdb.path. */
    static final String DEFAULT_DATA_DIR = "data/";

    private static final DateTimeFormatter SNAPSHOT_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final ServerState state;
    private final boolean enabled;
    private final Clock clock;
    private final LongSupplier random;

    /**
     * @param clock the time in snapshot names
     * @param random source of the snapshot name's suffix; only its low 63 bits are used
     */
    public AdminEndpoints(ServerState state, Clock clock, LongSupplier random) {
        this.state = state;
        this.enabled = Boolean.parseBoolean(state.runtime().flag("web.enable-admin-api"));
        this.clock = clock;
        this.random = random;
    }

    /** Tombstones the samples in [start, end] of every series a selector matches; 204. */
    public ApiResult deleteSeries(HttpServletRequest req) throws ApiException {
        requireEnabled();
        Form form = ApiParams.form(req);
        ApiParams.requireParsed(form);
        List<String> selectors = form.values("match[]");
        if (selectors.isEmpty()) {
            throw new ApiException(ErrorType.BAD_DATA, "no match[] parameter provided");
        }
        long start = ApiParams.time(form, "start", ApiParams.MIN_TIME);
        long end = ApiParams.time(form, "end", ApiParams.MAX_TIME);
        // Prometheus parses and deletes one selector at a time: a bad second selector fails
        // after the first one's series are already deleted.
        for (String s : selectors) {
            List<LabelMatcher> matchers;
            try {
                matchers = ApiParams.parser(state.selectorParser()).parseSelector(s);
            } catch (QueryException e) {
                throw ApiParams.invalidParam("match[]", e.getMessage());
            }
            try {
                storage().deleteSeries(start, end, matchers);
            } catch (StorageException e) {
                throw new ApiException(ErrorType.INTERNAL, e.getMessage());
            }
        }
        return ApiResult.noContent();
    }

    /** Rewrites blocks without their deleted data; 204. */
    public ApiResult cleanTombstones(HttpServletRequest req) throws ApiException {
        requireEnabled();
        try {
            storage().cleanTombstones();
        } catch (StorageException e) {
            throw new ApiException(ErrorType.INTERNAL, e.getMessage());
        }
        return ApiResult.noContent();
    }

    /**
     * Snapshots the TSDB into {@code <storage.tsdb.path>/snapshots/<YYYYMMDDTHHMMSSZ>-<16 hex>},
     * with the head unless {@code skip_head} is true; answers {@code {"name":"..."}}.
     */
    public ApiResult snapshot(HttpServletRequest req) throws ApiException {
        requireEnabled();
        Form form = ApiParams.form(req);
        boolean skipHead = false;
        String skip = form.value("skip_head");
        if (!skip.isEmpty()) {
            try {
                skipHead = GoText.parseBool(skip);
            } catch (IllegalArgumentException e) {
                throw ApiParams.invalidParam("skip_head", "unable to parse boolean: " + e.getMessage());
            }
        }
        String name = SNAPSHOT_TIME.format(clock.instant())
                + "-" + String.format("%016x", random.getAsLong() & Long.MAX_VALUE);
        Path dir = dataDir().resolve("snapshots").resolve(name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ApiException(ErrorType.INTERNAL, "create snapshot directory: " + describe(e));
        }
        try {
            storage().snapshot(dir, skipHead);
        } catch (StorageException e) {
            throw new ApiException(ErrorType.INTERNAL, "create snapshot: " + e.getMessage());
        }
        return ApiResult.of(g -> {
            g.writeStartObject();
            g.writeStringField("name", name);
            g.writeEndObject();
        });
    }

    /** The data directory from {@code storage.tsdb.path}, relative paths against the working directory. */
    Path dataDir() {
        String flag = state.runtime().flag("storage.tsdb.path");
        Path p = Path.of(flag.isEmpty() ? DEFAULT_DATA_DIR : flag);
        return p.isAbsolute() ? p : state.runtime().workingDirectory().resolve(p);
    }

    private void requireEnabled() throws ApiException {
        if (!enabled) {
            throw new ApiException(ErrorType.UNAVAILABLE, "admin APIs disabled");
        }
    }

    private Storage storage() throws ApiException {
        Storage s = state.storage();
        if (s == null) {
            throw new ApiException(ErrorType.UNAVAILABLE, "storage not available");
        }
        return s;
    }

    /** Go's os.MkdirAll error text: {@code mkdir <path>: <reason>}. */
    private static String describe(IOException e) {
        if (e instanceof FileSystemException fse) {
            String reason;
            if (fse instanceof AccessDeniedException) {
                reason = "permission denied";
            } else if (fse instanceof FileAlreadyExistsException) {
                reason = "not a directory";
            } else {
                reason = fse.getReason() != null ? fse.getReason() : fse.getClass().getSimpleName();
            }
            return "mkdir " + fse.getFile() + ": " + reason;
        }
        return e.getMessage();
    }
}
