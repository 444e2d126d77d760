package io.trawler.validation;

import io.trawler.job.DataUrl;
import io.trawler.job.StorageSource;
import io.trawler.job.StorageSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks storage specs: the {@code Inputs} and {@code Outputs} of a job and the modules of a wasm
 * job. A source must be one this worker can fetch, its address well-formed and allowed, and every
 * name and in-job path safe to use as a file name and a mount point.
 *
 * <p>An output's {@code StorageSource} only says where Bacalhau would have stored it (producers
 * commonly write {@code ipfs}); the publisher decides where outputs go, so an output's source is
 * checked to be a known one but not one this worker fetches.
 *
 * <p>Limitation: a localDirectory {@code SourcePath} is judged by its text, so a symbolic link
 * inside an allowed directory that points outside it passes here. The stages that mount or read the
 * path resolve links and check the real path against the same setting, and the job fails there with
 * {@code INPUT_UNAVAILABLE} instead of being rejected.
 */
final class StorageChecks {

    /** The sources this worker can fetch today. */
    static final Set<StorageSource> SUPPORTED =
            EnumSet.of(
                    StorageSource.INLINE,
                    StorageSource.URL_DOWNLOAD,
                    StorageSource.LOCAL_DIRECTORY);

    private static final int MAX_NAME_LENGTH = 255;
    private static final int MAX_PATH_LENGTH = 4096;
    private static final Set<String> URL_SCHEMES = Set.of("http", "https");

    /** What a storage spec is used for. */
    private enum Role {
        INPUT,
        OUTPUT,
        MODULE
    }

    private final StoragePolicy policy;

    StorageChecks(StoragePolicy policy) {
        this.policy = policy;
    }

    /** Checks every input and output, and that no two share an in-job path or a name. */
    void checkVolumes(List<StorageSpec> inputs, List<StorageSpec> outputs, Violations violations) {
        JsonPath spec = JsonPath.ROOT.field("Spec");
        Map<String, JsonPath> pathsInUse = new HashMap<>();
        checkList(inputs, Role.INPUT, spec.field("Inputs"), pathsInUse, violations);
        checkList(outputs, Role.OUTPUT, spec.field("Outputs"), pathsInUse, violations);
    }

    /** Checks the spec of a wasm module: an entry module or an import. */
    void checkModule(StorageSpec module, JsonPath path, Violations violations) {
        checkSpec(module, Role.MODULE, path, violations);
    }

    /** Whether {@code path} is absolute and has no empty, {@code .} or {@code ..} component. */
    static boolean isNormalizedAbsolutePath(String path) {
        if (path == null || !path.startsWith("/") || hasControlCharacter(path)) {
            return false;
        }
        if (path.equals("/")) {
            return true;
        }
        String inner =
                path.endsWith("/") ? path.substring(1, path.length() - 1) : path.substring(1);
        for (String component : inner.split("/", -1)) {
            if (component.isEmpty() || component.equals(".") || component.equals("..")) {
                return false;
            }
        }
        return true;
    }

    private void checkList(
            List<StorageSpec> specs,
            Role role,
            JsonPath listPath,
            Map<String, JsonPath> pathsInUse,
            Violations violations) {
        Map<String, JsonPath> namesInUse = new HashMap<>();
        for (int i = 0; i < specs.size(); i++) {
            JsonPath path = listPath.index(i);
            StorageSpec spec = specs.get(i);
            if (spec == null) {
                violations.add(
                        ViolationCode.MALFORMED_DOCUMENT, path, "a storage spec cannot be null");
                continue;
            }
            checkSpec(spec, role, path, violations);
            checkUnique(
                    spec.name(),
                    namesInUse,
                    ViolationCode.DUPLICATE_STORAGE_NAME,
                    path.field("Name"),
                    "Name",
                    violations);
            String inJob = spec.path() == null ? null : withoutTrailingSlash(spec.path());
            checkUnique(
                    inJob,
                    pathsInUse,
                    ViolationCode.DUPLICATE_STORAGE_PATH,
                    path.field("Path"),
                    "Path",
                    violations);
        }
    }

