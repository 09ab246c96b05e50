package dev.corojobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A malformed line comes back cut short: a secret in a file that is not a log shows at most its first 200 characters. */
class MalformedSampleTest {

    @Test
    void aLongLineIsCutAt200Characters() {
        byte[] line = ("PASSWORD=" + "s".repeat(1000)).getBytes(StandardCharsets.UTF_8);

        String sample = ParseStage.sampleText(line, 0, line.length);

        assertThat(sample).hasSize(201).startsWith("PASSWORD=sss").endsWith("…");
    }

    @Test
    void aShortLineIsKeptWhole() {
        byte[] line = "not a log line".getBytes(StandardCharsets.UTF_8);

        assertThat(ParseStage.sampleText(line, 0, line.length)).isEqualTo("not a log line");
    }
}
