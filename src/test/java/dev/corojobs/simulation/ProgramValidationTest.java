package dev.corojobs.simulation;

import static dev.corojobs.simulation.Programs.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProgramValidationTest {

    private static final String OK_TASK = "{'op': 'yield'}";

    @ParameterizedTest(name = "{1}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            {'tasks': {'t': [{'op': 'jump'}]}, 'start': ['t']}                                  | /tasks/t/0/op        | unknown op 'jump'
            {'tasks': {'t': [{'op': 'spawn', 'task': 'nope'}]}, 'start': ['t']}                 | /tasks/t/0/task      | unknown task 'nope'
            {'tasks': {'t': [OK]}, 'start': ['t', 'ghost']}                                     | /start/1             | unknown task 'ghost'
            {'tasks': {'t': [OK]}, 'start': [{'task': 'ghost', 'count': 2}]}                    | /start/0             | unknown task 'ghost'
            {'tasks': {'t': [{'op': 'print', 'text': 'x {y}'}]}, 'start': ['t']}                | /tasks/t/0/text      | undefined variable 'y'
            {'tasks': {'t': [{'op': 'print', 'text': 'x {y'}]}, 'start': ['t']}                 | /tasks/t/0/text      | is not closed
            {'tasks': {'t': [{'op': 'kill', 'tid': '{who}'}]}, 'start': ['t']}                  | /tasks/t/0/tid       | undefined variable 'who'
            {'tasks': {'t': [{'op': 'wait', 'tid': 'who'}]}, 'start': ['t']}                    | /tasks/t/0/tid       | a task id is a number or
            {'tasks': {'t': [{'op': 'wait', 'tid': -1}]}, 'start': ['t']}                       | /tasks/t/0/tid       | must be at least 1
            {'tasks': {'t': [{'op': 'repeat', 'times': -3, 'body': []}]}, 'start': ['t']}       | /tasks/t/0/times     | must be at least 0
            {'tasks': {'t': [{'op': 'sleep', 'ticks': -1}]}, 'start': ['t']}                    | /tasks/t/0/ticks     | must be at least 0
            {'tasks': {'t': [{'op': 'sleep', 'ticks': 1.5}]}, 'start': ['t']}                   | /tasks/t/0/ticks     | expected a whole number
            {'tasks': {'t': [OK]}, 'start': [{'task': 't', 'count': -1}]}                       | /start/0/count       | must be at least 0
            {'tasks': {'t': [OK]}, 'start': [{'task': 't', 'count': 2000000}]}                  | /start/0             | at most 1000000 tasks
            {'tasks': {'t': [{'op': 'repeat', 'times': 2000, 'body': [{'op': 'spawn', 'task': 'u'}]}], 'u': [{'op': 'repeat', 'times': 1000, 'body': [{'op': 'spawn', 'task': 'v'}]}], 'v': [OK]}, 'start': ['t'] } | /start | would start 2002001 tasks
            {'tasks': {'t': [OK]}, 'start': ['t'], 'maxSteps': 0}                               | /maxSteps            | must be at least 1
            {'tasks': {'t': [OK]}, 'start': ['t'], 'maxSteps': 1000000000000}                   | /maxSteps            | at most 100000000 steps
            {'tasks': {'t': [OK]}, 'start': ['t'], 'traceLimit': -1}                            | /traceLimit          | must be at least 0
            {'tasks': {'t': [OK]}, 'start': ['t'], 'traceLimit': 100001}                        | /traceLimit          | at most 100000 lines
            {'tasks': {'t': [OK]}, 'start': ['t'], 'colour': 'red'}                             | /colour              | unknown field 'colour'
            {'tasks': {'t': [{'op': 'yield', 'times': 3}]}, 'start': ['t']}                     | /tasks/t/0/times     | unknown field 'times'
            {'tasks': {}, 'start': []}                                                          | /tasks               | at least one task
            {'tasks': {'t': [OK]}, 'start': []}                                                 | /start               | start at least one task
            {'tasks': {'t': [OK]}}                                                              | /start               | 'start' is required
            {'tasks': {'t': [{'text': 'hi'}]}, 'start': ['t']}                                  | /tasks/t/0/op        | 'op' is required
            {'tasks': {'t': {'op': 'yield'}}, 'start': ['t']}                                   | /tasks/t             | expected an array
            {'tasks': {'t': [OK]}, 'start': [42]}                                               | /start/0             | a start entry is a task name
            {'tasks': {'a b': [OK]}, 'start': ['a b']}                                          | /tasks/a b           | task name 'a b'
            {'tasks': {'t': [{'op': 'getTid', 'into': '1x'}]}, 'start': ['t']}                  | /tasks/t/0/into      | variable name '1x'
            {'tasks': {'t': [{'op': 'kill', 'tid': 1, 'into': 'k'}, {'op': 'getTid', 'into': 'k'}]}, 'start': ['t']} | /tasks/t/1/into | 'k' already holds true/false
            {'tasks': {'t': [{'op': 'wait', 'tid': 1, 'into': 'k'}, {'op': 'kill', 'tid': '{k}'}]}, 'start': ['t']} | /tasks/t/1/tid | holds true/false, not a task id
            {'tasks': {'t': [{'op': 'repeat', 'times': 2, 'var': 'i', 'body': [{'op': 'repeat', 'times': 2, 'var': 'i', 'body': []}]}]}, 'start': ['t']} | /tasks/t/0/body/0/var | enclosing repeat
            {'tasks': {'t': [{'op': 'repeat', 'times': 2, 'var': 'i', 'body': [{'op': 'spawn', 'task': 't', 'into': 'i'}]}]}, 'start': ['t']} | /tasks/t/0/body/0/into | enclosing repeat
            {'tasks': {'t': [{'op': 'repeat', 'times': 2, 'var': 'i', 'body': [OK]}, {'op': 'print', 'text': '{i}'}]}, 'start': ['t']} | /tasks/t/1/text | undefined variable 'i'
            {'tasks': {'t': [{'op': 'repeat', 'times': 3000000000, 'body': [OK]}]}, 'start': ['t']} | /tasks/t/0/times  | at most 2147483647
            """)
    void badProgramsNameThePlace(String document, String pointer, String message) {
        assertThatThrownBy(() -> ProgramCompiler.compile(json(document.replace("OK", OK_TASK)), SimulationLimits.DEFAULTS))
                .isInstanceOfSatisfying(InvalidProgramException.class, e -> {
                    assertThat(e.pointer()).isEqualTo(pointer);
                    assertThat(e.detail()).contains(message);
                });
    }

    @org.junit.jupiter.api.Test
    void deepNestingIsRefused() {
        String body = "[{'op': 'yield'}]";
        for (int i = 0; i < 20; i++) {
            body = "[{'op': 'repeat', 'times': 1, 'body': " + body + "}]";
        }
        String document = "{'tasks': {'t': " + body + "}, 'start': ['t']}";
        assertThatThrownBy(() -> ProgramCompiler.compile(json(document), SimulationLimits.DEFAULTS))
                .isInstanceOfSatisfying(InvalidProgramException.class, e -> assertThat(e.detail()).contains("nest at most 16"));
    }

    @org.junit.jupiter.api.Test
    void recursiveProgramsAreLeftToTheRunTimeCap() {
        CompiledProgram program = ProgramCompiler.compile(json(
                "{'tasks': {'t': [{'op': 'spawn', 'task': 't'}]}, 'start': ['t']}"), SimulationLimits.DEFAULTS);
        assertThat(program.start()).containsExactly(new CompiledProgram.Start(0, 1));
    }

    @org.junit.jupiter.api.Test
    void pointersEscapeSlashAndTilde() {
        assertThat(ProgramParser.escape("a/b~c")).isEqualTo("a~1b~0c");
    }
}
