package dev.ignis.promql.internal.ast;

import java.util.List;

/**
 * The signature of a PromQL function.
 *
 * @param argTypes the declared argument types; with {@code variadic != 0} the last one may
 *     repeat or be left out
 * @param variadic 0: exactly {@code argTypes.size()} arguments; n &gt; 0: the last n... up to
 *     n more than {@code argTypes.size() - 1}; -1: any number of repetitions of the last type
 * @param returnType the type of the result
 */
public record Function(String name, List<ValueType> argTypes, int variadic, ValueType returnType) {

    public Function {
        argTypes = List.copyOf(argTypes);
    }

    /** The fewest arguments a call may have. */
    public int minArgs() {
        return variadic == 0 ? argTypes.size() : argTypes.size() - 1;
    }

    /** The most arguments a call may have, or {@link Integer#MAX_VALUE}. */
    public int maxArgs() {
        if (variadic == 0) {
            return argTypes.size();
        }
        return variadic < 0 ? Integer.MAX_VALUE : argTypes.size() - 1 + variadic;
    }
}
