package org.openpalm.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and folders only their owner can read: created mode 0600 and 0700 in the same system call
 * that creates them (never made with the default mode and narrowed afterwards, which leaves a
 * moment in which others may open them). On a file system without POSIX permissions they get the
 * platform's default.
 */
public final class PrivateFiles {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {}

    /** Creates {@code dir} and its missing parents, each new one 0700; existing folders are left as they are. */
    public static Path createDirectories(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        if (Files.isDirectory(absolute)) return dir;
        if (absolute.getParent() != null) createDirectories(absolute.getParent());
        try {
            if (POSIX) Files.createDirectory(absolute, attribute(OWNER_DIRECTORY));
            else Files.createDirectory(absolute);
        } catch (FileAlreadyExistsException raced) {
            if (!Files.isDirectory(absolute)) throw raced;
        }
        return dir;
    }

    /** Creates {@code file} (which must not exist) mode 0600 with {@code content}; its folders 0700 when missing. */
    public static void createFile(Path file, byte[] content) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) createDirectories(parent);
        try (var channel = POSIX
                ? Files.newByteChannel(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attribute(OWNER_FILE))
                : Files.newByteChannel(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))) {
            var buffer = java.nio.ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) channel.write(buffer);
        }
    }

    /** Replaces {@code file} with {@code content} atomically: a new 0600 file beside it moved over it. */
    public static void replace(Path file, byte[] content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = POSIX ? Files.createTempFile(dir, file.getFileName().toString(), ".tmp", attribute(OWNER_FILE))
                : Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            Files.write(tmp, content);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> permissions) {
        return PosixFilePermissions.asFileAttribute(permissions);
    }
}
