package io.trawler.execution.storage;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * File-tree operations on directories that a job wrote to. None of them follows a symbolic link: a
 * job can leave links to anywhere on the host, and they are measured, moved and deleted as links.
 */
final class DirectoryTree {

    private DirectoryTree() {}

    /** How much a tree holds: the bytes and the number of its regular files. */
    record Size(long bytes, int files) {}

    static Size measure(Path root) throws IOException {
        long[] bytes = {0};
        int[] files = {0};
        Files.walkFileTree(
                root,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                        if (attributes.isRegularFile()) {
                            bytes[0] += attributes.size();
                            files[0]++;
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
        return new Size(bytes[0], files[0]);
    }

    /**
     * Moves a tree to {@code target}, whose parent must exist: a rename where both are on one file
     * system, else a copy followed by deleting the source.
     */
    static void move(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.AtomicMoveNotSupportedException acrossFileSystems) {
            copy(source, target);
            delete(source);
        }
    }

    private static void copy(Path source, Path target) throws IOException {
        Files.walkFileTree(
                source,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(
                            Path dir, BasicFileAttributes attributes) throws IOException {
                        Files.createDirectory(target.resolve(source.relativize(dir)));
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
                            throws IOException {
                        Files.copy(
                                file,
                                target.resolve(source.relativize(file)),
                                LinkOption.NOFOLLOW_LINKS,
                                StandardCopyOption.COPY_ATTRIBUTES);
                        return FileVisitResult.CONTINUE;
                    }
                });
    }

    /** Deletes a tree; a path that does not exist is already deleted. */
    static void delete(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(
                root,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
                            throws IOException {
                        Files.delete(file);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path dir, IOException failure)
                            throws IOException {
                        if (failure != null) {
                            throw failure;
                        }
                        Files.delete(dir);
                        return FileVisitResult.CONTINUE;
                    }
                });
    }
}