    private static void checkUnique(
            String value,
            Map<String, JsonPath> inUse,
            ViolationCode code,
            JsonPath path,
            String field,
            Violations violations) {
        if (value == null || value.isEmpty()) {
            return;
        }
        JsonPath earlier = inUse.putIfAbsent(value, path);
        if (earlier != null) {
            violations.add(
                    code,
                    path,
                    field + " " + Violations.quote(value) + " is already used at " + earlier);
        }
    }

    private void checkSpec(StorageSpec spec, Role role, JsonPath path, Violations violations) {
        Optional<StorageSource> source = checkSource(spec.storageSource(), role, path, violations);
        if (source.isPresent() && role != Role.OUTPUT && SUPPORTED.contains(source.get())) {
            checkAddress(source.get(), spec, path, violations);
        }
        checkName(spec.name(), role, path.field("Name"), violations);
        checkInJobPath(spec.path(), role, path.field("Path"), violations);
    }

    private Optional<StorageSource> checkSource(
            String text, Role role, JsonPath path, Violations violations) {
        JsonPath sourcePath = path.field("StorageSource");
        if (text == null || text.isBlank()) {
            if (role != Role.OUTPUT) {
                violations.add(
                        ViolationCode.UNKNOWN_STORAGE_SOURCE,
                        sourcePath,
                        "StorageSource is missing; this worker reads " + supportedNames());
            }
            return Optional.empty();
        }
        Optional<StorageSource> source = StorageSource.parse(text);
        if (source.isEmpty()) {
            violations.add(
                    ViolationCode.UNKNOWN_STORAGE_SOURCE,
                    sourcePath,
                    "unknown StorageSource "
                            + Violations.quote(text)
                            + "; this worker reads "
                            + supportedNames());
        } else if (role != Role.OUTPUT && !SUPPORTED.contains(source.get())) {
            violations.add(
                    ViolationCode.STORAGE_SOURCE_UNSUPPORTED,
                    sourcePath,
                    "StorageSource "
                            + source.get().wireName()
                            + " is not supported on this worker; it reads "
                            + supportedNames());
        }
        return source;
    }

    private void checkAddress(
            StorageSource source, StorageSpec spec, JsonPath path, Violations violations) {
        switch (source) {
            case INLINE -> checkDataUrl(spec.url(), path.field("URL"), violations);
            case URL_DOWNLOAD -> checkDownloadUrl(spec.url(), path.field("URL"), violations);
            case LOCAL_DIRECTORY -> checkLocalDirectory(spec, path, violations);
            default -> throw new IllegalStateException("no address check for " + source);
        }
    }

    private void checkDataUrl(String url, JsonPath path, Violations violations) {
        if (url == null || url.isEmpty()) {
            violations.add(
                    ViolationCode.INVALID_DATA_URL, path, "inline storage needs a data: URL");
            return;
        }
        DataUrl data;
        try {
            data = DataUrl.parse(url);
        } catch (IllegalArgumentException e) {
            violations.add(
                    ViolationCode.INVALID_DATA_URL, path, "not a data URL: " + e.getMessage());
            return;
        }
        long size = data.decodedSize();
        if (size > policy.maxInlineBytes()) {
            violations.add(
                    ViolationCode.INLINE_DATA_TOO_LARGE,
                    path,
                    "the inline content is "
                            + size
                            + " bytes; this worker takes at most "
                            + policy.maxInlineBytes());
        }
    }

