package dev.ignis.web.internal.api;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/** Writes one JSON value: the {@code data} of an API response. */
@FunctionalInterface
public interface JsonBody {
    void write(JsonGenerator g) throws IOException;
}
