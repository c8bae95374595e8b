package dev.ignis.web.internal.http;

import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class ClientDisconnectTest {

    @Test
    void requestNotFromJettyIsNeverGone() {
        HttpServletRequest req = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> null);
        BooleanSupplier gone = ClientDisconnect.watch(req);
        assertFalse(gone.getAsBoolean());
    }
}
