package dev.ignis.web.internal.api;

import jakarta.servlet.http.HttpServletRequest;

/** One API v1 function: reads the request, returns data or throws a typed error. */
@FunctionalInterface
public interface ApiEndpoint {
    ApiResult call(HttpServletRequest req) throws ApiException;
}
