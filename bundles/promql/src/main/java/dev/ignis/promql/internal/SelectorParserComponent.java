package dev.ignis.promql.internal;

import dev.ignis.api.query.ErrorType;
import dev.ignis.api.query.QueryException;
import dev.ignis.api.query.SelectorParser;
import dev.ignis.api.storage.LabelMatcher;
import dev.ignis.promql.internal.parser.ParseException;
import dev.ignis.promql.internal.parser.PromQL;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/** The {@link SelectorParser} service: PromQL's series-selector syntax for match[] parameters. */
@Component(service = SelectorParser.class)
public final class SelectorParserComponent implements SelectorParser {

    @Override
    public List<LabelMatcher> parseSelector(String selector) throws QueryException {
        try {
            return PromQL.parseSelector(selector);
        } catch (ParseException e) {
            throw new QueryException(ErrorType.BAD_DATA, e.getMessage());
        }
    }
}
