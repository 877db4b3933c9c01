package dev.crawler.fetcher.warc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completes the WARC files a killed fetcher left open: each is cut after its last complete record
 * and given its final name, or deleted if it holds none. A record is one gzip member (RFC 1952), so
 * the last complete record ends where the last gzip member that inflates to its end and has its
 * whole trailer ends; whatever follows is the half-written record the kill interrupted. A file
 * still locked belongs to a live fetcher and is left alone.
 */
final class UnfinishedWarcFiles {

  private static final Logger log = LoggerFactory.getLogger(UnfinishedWarcFiles.class);

  private static final int GZIP_TRAILER = 8;
  private static final int FEXTRA = 4;
  private static final int FNAME = 8;
  private static final int FCOMMENT = 16;
  private static final int FHCRC = 2;

  private UnfinishedWarcFiles() {}

  /** Completes every unlocked {@code .open} file in the directory. */
  static void complete(Path directory) throws IOException {
    List<Path> open;
    try (Stream<Path> files = Files.list(directory)) {
      open =
          files.filter(f -> f.getFileName().toString().endsWith(WarcArchive.OPEN_SUFFIX)).toList();
    }
    for (Path file : open) {
      try (FileChannel channel =
          FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        FileLock lock = tryLock(channel);
        if (lock == null) {
          continue; // a live fetcher is writing it
        }
        long complete = completeRecordsLength(channel);
        channel.truncate(complete);
        lock.release();
        channel.close();
        if (complete == 0) {
          Files.delete(file);
          log.warn("event=warc_unfinished_deleted file={} reason=\"no complete record\"", file);
          continue;
        }
        Path done =
            file.resolveSibling(
                file.getFileName().toString().replace(WarcArchive.OPEN_SUFFIX, WarcArchive.SUFFIX));
        Files.move(file, done, StandardCopyOption.ATOMIC_MOVE);
        log.warn("event=warc_unfinished_completed file={} bytes={}", done, complete);
      }
    }
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null; // this process writes it
    }
  }

  /** The length of the file's leading run of complete gzip members. */
  static long completeRecordsLength(FileChannel channel) throws IOException {
    long size = channel.size();
    if (size == 0) {
      return 0;
    }
    MappedByteBuffer file = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
    int end = 0;
    while (end < size) {
      int memberEnd = memberEnd(file, end);
      if (memberEnd < 0) {
        break;
      }
      end = memberEnd;
    }
    return end;
  }

  /** Where the gzip member starting at {@code start} ends, or -1 if it is not complete. */
  private static int memberEnd(ByteBuffer file, int start) {
    int limit = file.limit();
    int dataStart = headerEnd(file, start);
    if (dataStart < 0) {
      return -1;
    }
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(file.slice(dataStart, limit - dataStart));
      byte[] scratch = new byte[64 * 1024];
      while (!inflater.finished()) {
        if (inflater.inflate(scratch) == 0
            && (inflater.needsInput() || inflater.needsDictionary())) {
          return -1;
        }
      }
      int end = limit - inflater.getRemaining() + GZIP_TRAILER;
      return end <= limit ? end : -1;
    } catch (DataFormatException e) {
      return -1;
    } finally {
      inflater.end();
    }
  }

  /** Where the deflate data of a gzip member starts, or -1 if its header is not whole. */
  private static int headerEnd(ByteBuffer file, int start) {
    int limit = file.limit();
    if (limit - start < 10
        || (file.get(start) & 0xFF) != 0x1F
        || (file.get(start + 1) & 0xFF) != 0x8B
        || file.get(start + 2) != 8) {
      return -1;
    }
    int flags = file.get(start + 3) & 0xFF;
    int at = start + 10;
    if ((flags & FEXTRA) != 0) {
      if (at + 2 > limit) {
        return -1;
      }
      at += 2 + ((file.get(at) & 0xFF) | (file.get(at + 1) & 0xFF) << 8);
    }
    for (int field : new int[] {FNAME, FCOMMENT}) {
      if ((flags & field) != 0) {
        while (at < limit && file.get(at) != 0) {
          at++;
        }
        at++;
      }
    }
    if ((flags & FHCRC) != 0) {
      at += 2;
    }
    return at <= limit ? at : -1;
  }
}
