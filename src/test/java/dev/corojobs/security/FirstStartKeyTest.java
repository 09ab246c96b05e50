package dev.corojobs.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirstStartKeyTest {

    @Test
    void makesAKeyOnceKeepsOnlyItsHashAndReadsItBackLater(@TempDir Path dir) throws Exception {
        Path keyFile = dir.resolve("state/admin-key.sha256");
        List<String> announced = new ArrayList<>();

        ApiKeys.Entry first = FirstStartKey.load(keyFile, announced::add);

        assertThat(announced).singleElement().asString().startsWith(FirstStartKey.PREFIX).hasSize(47);
        String key = announced.getFirst();
        assertThat(Files.readString(keyFile).strip()).isEqualTo(HexFormat.of().formatHex(ApiKeys.sha256(key)))
                .doesNotContain(key);
        assertThat(first.name()).isEqualTo("admin");
        assertThat(first.scopes()).containsExactly(Scope.values());

        ApiKeys.Entry again = FirstStartKey.load(keyFile, announced::add);

        assertThat(announced).as("the key is shown at the first start only").hasSize(1);
        assertThat(again.sha256()).isEqualTo(first.sha256());
        assertThat(ApiKeys.of(List.of()).plus(again).find(key)).isPresent();
    }
}
