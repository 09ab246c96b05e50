package dev.corojobs.security;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Declares bearer authentication in the OpenAPI document, which gives Swagger UI its "Authorize" button. */
@Configuration(proxyBeanMethods = false)
class OpenApiSecurity {

    static final String SCHEME = "bearer";

    @Bean
    OpenApiCustomizer bearerAuthentication() {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents().addSecuritySchemes(SCHEME, new SecurityScheme()
                    .type(SecurityScheme.Type.HTTP)
                    .scheme("bearer")
                    .description("An API key, or a JWT from the configured issuer. Scopes: " + Scope.all()
                            + ". Reading needs jobs:read, submitting and cancelling jobs:write, task dumps jobs:admin."));
            openApi.addSecurityItem(new SecurityRequirement().addList(SCHEME));
            openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
                operation.getResponses().computeIfAbsent("401", code -> new io.swagger.v3.oas.models.responses.ApiResponse()
                        .description("No valid API key or token (WWW-Authenticate says why)"));
                operation.getResponses().computeIfAbsent("403", code -> new io.swagger.v3.oas.models.responses.ApiResponse()
                        .description("The key or token lacks the scope this operation needs"));
            }));
        };
    }
}
