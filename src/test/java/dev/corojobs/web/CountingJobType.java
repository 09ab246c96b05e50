package dev.corojobs.web;

import dev.corojobs.jobs.CountingWork;
import dev.corojobs.jobs.JobRequest;
import dev.corojobs.jobs.JobType;
import dev.corojobs.jobs.JobWork;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * A job type for tests only, {@code counting-test} at {@code POST /api/v1/jobs/counting-tests}, submitted through
 * {@link JobSubmissions} exactly as the real job types are.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import(CountingJobType.CountingController.class)
public class CountingJobType {

    static final String TYPE = "counting-test";

    record CountingRequest(@NotNull @Min(0) Integer steps, @Min(0) @Max(1000) Long stepMillis, Integer failAt) {
    }

    @Bean
    JobType countingTestJobType(JsonMapper json) {
        return new JobType() {
            @Override
            public String name() {
                return TYPE;
            }

            @Override
            public String resource() {
                return "counting-tests";
            }

            @Override
            public JobWork work(JobRequest request) {
                CountingRequest counting = json.readValue(request.json(), CountingRequest.class);
                return new CountingWork(counting.steps(),
                        Duration.ofMillis(counting.stepMillis() == null ? 0 : counting.stepMillis()),
                        counting.failAt() == null ? -1 : counting.failAt());
            }
        };
    }

    @RestController
    static class CountingController {

        private final JobSubmissions submissions;

        CountingController(JobSubmissions submissions) {
            this.submissions = submissions;
        }

        @PostMapping(path = "/api/v1/jobs/counting-tests", consumes = MediaType.APPLICATION_JSON_VALUE)
        @Operation(summary = "Count (a test job type)")
        @JobSubmissionResponses
        ResponseEntity<?> submit(@Valid @RequestBody CountingRequest request,
                @RequestParam(required = false) String wait, @RequestParam(required = false) String timeout,
                @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
            return submissions.submit(TYPE, request, null, wait, timeout, idempotencyKey);
        }
    }
}
