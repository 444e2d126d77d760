package io.trawler.execution.storage;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches a {@code urlDownload} input over http or https into a file, within a size cap and a time
 * cap that covers everything from connecting to the last byte.
 *
 * <p>Limitation: the worker fetches the URL from its own network, whatever the job's network
 * setting, and does not refuse private or loopback addresses. Operators who cannot accept that turn
 * {@code trawler.execution.inputs.url-download-enabled} off.
 */
final class UrlDownload {

    private final HttpClient client;
    private final long maxBytes;
    private final Duration timeout;

    UrlDownload(long maxBytes, Duration timeout) {
        this.maxBytes = maxBytes;
        this.timeout = timeout;
        this.client =
                HttpClient.newBuilder()
                        .connectTimeout(timeout)
                        .followRedirects(HttpClient.Redirect.NORMAL)
                        .build();
    }

    /** The URL the spec names, when it is an absolute http or https URL. */
    static URI parse(String url) throws StorageException {
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw StorageException.input("the URL " + url + " is not a valid URL", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!List.of("http", "https").contains(scheme) || uri.getHost() == null) {
            throw StorageException.input(
                    "urlDownload only fetches http and https URLs, not " + url);
        }
        return uri;
    }

    /** The file name a download is stored under: the URL's last path segment. */
    static String fileName(URI uri) {
        String path = uri.getPath() == null ? "" : uri.getPath();
        String last = path.substring(path.lastIndexOf('/') + 1);
        String safe = last.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.isEmpty() || safe.equals(".") || safe.equals("..") ? "download" : safe;
    }

    /** Downloads {@code uri} into {@code file}, which must not exist yet. */
    void fetch(URI uri, Path file) throws StorageException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        CompletableFuture<HttpResponse<Long>> response =
                client.sendAsync(request, info -> subscriberFor(info, file));
        try {
            HttpResponse<Long> done = response.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (done.statusCode() / 100 != 2) {
                throw StorageException.input(
                        "downloading " + uri + " answered HTTP " + done.statusCode());
            }
        } catch (TimeoutException e) {
            response.cancel(true);
            throw StorageException.input(
                    "downloading " + uri + " took longer than " + timeout.toSeconds() + "s", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof StorageException refused) {
                throw refused;
            }
            throw StorageException.input("downloading " + uri + " failed: " + cause, cause);
        } catch (InterruptedException e) {
            response.cancel(true);
            Thread.currentThread().interrupt();
            throw StorageException.input("downloading " + uri + " was interrupted", e);
        }
    }

    private HttpResponse.BodySubscriber<Long> subscriberFor(
            HttpResponse.ResponseInfo info, Path file) {
        if (info.statusCode() / 100 != 2) {
            return HttpResponse.BodySubscribers.replacing(0L);
        }
        long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (declared > maxBytes) {
            return refusing(declared);
        }
        return new CappedFileSubscriber(file, maxBytes);
    }

    private HttpResponse.BodySubscriber<Long> refusing(long declared) {
        StorageException tooLarge = tooLarge(declared);
        return new HttpResponse.BodySubscriber<>() {
            @Override
            public CompletionStage<Long> getBody() {
                return CompletableFuture.failedFuture(tooLarge);
            }

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.cancel();
            }

            @Override
            public void onNext(List<ByteBuffer> item) {}

            @Override
            public void onError(Throwable throwable) {}

            @Override
            public void onComplete() {}
        };
    }

    private StorageException tooLarge(long size) {
        return StorageException.input(
                "the download is "
                        + (size < 0 ? "larger than " + maxBytes : size)
                        + " bytes; this worker accepts at most "
                        + maxBytes);
    }

    /** Writes the body to a file and cancels the exchange as soon as it passes the cap. */
    private final class CappedFileSubscriber implements HttpResponse.BodySubscriber<Long> {

        private final Path file;
        private final long cap;
        private final CompletableFuture<Long> body = new CompletableFuture<>();
        private FileChannel channel;
        private Flow.Subscription subscription;
        private long written;

        CappedFileSubscriber(Path file, long cap) {
            this.file = file;
            this.cap = cap;
        }

        @Override
        public CompletionStage<Long> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription given) {
            subscription = given;
            try {
                channel =
                        FileChannel.open(
                                file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (IOException e) {
                fail(e);
                return;
            }
            subscription.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            try {
                for (ByteBuffer buffer : buffers) {
                    written += buffer.remaining();
                    if (written > cap) {
                        fail(tooLarge(-1));
                        return;
                    }
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                }
            } catch (IOException e) {
                fail(e);
                return;
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable throwable) {
            closeChannel();
            body.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            closeChannel();
            body.complete(written);
        }

        private void fail(Throwable cause) {
            subscription.cancel();
            closeChannel();
            body.completeExceptionally(cause);
        }

        private void closeChannel() {
            if (channel == null) {
                return;
            }
            try {
                channel.close();
            } catch (IOException e) {
                // The body already failed or completed; a close error adds nothing to either.
            }
        }
    }
}
