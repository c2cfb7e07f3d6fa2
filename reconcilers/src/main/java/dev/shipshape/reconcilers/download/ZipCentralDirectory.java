package dev.shipshape.reconcilers.download;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal reader of a zip's central directory. It exists because {@link java.util.zip.ZipFile}
 * does not expose an entry's external attributes, which is where a zip records that an entry is a
 * Unix symbolic link. Only what the safety checks need is read.
 */
final class ZipCentralDirectory {
    /** What to do about a file that is no zip: usually an error page or a truncated file served as the package. */
    static final String NOT_A_ZIP = "; check that spec.source.url points at the release zip (a server may have sent an"
            + " error page); nothing was installed";

    private static final int EOCD_SIGNATURE = 0x06054b50;
    private static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
    private static final int ZIP64_EOCD_SIGNATURE = 0x06064b50;
    private static final int CENTRAL_SIGNATURE = 0x02014b50;
    private static final int EOCD_MIN = 22;
    private static final int CENTRAL_FIXED = 46;
    /** 10 000 entries with long names and extras fit easily; a larger directory is itself an attack. */
    private static final long MAX_DIRECTORY_BYTES = 64L * 1024 * 1024;

    private static final int S_IFMT = 0170000;
    private static final int S_IFLNK = 0120000;

    /** One central-directory record: the name as stored and the Unix mode from the external attributes. */
    record Entry(String name, int unixMode) {
        boolean isSymlink() {
            return (unixMode & S_IFMT) == S_IFLNK;
        }
    }

    private ZipCentralDirectory() {
    }

    /**
     * Reads the names and Unix modes of all entries, refusing early when the directory claims more
     * than {@code maxEntries} entries.
     */
    static List<Entry> read(Path zip, int maxEntries, String label) throws IOException {
        try (FileChannel ch = FileChannel.open(zip, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < EOCD_MIN) {
                throw new InvalidPackageException(label + " is not a zip file (too short)" + NOT_A_ZIP);
            }
            int tailLen = (int) Math.min(size, EOCD_MIN + 0xFFFF);
            ByteBuffer tail = readFully(ch, size - tailLen, tailLen);
            int eocd = -1;
            for (int i = tailLen - EOCD_MIN; i >= 0; i--) {
                if (tail.getInt(i) == EOCD_SIGNATURE && i + EOCD_MIN + Short.toUnsignedInt(tail.getShort(i + 20)) <= tailLen) {
                    eocd = i;
                    break;
                }
            }
            if (eocd < 0) {
                throw new InvalidPackageException(label + " is not a zip file (no end of central directory)" + NOT_A_ZIP);
            }
            long count = Short.toUnsignedInt(tail.getShort(eocd + 10));
            long dirSize = Integer.toUnsignedLong(tail.getInt(eocd + 12));
            long dirOffset = Integer.toUnsignedLong(tail.getInt(eocd + 16));
            if (count == 0xFFFF || dirSize == 0xFFFFFFFFL || dirOffset == 0xFFFFFFFFL) {
                long eocdAbs = size - tailLen + eocd;
                if (eocdAbs < 20) {
                    throw new InvalidPackageException(label + " is not a valid zip file (broken zip64 directory)" + NOT_A_ZIP);
                }
                ByteBuffer locator = readFully(ch, eocdAbs - 20, 20);
                if (locator.getInt(0) != ZIP64_LOCATOR_SIGNATURE) {
                    throw new InvalidPackageException(label + " is not a valid zip file (missing zip64 locator)" + NOT_A_ZIP);
                }
                long zip64Offset = locator.getLong(8);
                if (zip64Offset < 0 || zip64Offset + 56 > size) {
                    throw new InvalidPackageException(label + " is not a valid zip file (zip64 directory out of range)" + NOT_A_ZIP);
                }
                ByteBuffer z = readFully(ch, zip64Offset, 56);
                if (z.getInt(0) != ZIP64_EOCD_SIGNATURE) {
                    throw new InvalidPackageException(label + " is not a valid zip file (broken zip64 directory)" + NOT_A_ZIP);
                }
                count = z.getLong(32);
                dirSize = z.getLong(40);
                dirOffset = z.getLong(48);
            }
            if (count < 0 || count > maxEntries) {
                throw new InvalidPackageException(label + " has " + Long.toUnsignedString(count)
                        + " entries, more than the limit of " + maxEntries + "; refusing it as a possible zip bomb; nothing was installed");
            }
            if (dirSize < 0 || dirSize > MAX_DIRECTORY_BYTES || dirOffset < 0 || dirOffset + dirSize > size) {
                throw new InvalidPackageException(label + " is not a valid zip file (central directory out of range)" + NOT_A_ZIP);
            }
            ByteBuffer dir = readFully(ch, dirOffset, (int) dirSize);
            List<Entry> entries = new ArrayList<>((int) count);
            int pos = 0;
            for (long i = 0; i < count; i++) {
                if (pos + CENTRAL_FIXED > dir.limit() || dir.getInt(pos) != CENTRAL_SIGNATURE) {
                    throw new InvalidPackageException(label + " is not a valid zip file (broken central directory)" + NOT_A_ZIP);
                }
                int nameLen = Short.toUnsignedInt(dir.getShort(pos + 28));
                int extraLen = Short.toUnsignedInt(dir.getShort(pos + 30));
                int commentLen = Short.toUnsignedInt(dir.getShort(pos + 32));
                int external = dir.getInt(pos + 38);
                int next = pos + CENTRAL_FIXED + nameLen + extraLen + commentLen;
                if (next > dir.limit()) {
                    throw new InvalidPackageException(label + " is not a valid zip file (broken central directory)" + NOT_A_ZIP);
                }
                byte[] name = new byte[nameLen];
                dir.get(pos + CENTRAL_FIXED, name);
                // The mode is in the high 16 bits whatever the "made by" host claims: refusing a
                // symlink that a non-Unix tool happened to mark is safer than installing one.
                entries.add(new Entry(new String(name, StandardCharsets.UTF_8), external >>> 16));
                pos = next;
            }
            return entries;
        }
    }

    private static ByteBuffer readFully(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buf.hasRemaining()) {
            int n = ch.read(buf, position + buf.position());
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
        }
        return buf.flip();
    }
}
