package dev.corojobs.web;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A 400 problem naming the request field (body property path, query parameter or header) that is wrong.
 * The problem carries {@code errors: [{field, message}]} so clients can show the message next to the field;
 * a place inside the body ({@link #at}) also gets a {@code pointer} property with the JSON pointer.
 */
public class InvalidInputException extends ErrorResponseException {

    public InvalidInputException(String field, String message) {
        super(HttpStatus.BAD_REQUEST, problem(List.of(new FieldError(field, message))), null);
    }

    /**
     * A wrong place inside the request, given as a JSON pointer ({@code /program/tasks/foo/2/op}): {@code errors[].field}
     * names it as a dotted path ({@code program.tasks.foo[2].op}), like the other 400s, and the problem's
     * {@code pointer} property keeps the pointer.
     */
    public static InvalidInputException at(String pointer, String message) {
        InvalidInputException invalid = new InvalidInputException(fieldPath(pointer), message);
        invalid.getBody().setProperty("pointer", pointer);
        return invalid;
    }

    /** {@code /program/tasks/foo/2/op} as a dotted path: {@code program.tasks.foo[2].op}; {@code ""} is {@code body}. */
    static String fieldPath(String pointer) {
        if (pointer.isEmpty()) {
            return "body";
        }
        StringBuilder path = new StringBuilder();
        for (String segment : pointer.substring(1).split("/", -1)) {
            String name = segment.replace("~1", "/").replace("~0", "~");
            if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
                path.append('[').append(name).append(']');
            } else {
                path.append(path.isEmpty() ? "" : ".").append(name);
            }
        }
        return path.toString();
    }

    static ProblemDetail problem(List<FieldError> errors) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid-input", "Invalid request",
                String.join("; ", errors.stream().map(FieldError::sentence).toList()));
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
