package dev.ignis.api.query;

import dev.ignis.api.storage.LabelMatcher;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Parses PromQL series selectors such as {@code up{job="api"}} or {@code {__name__=~"a.*"}}, as
 * the {@code match[]} parameters of /api/v1/series, /labels, /federate and the admin API take
 * them. Provided by the PromQL bundle; thread-safe.
 */
@ProviderType
public interface SelectorParser {

    /**
     * The matchers of one selector; a metric name becomes an {@code __name__} equality matcher.
     *
     * @throws QueryException of type {@link ErrorType#BAD_DATA} with Prometheus's parse error
     *         when the text is not a vector selector
     */
    List<LabelMatcher> parseSelector(String selector) throws QueryException;

    /**
     * The matchers of every vector selector in a PromQL expression (those inside range
     * selectors and subqueries included), in the order they appear, as Prometheus's
     * {@code parser.ExtractSelectors}; empty when it selects no series.
     *
     * @throws QueryException of type {@link ErrorType#BAD_DATA} with Prometheus's parse error
     */
    List<List<LabelMatcher>> extractSelectors(String expr) throws QueryException;
}
