package io.trawler.validation;

/**
 * The JSON path of a value in a job document, as violations report it: {@code
 * $.Spec.Inputs[2].Path}. Names that are not plain identifiers are written in brackets, shortened
 * and with control characters replaced, so that a path is always safe to show.
 */
public record JsonPath(String text) {

    /** The document itself. */
    public static final JsonPath ROOT = new JsonPath("$");

    private static final int MAX_SHOWN_NAME = 64;

    /** The path of the field {@code name} of the object at this path. */
    public JsonPath field(String name) {
        if (isPlain(name)) {
            return new JsonPath(text + "." + name);
        }
        String escaped =
                Violations.shown(name, MAX_SHOWN_NAME).replace("\\", "\\\\").replace("'", "\\'");
        return new JsonPath(text + "['" + escaped + "']");
    }

    /**
     * Whether {@code name} is an identifier of at most 64 characters: {@code
     * [A-Za-z_][A-Za-z0-9_]*}.
     */
    private static boolean isPlain(String name) {
        if (name.isEmpty() || name.length() > MAX_SHOWN_NAME) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
            if (!letter && !(i > 0 && c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
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
