package dev.ignis.web.internal.api;

import java.util.List;

/**
 * What an API endpoint returns on success: the {@code data} writer, or none for
 * {@code 204 No Content}, plus warnings.
 *
 * @param data writes the data value, or {@code null} to answer 204 with an empty body
 * @param warnings non-fatal warnings; listed under {@code "warnings"} when not empty
 */
public record ApiResult(JsonBody data, List<String> warnings) {

    private static final ApiResult NO_CONTENT = new ApiResult(null, List.of());

    public ApiResult {
        warnings = List.copyOf(warnings);
    }

    public static ApiResult of(JsonBody data) {
        return new ApiResult(data, List.of());
    }

    /** No data: 204. */
    public static ApiResult noContent() {
        return NO_CONTENT;
    }
}
