package dev.corojobs.tcp;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * {@link TcpProperties} as Spring binds them (so the defaults are the annotations'), on loopback and a random
 * port, with {@code key=value} overrides in the property file's spelling ({@code "idle-timeout=300ms"}).
 */
final class TestTcpProperties {

    private TestTcpProperties() {
    }

    static TcpProperties with(String... overrides) {
        Map<String, String> values = new HashMap<>();
        values.put("corojobs.tcp.host", "127.0.0.1");
        values.put("corojobs.tcp.port", "0");
        for (String override : overrides) {
            int equals = override.indexOf('=');
            values.put("corojobs.tcp." + override.substring(0, equals), override.substring(equals + 1));
        }
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("corojobs.tcp", Bindable.of(TcpProperties.class));
    }
}
