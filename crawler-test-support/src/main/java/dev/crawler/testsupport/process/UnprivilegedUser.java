package dev.crawler.testsupport.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.List;

/**
 * The user {@code nobody}, which servers that refuse root (Elasticsearch) run as when the tests run
 * as root, as they do on our CI machines.
 */
public final class UnprivilegedUser {

  static final String USER = "nobody";

  private UnprivilegedUser() {}

  /** Whether this JVM runs as root. */
  public static boolean isRoot() {
    return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
  }

  /** The group of {@code nobody}: {@code nogroup} on Debian, {@code nobody} on Red Hat. */
  static String group() {
    try {
      boolean nogroup =
          Files.readAllLines(Path.of("/etc/group")).stream()
              .anyMatch(line -> line.startsWith("nogroup:"));
      return nogroup ? "nogroup" : USER;
    } catch (IOException e) {
      return USER;
    }
  }

  static List<String> setprivArguments() {
    return List.of("--reuid=" + USER, "--regid=" + group(), "--clear-groups");
  }

  /**
   * Gives a directory tree to {@code nobody} when this JVM is root, so an unprivileged child can
   * write there; does nothing otherwise.
   */
  public static void handOver(Path directory) {
    if (!isRoot()) {
      return;
    }
    try {
      UserPrincipalLookupService lookup = directory.getFileSystem().getUserPrincipalLookupService();
      UserPrincipal user = lookup.lookupPrincipalByName(USER);
      GroupPrincipal group = lookup.lookupPrincipalByGroupName(group());
      Files.walkFileTree(
          directory,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
                throws IOException {
              chown(dir);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              chown(file);
              return FileVisitResult.CONTINUE;
            }

            private void chown(Path path) throws IOException {
              PosixFileAttributeView view =
                  Files.getFileAttributeView(path, PosixFileAttributeView.class);
              view.setOwner(user);
              view.setGroup(group);
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot hand " + directory + " over to " + USER, e);
    }
  }
}
