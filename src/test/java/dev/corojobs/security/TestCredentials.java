package dev.corojobs.security;

import java.util.List;
import org.springframework.boot.resttestclient.autoconfigure.RestTestClientBuilderCustomizer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Makes every test context's {@code RestTestClient} authenticate as {@code test-admin}, so tests of other features
 * call the API as a client with every scope would, with security on (registered in META-INF/spring.factories).
 * Tests of security itself send their own {@code Authorization} header, which replaces this default.
 */
public final class TestCredentials implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> attributes) {
        return new AdminClient();
    }

    private record AdminClient() implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration configuration) {
            context.getBeanFactory().registerSingleton("testAdminRestTestClientCustomizer",
                    (RestTestClientBuilderCustomizer) builder ->
                            builder.defaultHeader(HttpHeaders.AUTHORIZATION, TestKeys.bearer(TestKeys.ADMIN)));
        }
    }
}
