package dev.corojobs.web;

import dev.corojobs.jobs.CountingWork;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A job type for tests only, {@code counting-test} at {@code POST /api/v1/jobs/counting-tests}, submitted through
 * {@link JobSubmissions} exactly as the real job types are.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import(CountingJobType.CountingController.class)
public class CountingJobType {

    static final String TYPE = "counting-test";

    record CountingRequest(@NotNull @Min(0) Integer steps, @Min(0) @Max(1000) Long stepMillis, Integer failAt,
            Duration timeout) {
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
                @RequestParam(required = false) String wait,
                @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
            return submissions.submit(TYPE, request, () -> new CountingWork(request.steps(),
                            Duration.ofMillis(request.stepMillis() == null ? 0 : request.stepMillis()),
                            request.failAt() == null ? -1 : request.failAt()),
                    wait, request.timeout(), idempotencyKey);
        }
    }
}