    private void checkDownloadUrl(String url, JsonPath path, Violations violations) {
        if (url == null || url.isEmpty()) {
            violations.add(ViolationCode.INVALID_URL, path, "urlDownload storage needs a URL");
            return;
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            violations.add(
                    ViolationCode.INVALID_URL, path, Violations.quote(url) + " is not a URL");
            return;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!URL_SCHEMES.contains(scheme)) {
            violations.add(
                    ViolationCode.INVALID_URL,
                    path,
                    "only http and https URLs can be downloaded, got " + Violations.quote(url));
            return;
        }
        if (uri.getHost() == null) {
            violations.add(
                    ViolationCode.INVALID_URL, path, Violations.quote(url) + " has no valid host");
            return;
        }
        Hosts.Verdict host = Hosts.ofUrlHost(uri.getHost());
        if (host.kind() == Hosts.Kind.MALFORMED) {
            violations.add(
                    ViolationCode.INVALID_URL,
                    path,
                    "the host of " + Violations.quote(url) + " is invalid: " + host.reason());
        } else if (host.kind() == Hosts.Kind.LOCAL && !policy.allowPrivateUrlHosts()) {
            violations.add(
                    ViolationCode.URL_HOST_NOT_ALLOWED,
                    path,
                    "jobs may not download from "
                            + Violations.quote(uri.getHost())
                            + ": "
                            + host.reason());
        }
    }

    private void checkLocalDirectory(StorageSpec spec, JsonPath specPath, Violations violations) {
        if (spec.readWrite()) {
            violations.add(
                    ViolationCode.LOCAL_DIRECTORY_READ_WRITE,
                    specPath.field("ReadWrite"),
                    "ReadWrite cannot be true: this worker mounts local directories read-only");
        }

        JsonPath path = specPath.field("SourcePath");
        String source = spec.sourcePath();
        if (!isNormalizedAbsolutePath(source)) {
            violations.add(
                    ViolationCode.INVALID_STORAGE_PATH,
                    path,
                    "localDirectory needs a SourcePath that is absolute and normalized, got "
                            + Violations.quote(source));
        } else if (!policy.allows(withoutTrailingSlash(source))) {
            violations.add(
                    ViolationCode.LOCAL_DIRECTORY_NOT_ALLOWED,
                    path,
                    "SourcePath "
                            + Violations.quote(source)
                            + " may not be mounted on this worker; see"
                            + " trawler.validation.allowed-local-directories");
        }
    }

    private static void checkName(String name, Role role, JsonPath path, Violations violations) {
        if (name == null || name.isEmpty()) {
            if (role == Role.OUTPUT) {
                violations.add(ViolationCode.INVALID_STORAGE_NAME, path, "an output needs a Name");
            }
            return;
        }
        boolean unsafe =
                name.length() > MAX_NAME_LENGTH
                        || name.equals(".")
                        || name.equals("..")
                        || name.indexOf('/') >= 0
                        || name.indexOf('\\') >= 0
                        || hasControlCharacter(name);
        if (unsafe) {
            violations.add(
                    ViolationCode.INVALID_STORAGE_NAME,
                    path,
                    "Name "
                            + Violations.quote(name)
                            + " must be 1 to 255 characters without slashes or control characters,"
                            + " and not . or ..");
        }
    }

    private static void checkInJobPath(
            String inJob, Role role, JsonPath path, Violations violations) {
        if (inJob == null || inJob.isEmpty()) {
            if (role != Role.MODULE) {
                violations.add(
                        ViolationCode.INVALID_STORAGE_PATH,
                        path,
                        "an "
                                + role.name().toLowerCase(Locale.ROOT)
                                + " needs a Path inside the job");
            }
            return;
        }
        if (inJob.length() > MAX_PATH_LENGTH
                || inJob.equals("/")
                || !isNormalizedAbsolutePath(inJob)) {
            violations.add(
                    ViolationCode.INVALID_STORAGE_PATH,
                    path,
                    "Path "
                            + Violations.quote(inJob)
                            + " must be an absolute path other than /, without . or .. components"
                            + " or control characters");
        }
    }

    private static String withoutTrailingSlash(String path) {
        return path.length() > 1 && path.endsWith("/")
                ? path.substring(0, path.length() - 1)
                : path;
    }

    private static boolean hasControlCharacter(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }

    private static String supportedNames() {
        return SUPPORTED.stream().map(StorageSource::wireName).collect(Collectors.joining(", "));
    }
}
