package io.trawler.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Keeps the README's settings reference true to the configuration mapping. */
class SettingsReferenceTest {

    @Test
    void theReadmeNamesEveryTrawlerSetting() throws IOException {
        String readme = Files.readString(Path.of("README.md"));

        List<String> settings = settings("trawler", TrawlerConfig.class);

        assertThat(settings).isNotEmpty();
        // The whole name: a setting must not pass on a longer one that starts with it. Map
        // settings are written with a placeholder key, `trawler.worker.labels.<key>`.
        assertThat(settings)
                .allSatisfy(
                        name ->
                                assertThat(readme)
                                        .containsPattern("`" + Pattern.quote(name) + "(`|\\.<)"));
    }

    /** Every leaf setting of a mapping interface, as its property name. */
    private static List<String> settings(String prefix, Class<?> mapping) {
        List<String> names = new ArrayList<>();
        for (Method method : mapping.getDeclaredMethods()) {
            if (Modifier.isStatic(method.getModifiers()) || method.isDefault()) {
                continue;
            }
            String name = prefix + "." + kebab(method.getName());
            Class<?> type = method.getReturnType();
            if (type.isInterface()
                    && type.getEnclosingClass() != null
                    && type.getName().startsWith("io.trawler.")) {
                names.addAll(settings(name, type));
            } else {
                names.add(name);
            }
        }
        return names;
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
