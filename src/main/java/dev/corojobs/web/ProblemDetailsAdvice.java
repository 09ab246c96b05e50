package dev.corojobs.web;

import dev.corojobs.jobs.IdempotencyConflictException;
import dev.corojobs.jobs.JobRejectedException;
import dev.corojobs.jobs.UnknownJobTypeException;
import jakarta.validation.ConstraintViolationException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * Turns every error into an RFC 9457 problem detail ({@code application/problem+json}) whose {@code detail}
 * says what was wrong and, for bad input, names the field. Never a stack trace; a 500 only for our own bugs.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    @ExceptionHandler(JobRejectedException.class)
    ResponseEntity<ProblemDetail> rejected(JobRejectedException rejection) {
        ProblemDetail problem = switch (rejection.reason()) {
            case QUEUE_FULL -> Problems.of(HttpStatus.TOO_MANY_REQUESTS, "queue-full", "Job queue full",
                    rejection.getMessage());
            case SHUTTING_DOWN -> Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "shutting-down", "Shutting down",
                    rejection.getMessage());
            case OWNER_QUOTA -> Problems.of(HttpStatus.TOO_MANY_REQUESTS, "quota-exceeded", "Too many active jobs",
                    rejection.getMessage());
        };
        HttpStatus status = HttpStatus.valueOf(problem.getStatus());
        problem.setProperty("jobType", rejection.type());
        long seconds = Math.max(1, rejection.retryAfter().toSeconds());
        return ResponseEntity.status(status).header(HttpHeaders.RETRY_AFTER, Long.toString(seconds)).body(problem);
    }

    @ExceptionHandler(IdempotencyConflictException.class)
    ResponseEntity<ProblemDetail> idempotencyConflict(IdempotencyConflictException conflict) {
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, "idempotency-conflict",
                "Idempotency-Key reused with a different request", conflict.getMessage());
        problem.setProperty("jobId", conflict.existingJob().toString());
        return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
    }

    @ExceptionHandler(UnknownJobTypeException.class)
    ResponseEntity<ProblemDetail> unknownJobType(UnknownJobTypeException unknown) {
        ProblemDetail problem = Problems.of(HttpStatus.NOT_FOUND, "unknown-job-type", "Unknown job type",
                unknown.getMessage());
        problem.setProperty("jobTypes", unknown.known());
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> constraintViolation(ConstraintViolationException violation) {
        List<InvalidInputException.FieldError> errors = violation.getConstraintViolations().stream()
                .map(v -> new InvalidInputException.FieldError(lastNode(v.getPropertyPath().toString()), v.getMessage()))
                .toList();
        return ResponseEntity.badRequest().body(InvalidInputException.problem(errors));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception failure) {
        String incident = UUID.randomUUID().toString();
        log.error("Unexpected error (incident {})", incident, failure);
        ProblemDetail problem = Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
                "An unexpected error occurred on our side; it was logged as incident " + incident + ".");
        problem.setProperty("incident", incident);
        return ResponseEntity.internalServerError().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestSizeLimitFilter.BodyTooLargeException tooLarge) {
                ErrorResponseException response = RequestSizeLimitFilter.tooLarge(tooLarge.maxBytes);
                return ResponseEntity.status(response.getStatusCode()).body(response.getBody());
            }
        }
        return ResponseEntity.badRequest().body(InvalidInputException.problem(List.of(unreadable(ex))));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<InvalidInputException.FieldError> errors = new ArrayList<>();
        for (FieldError error : ex.getBindingResult().getFieldErrors()) {
            errors.add(new InvalidInputException.FieldError(error.getField(), message(error)));
        }
        ex.getBindingResult().getGlobalErrors().forEach(error ->
                errors.add(new InvalidInputException.FieldError(error.getObjectName(), message(error))));
        return ResponseEntity.badRequest().body(InvalidInputException.problem(errors));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<InvalidInputException.FieldError> errors = new ArrayList<>();
        ex.getParameterValidationResults().forEach(result -> result.getResolvableErrors().forEach(error ->
                errors.add(new InvalidInputException.FieldError(
                        error instanceof FieldError field ? field.getField() : result.getMethodParameter().getParameterName(),
                        message(error)))));
        return ResponseEntity.badRequest().body(InvalidInputException.problem(errors));
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String name = ex instanceof MethodArgumentTypeMismatchException mismatch ? mismatch.getName() : ex.getPropertyName();
        Class<?> required = ex.getRequiredType();
        String expected;
        if (required != null && required.isEnum()) {
            expected = "one of " + Arrays.toString(required.getEnumConstants());
        } else if (required == UUID.class) {
            expected = "a UUID";
        } else if (required == int.class || required == Integer.class || required == long.class) {
            expected = "a whole number";
        } else {
            expected = "a valid " + (required == null ? "value" : required.getSimpleName());
        }
        String message = "must be " + expected + ", was '" + ex.getValue() + "'";
        return ResponseEntity.badRequest().body(InvalidInputException.problem(
                List.of(new InvalidInputException.FieldError(name == null ? "parameter" : name, message))));
    }

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.CONTENT_TOO_LARGE);
        problem.setTitle("Request too large");
        problem.setDetail(ex.getMaxUploadSize() > 0
                ? "The upload is larger than the limit of " + ex.getMaxUploadSize() + " bytes"
                : "The upload is larger than the configured limit");
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(problem);
    }

    private static InvalidInputException.FieldError unreadable(HttpMessageNotReadableException ex) {
        Throwable cause = ex.getCause();
        if (cause instanceof JacksonException jackson) {
            String field = path(jackson);
            String message = switch (jackson) {
                case UnrecognizedPropertyException unknown -> "is not a known field; known fields: "
                        + unknown.getKnownPropertyIds();
                case InvalidFormatException format -> "must be " + describe(format.getTargetType())
                        + ", was '" + format.getValue() + "'";
                case ValueInstantiationException invalid -> invalid.getCause() != null && invalid.getCause().getMessage() != null
                        ? invalid.getCause().getMessage() : "is invalid";
                case MismatchedInputException mismatch -> mismatch.getTargetType() == null
                        ? "is missing or has the wrong shape"
                        : "must be " + describe(mismatch.getTargetType());
                case StreamReadException malformed -> "is not well-formed JSON"
                        + (malformed.getLocation() == null ? "" : " (line " + malformed.getLocation().getLineNr()
                        + ", column " + malformed.getLocation().getColumnNr() + ")");
                default -> "is invalid: " + jackson.getOriginalMessage();
            };
            return new InvalidInputException.FieldError(field.isEmpty() ? "body" : field, message);
        }
        if (cause instanceof IllegalArgumentException invalid && invalid.getMessage() != null) {
            return new InvalidInputException.FieldError("body", invalid.getMessage());
        }
        return new InvalidInputException.FieldError("body", "is missing or is not readable JSON");
    }

    /** A JSON path like {@code program.tasks.foo[2].op}. */
    private static String path(JacksonException jackson) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : jackson.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "a valid value";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.toString(type.getEnumConstants());
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return "a valid " + type.getSimpleName();
    }

    private static String message(MessageSourceResolvable error) {
        return error.getDefaultMessage() == null ? "is invalid" : error.getDefaultMessage();
    }

    private static String lastNode(String propertyPath) {
        int dot = propertyPath.indexOf('.');
        return dot < 0 ? propertyPath : propertyPath.substring(dot + 1);
    }
}
