package io.trawler.execution.wasm;

import io.trawler.execution.storage.StorageSettings;
import io.trawler.job.DataUrl;
import io.trawler.job.StorageSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads the bytes of a module from its storage spec: an {@code inline} {@code data:} URL (base64 or
 * percent-encoded), an http or https {@code urlDownload}, or a file of a {@code localDirectory}
 * source below one of the directories the operator allows. These are the rules validation applies
 * to modules, with the same settings: an inline module is held to the inline limit, as all inline
 * content is; a downloaded or local module to the module size cap, and a download also to a time
 * cap that covers everything from connecting to the last byte. Local paths are checked again here
 * with links resolved.
 *
 * <p>Limitation: downloads leave from the worker's own network whatever the job's network setting
 * says, and private or loopback addresses are not refused.
 */
final class ModuleLoader {

    private final long maxBytes;
    private final WasmSettings settings;
    private final StorageSettings storage;
    private final HttpClient client;

    ModuleLoader(WasmSettings settings, StorageSettings storage) {
        this.settings = settings;
        this.storage = storage;
        this.maxBytes = settings.maxModuleBytes();
        this.client =
                HttpClient.newBuilder()
                        .connectTimeout(settings.downloadTimeout())
                        .followRedirects(HttpClient.Redirect.NORMAL)
                        .build();
    }

    /**
     * The module's bytes.
     *
     * @param what names the module in messages: {@code "the entry module"}
     * @throws JobFailure with {@code INPUT_UNAVAILABLE} when the module cannot be had
     * @throws InterruptedException when the run is stopped while a download is under way
     */
    byte[] load(StorageSpec spec, String what) throws JobFailure, InterruptedException {
        if (spec == null) {
            throw JobFailure.inputUnavailable(what + " has no storage spec");
        }
        String source = spec.storageSource() == null ? "" : spec.storageSource().trim();
        return switch (source.toLowerCase(Locale.ROOT)) {
            case "inline" -> decodeInline(required(spec.url(), what, "URL"), what);
            case "urldownload" -> download(required(spec.url(), what, "URL"), what);
            case "localdirectory" ->
                    readLocal(required(spec.sourcePath(), what, "SourcePath"), what);
            default ->
                    throw JobFailure.inputUnavailable(
                            what
                                    + " comes from storage source '"
                                    + source
                                    + "', which this worker cannot load modules from; use"
                                    + " inline, urlDownload or localDirectory");
        };
    }

    private static String required(String value, String what, String field) throws JobFailure {
        if (value == null || value.isBlank()) {
            throw JobFailure.inputUnavailable(what + " has no " + field);
        }
        return value.trim();
    }

    private byte[] decodeInline(String url, String what) throws JobFailure {
        DataUrl data;
        try {
            data = DataUrl.parse(url);
        } catch (IllegalArgumentException e) {
            throw JobFailure.inputUnavailable(
                    what + " is inline but its URL is not a valid data: URL: " + e.getMessage(), e);
        }
        long size = data.decodedSize();
        if (size > storage.maxInlineBytes()) {
            throw JobFailure.inputUnavailable(
                    what
                            + " is "
                            + size
                            + " bytes, more than the inline limit of "
                            + storage.maxInlineBytes());
        }
        return data.decode();
    }

    private void checkSize(long size, String what) throws JobFailure {
        if (size > maxBytes) {
            throw JobFailure.inputUnavailable(
                    what + " is " + size + " bytes, more than the limit of " + maxBytes);
        }
    }

    private byte[] download(String url, String what) throws JobFailure, InterruptedException {
        URI uri = httpUri(url, what);
        HttpRequest request =
                HttpRequest.newBuilder(uri).timeout(settings.downloadTimeout()).GET().build();
        CompletableFuture<HttpResponse<byte[]>> response =
                client.sendAsync(request, info -> new CappedBody(info, maxBytes));
        try {
            HttpResponse<byte[]> done =
                    response.get(settings.downloadTimeout().toMillis(), TimeUnit.MILLISECONDS);
            if (done.statusCode() / 100 != 2) {
                throw JobFailure.inputUnavailable(
                        "downloading "
                                + what
                                + " from "
                                + uri
                                + " answered HTTP "
                                + done.statusCode());
            }
            return done.body();
        } catch (TimeoutException e) {
            throw JobFailure.inputUnavailable(
                    "downloading "
                            + what
                            + " from "
                            + uri
                            + " took longer than "
                            + settings.downloadTimeout().toSeconds()
                            + "s",
                    e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String why = cause instanceof TooLarge ? cause.getMessage() : String.valueOf(cause);
            throw JobFailure.inputUnavailable(
                    "downloading " + what + " from " + uri + " failed: " + why, cause);
        } finally {
            response.cancel(true);
        }
    }

    private static URI httpUri(String url, String what) throws JobFailure {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw JobFailure.inputUnavailable(what + " has an invalid URL: " + url, e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!List.of("http", "https").contains(scheme) || uri.getHost() == null) {
            throw JobFailure.inputUnavailable(
                    what + " must be downloaded over http or https, not from " + url);
        }
        return uri;
    }

    private byte[] readLocal(String sourcePath, String what) throws JobFailure {
        Path real;
        try {
            real = Path.of(sourcePath).toRealPath();
        } catch (NoSuchFileException e) {
            throw JobFailure.inputUnavailable(what + " does not exist: " + sourcePath, e);
        } catch (IOException | RuntimeException e) {
            throw JobFailure.inputUnavailable(what + " cannot be read: " + sourcePath, e);
        }
        if (storage.realLocalDirectories().stream().noneMatch(real::startsWith)) {
            throw JobFailure.inputUnavailable(
                    what
                            + " at "
                            + sourcePath
                            + " is not below a directory that"
                            + " trawler.validation.allowed-local-directories allows");
        }
        if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            throw JobFailure.inputUnavailable(what + " is not a regular file: " + sourcePath);
        }
        try (InputStream in = Files.newInputStream(real)) {
            byte[] bytes = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
            checkSize(bytes.length, what);
            return bytes;
        } catch (IOException e) {
            throw JobFailure.inputUnavailable(what + " cannot be read: " + sourcePath, e);
        }
    }

    /** The reason a download was cut short. */
    private static final class TooLarge extends IOException {

        TooLarge(long maxBytes) {
            super("the module is larger than the limit of " + maxBytes + " bytes");
        }
    }

    /**
     * Collects a response body, refusing it as soon as it is known to be over the cap: from its
     * Content-Length before the first byte, else as bytes arrive.
     */
    private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {

        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final long maxBytes;
        private final OptionalLong declaredLength;
        private Flow.Subscription subscription;

        CappedBody(HttpResponse.ResponseInfo info, long maxBytes) {
            this.maxBytes = maxBytes;
            this.declaredLength = info.headers().firstValueAsLong("Content-Length");
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription given) {
            subscription = given;
            if (declaredLength.isPresent() && declaredLength.getAsLong() > maxBytes) {
                given.cancel();
                body.completeExceptionally(new TooLarge(maxBytes));
                return;
            }
            given.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                if (bytes.size() + (long) buffer.remaining() > maxBytes) {
                    subscription.cancel();
                    body.completeExceptionally(new TooLarge(maxBytes));
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.writeBytes(chunk);
            }
        }

        @Override
        public void onError(Throwable error) {
            body.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            body.complete(bytes.toByteArray());
        }
    }
}
