package io.trawler.execution.storage;

import java.util.regex.Pattern;

/** Checks the paths and names that storage specs give for inputs and outputs. */
final class JobPaths {

    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$");

    private JobPaths() {}

    /**
     * Whether a path is absolute and normal ({@code /inputs/data}): no {@code .} or {@code ..}
     * segments, no empty segments, no control characters, and not the root itself.
     */
    static boolean isValidJobPath(String path) {
        if (path == null || path.length() < 2 || path.length() > 4096 || !path.startsWith("/")) {
            return false;
        }
        if (path.chars().anyMatch(Character::isISOControl)) {
            return false;
        }
        for (String segment : path.substring(1).split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    /** Whether a name is safe as one directory name on any host. */
    static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches() && !name.equals("..");
    }

    /** The last segment of a valid job path. */
    static String lastSegment(String jobPath) {
        return jobPath.substring(jobPath.lastIndexOf('/') + 1);
    }
}
