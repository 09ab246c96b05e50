package dev.corojobs.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.tags.Tag;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document's front page (springdoc serves it at /v3/api-docs and Swagger UI at /swagger-ui/index.html). */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI corojobsOpenApi() {
        String version = OpenApiConfiguration.class.getPackage().getImplementationVersion();
        return new OpenAPI()
                .info(new Info()
                        .title("corojobs API")
                        .version(version == null ? "v1" : version)
                        .description("""
                                Run coroutine jobs over HTTP: scheduler simulations and log-analysis pipelines, \
                                driven step by step on a small coroutine runtime.

                                Submit a job with `POST /api/v1/jobs/{type}` (202 + `Location`, or 200 with the \
                                finished job when it ends within `wait`), then follow it with `GET /api/v1/jobs/{id}` \
                                (also with `wait`) or the Server-Sent Events of `GET /api/v1/jobs/{id}/events`; \
                                cancel it with `DELETE`.

                                Every error is an RFC 9457 problem detail (`application/problem+json`) whose \
                                `detail` says what is wrong; for invalid input, `errors` lists each field \
                                (`field`, `message`). A full queue answers 429 and a shutting-down service 503, \
                                both with `Retry-After`.""")
                        .license(new License().name("See the repository")))
                .addTagsItem(new Tag().name("Jobs").description("Follow, list and cancel jobs of every type"));
    }
}
