package io.trawler.validation;

import java.util.regex.Pattern;

/**
 * The JSON path of a value in a job document, as violations report it: {@code
 * $.Spec.Inputs[2].Path}. Names that are not plain identifiers are written in brackets, shortened
 * and with control characters replaced, so that a path is always safe to show.
 */
public record JsonPath(String text) {

    /** The document itself. */
    public static final JsonPath ROOT = new JsonPath("$");

    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    private static final int MAX_SHOWN_NAME = 64;

    /** The path of the field {@code name} of the object at this path. */
    public JsonPath field(String name) {
        if (PLAIN_NAME.matcher(name).matches()) {
            return new JsonPath(text + "." + name);
        }
        String escaped =
                Violations.shown(name, MAX_SHOWN_NAME).replace("\\", "\\\\").replace("'", "\\'");
        return new JsonPath(text + "['" + escaped + "']");
    }

    /** The path of element {@code index} of the array at this path. */
    public JsonPath index(int index) {
        return new JsonPath(text + "[" + index + "]");
    }

    @Override
    public String toString() {
        return text;
    }
}
