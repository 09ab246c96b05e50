package dev.corojobs.web;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A 400 problem naming the request field (body property path, query parameter or header) that is wrong.
 * The problem carries {@code errors: [{field, message}]} so clients can show the message next to the field.
 */
class InvalidInputException extends ErrorResponseException {

    static final URI TYPE = URI.create("https://corojobs.dev/problems/invalid-input");

    InvalidInputException(String field, String message) {
        super(HttpStatus.BAD_REQUEST, problem(List.of(new FieldError(field, message))), null);
    }

    static ProblemDetail problem(List<FieldError> errors) {
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
        problem.setType(TYPE);
        problem.setTitle("Invalid request");
        problem.setDetail(String.join("; ", errors.stream().map(FieldError::sentence).toList()));
        problem.setProperty("errors", errors.stream()
                .map(e -> Map.of("field", e.field(), "message", e.message())).toList());
        return problem;
    }

    /** One wrong field: {@code field} is a JSON path like {@code program.tasks.foo[2].op} or a parameter name. */
    record FieldError(String field, String message) {

        String sentence() {
            return "'" + field + "' " + message;
        }
    }
}
