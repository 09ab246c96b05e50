package dev.corojobs.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The parts of the repository's {@code Dockerfile} that decide how the image starts, read from the file itself
 * so that the tests run exactly what the image runs (no Docker engine is available to build it).
 *
 * @param extractCommand the build stage's {@code RUN java -Djarmode=tools ...} command, split on blanks
 * @param layerDirectories the directories (relative to the build stage's work dir) the run stage copies into
 *                         its work dir, in Dockerfile order
 * @param entrypoint the exec-form {@code ENTRYPOINT}
 * @param exposedPorts the {@code EXPOSE} line's ports
 * @param user the {@code USER} instruction's argument
 */
record DockerfileRecipe(List<String> extractCommand, List<String> layerDirectories, List<String> entrypoint,
                        List<String> exposedPorts, String user) {

    private static final Pattern EXTRACT = Pattern.compile("(?m)^RUN (java -Djarmode=tools .*)$");
    private static final Pattern LAYER_COPY = Pattern.compile("(?m)^COPY --from=build /build/(\\S+?)/? \\./$");
    private static final Pattern ENTRYPOINT = Pattern.compile("(?m)^ENTRYPOINT (\\[.*])$");
    private static final Pattern EXPOSE = Pattern.compile("(?m)^EXPOSE (.+)$");
    private static final Pattern USER = Pattern.compile("(?m)^USER (\\S+)$");

    static DockerfileRecipe read(Path dockerfile) {
        String text;
        try {
            text = Files.readString(dockerfile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> layers = new ArrayList<>();
        Matcher copies = LAYER_COPY.matcher(text);
        while (copies.find()) {
            layers.add(copies.group(1));
        }
        List<String> entrypoint = JsonMapper.shared().readValue(single(ENTRYPOINT, text, "ENTRYPOINT"),
                new TypeReference<List<String>>() {});
        return new DockerfileRecipe(
                List.of(single(EXTRACT, text, "RUN java -Djarmode=tools").split("\\s+")),
                List.copyOf(layers),
                List.copyOf(entrypoint),
                Arrays.asList(single(EXPOSE, text, "EXPOSE").trim().split("\\s+")),
                single(USER, text, "USER"));
    }

    private static String single(Pattern pattern, String text, String what) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            throw new IllegalStateException("Dockerfile has no " + what + " line matching " + pattern);
        }
        String found = matcher.group(1);
        if (matcher.find()) {
            throw new IllegalStateException("Dockerfile has more than one " + what + " line");
        }
        return found;
    }
}
