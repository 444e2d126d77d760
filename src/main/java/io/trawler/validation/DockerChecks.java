package io.trawler.validation;

import io.trawler.job.DockerEngineSpec;
import io.trawler.job.ImageReference;
import java.util.List;

/** Checks the parameters of a docker job: image, arguments, environment, working directory. */
final class DockerChecks {

    private static final int MAX_WORKING_DIRECTORY_LENGTH = 4096;

    private final ImagePolicy images;
    private final ProcessChecks process;

    DockerChecks(ImagePolicy images, ProcessChecks process) {
        this.images = images;
        this.process = process;
    }

    void check(DockerEngineSpec docker, JsonPath params, Violations violations) {
        checkImage(docker.image(), params.field("Image"), violations);
        process.checkArguments(
                List.of(
                        new ProcessChecks.Arguments(
                                params.field("Entrypoint"), docker.entrypoint()),
                        new ProcessChecks.Arguments(
                                params.field("Parameters"), docker.parameters())),
                violations);
        process.checkEnvironmentList(
                docker.environmentVariables(), params.field("EnvironmentVariables"), violations);
        checkWorkingDirectory(
                docker.workingDirectory(), params.field("WorkingDirectory"), violations);
    }

    private void checkImage(String image, JsonPath path, Violations violations) {
        if (image == null || image.isBlank()) {
            violations.add(ViolationCode.MISSING_ENGINE_PARAM, path, "a docker job needs an Image");
            return;
        }
        ImageReference reference;
        try {
            reference = ImageReference.parse(image);
        } catch (IllegalArgumentException e) {
            violations.add(
                    ViolationCode.INVALID_IMAGE,
                    path,
                    "Image "
                            + Violations.quote(image)
                            + " is not an image reference: "
                            + e.getMessage());
            return;
        }
        if (!images.allows(reference)) {
            violations.add(
                    ViolationCode.IMAGE_NOT_ALLOWED,
                    path,
                    "images from "
                            + Violations.quote(reference.repository())
                            + " may not run on this worker; see trawler.validation.allowed-images");
        }
        if (images.requireDigest() && !reference.isPinned()) {
            violations.add(
                    ViolationCode.IMAGE_NOT_PINNED,
                    path,
                    "this worker runs images pinned by digest only: write "
                            + Violations.quote(reference.repository())
                            + " as name@sha256:…");
        }
    }

    private static void checkWorkingDirectory(
            String directory, JsonPath path, Violations violations) {
        if (directory == null || directory.isEmpty()) {
            return;
        }
        boolean valid =
                directory.startsWith("/")
                        && directory.length() <= MAX_WORKING_DIRECTORY_LENGTH
                        && directory.chars().noneMatch(Character::isISOControl);
        if (!valid) {
            violations.add(
                    ViolationCode.INVALID_WORKING_DIRECTORY,
                    path,
                    "WorkingDirectory must be an absolute path without control characters, got "
                            + Violations.quote(directory));
        }
    }
}
