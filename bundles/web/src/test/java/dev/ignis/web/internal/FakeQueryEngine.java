package dev.ignis.web.internal;

import dev.ignis.api.query.ErrorType;
import dev.ignis.api.query.QueryEngine;
import dev.ignis.api.query.QueryException;
import dev.ignis.api.query.QueryOptions;
import dev.ignis.api.query.QueryResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A query engine that records its calls and answers what the test set: a result per
 * expression (or one for all), a failure, and Prometheus's parse error for expressions listed
 * as unparsable. An expression {@code "block"} waits until its {@code canceled} supplier says
 * so (or its timeout, default 10 s, passes) and then fails with {@code canceled}.
 */
public final class FakeQueryEngine implements QueryEngine {

    /** One call: {@code kind} is instant, range or format; times in ms. */
    public record Call(String kind, String expr, long start, long end, long step, QueryOptions options) {
    }

    public final List<Call> calls = new CopyOnWriteArrayList<>();
    public final Map<String, QueryResult> results = new ConcurrentHashMap<>();
    public final Map<String, String> parseErrors = new ConcurrentHashMap<>();
    public volatile QueryResult result = new QueryResult(new QueryResult.Vector(List.of()), List.of(), null);
    public volatile QueryException failure;
    /** Thrown as is, standing for a bug in the engine. */
    public volatile RuntimeException bug;
    public final CountDownLatch blocking = new CountDownLatch(1);
    public final CountDownLatch canceled = new CountDownLatch(1);

    public FakeQueryEngine() {
        parseErrors.put("", "1:1: parse error: no expression found in input");
        parseErrors.put("foo(", "1:5: parse error: unclosed left parenthesis");
        parseErrors.put("rate(up)", "1:6: parse error: expected type range vector in call to function \"rate\", got instant vector");
    }

    public Call last() {
        return calls.isEmpty() ? null : calls.get(calls.size() - 1);
    }

    private QueryResult answer(String expr, QueryOptions options) throws QueryException {
        String err = parseErrors.get(expr);
        if (err != null) {
            throw new QueryException(ErrorType.BAD_DATA, err);
        }
        if (expr.equals("block")) {
            blocking.countDown();
            long deadline = System.nanoTime()
                    + (options.timeout() != null ? options.timeout().toNanos() : 10_000_000_000L);
            while (System.nanoTime() < deadline) {
                if (options.canceled().getAsBoolean()) {
                    canceled.countDown();
                    throw new QueryException(ErrorType.CANCELED, "query was canceled in query execution");
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            throw new QueryException(ErrorType.TIMEOUT, "query timed out in query execution");
        }
        if (failure != null) {
            throw failure;
        }
        if (bug != null) {
            throw bug;
        }
        return results.getOrDefault(expr, result);
    }

    @Override
    public QueryResult instant(String expr, long timeMs, QueryOptions options) throws QueryException {
        calls.add(new Call("instant", expr, timeMs, timeMs, 0, options));
        return answer(expr, options);
    }

    @Override
    public QueryResult range(String expr, long startMs, long endMs, long stepMs, QueryOptions options)
            throws QueryException {
        calls.add(new Call("range", expr, startMs, endMs, stepMs, options));
        if (expr.startsWith("\"")) {
            throw new QueryException(ErrorType.BAD_DATA,
                    "invalid expression type \"string\" for range query, must be Scalar or instant Vector");
        }
        return answer(expr, options);
    }

    @Override
    public String format(String expr) throws QueryException {
        calls.add(new Call("format", expr, 0, 0, 0, QueryOptions.DEFAULT));
        String err = parseErrors.get(expr);
        if (err != null) {
            throw new QueryException(ErrorType.BAD_DATA, err);
        }
        return expr.replace("sum(rate(up[5m]))by(job)", "sum by (job) (rate(up[5m]))").replace("1+1", "1 + 1");
    }
}
